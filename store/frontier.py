"""The crawl frontier: what a run scheduled and has not finished, so the next run resumes it.

A source (feed, sitemap) adds the article pages and child sitemaps it schedules in the same
transaction that stores its validators; an article leaves the frontier in the transaction that
stores it (or records it as bad, or as outside the window). Whatever a killed run left here is
requested first by the next run, whatever its feeds answer (304 included).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from store.models import FrontierEntry, Outlet
from store.registry import outlet_id

# A page that failed for a passing reason (HTTP 5xx, a reset) is tried again by this many runs.
MAX_ATTEMPTS = 3
# Frontier entries written per statement (and URLs per ``IN``): well under SQLite's limit of
# host parameters, and what bounds the memory a big sitemap takes.
CHUNK = 500


@dataclass(frozen=True)
class Pending:
    """One frontier entry as the spider sees it."""

    kind: str  # article | sitemap
    url: str
    lastmod: datetime | None = None
    published: datetime | None = None
    source: str | None = None
    window_since: datetime | None = None
    window_until: datetime | None = None
    depth: int = 0
    attempts: int = 0


def add_pending(
    session: Session, outlet_key: str, entries: Iterable[Pending], run_id: int | None = None
) -> int:
    """Add entries not yet in the outlet's frontier (an entry already there keeps its
    attempts; its lastmod moves forward). Returns how many were added.

    A sitemap schedules thousands of pages at once: they go in chunks of ``CHUNK`` with bulk
    statements, so the memory this takes does not grow with the sitemap."""
    entries = list(entries)
    if not entries:
        return 0
    oid = outlet_id(session, outlet_key)
    added = 0
    for start in range(0, len(entries), CHUNK):
        chunk = entries[start : start + CHUNK]
        known: dict[tuple[str, str], tuple[int | None, datetime | None]] = {
            (kind, url): (id_, lastmod)
            for id_, kind, url, lastmod in session.execute(
                select(
                    FrontierEntry.id, FrontierEntry.kind, FrontierEntry.url, FrontierEntry.lastmod
                ).where(
                    FrontierEntry.outlet_id == oid,
                    FrontierEntry.url.in_({e.url for e in chunk}),
                )
            )
        }
        rows: list[dict[str, object]] = []
        moved: dict[int, datetime] = {}
        for e in chunk:
            key = (e.kind, e.url)
            if key in known:
                id_, lastmod = known[key]
                if e.lastmod is not None and (lastmod is None or e.lastmod > lastmod):
                    known[key] = (id_, e.lastmod)
                    if id_ is not None:
                        moved[id_] = e.lastmod
                    else:  # added earlier in this chunk
                        next(r for r in rows if (r["kind"], r["url"]) == key)["lastmod"] = e.lastmod
                continue
            known[key] = (None, e.lastmod)
            rows.append(
                {
                    "outlet_id": oid,
                    "kind": e.kind,
                    "url": e.url,
                    "lastmod": e.lastmod,
                    "published": e.published,
                    "source": e.source,
                    "window_since": e.window_since,
                    "window_until": e.window_until,
                    "depth": e.depth,
                    "attempts": 0,
                    "run_id": run_id,
                }
            )
        if rows:
            session.execute(insert(FrontierEntry), rows)
        if moved:
            session.execute(
                update(FrontierEntry), [{"id": i, "lastmod": lm} for i, lm in moved.items()]
            )
        added += len(rows)
    return added


def finish_pending(session: Session, outlet_key: str, kind: str, url: str) -> None:
    """The entry is done (stored, recorded as bad for good, parsed): drop it."""
    session.execute(
        delete(FrontierEntry).where(
            FrontierEntry.outlet_id == outlet_id(session, outlet_key),
            FrontierEntry.kind == kind,
            FrontierEntry.url == url,
        )
    )


def retry_pending(
    session: Session,
    outlet_key: str,
    kind: str,
    url: str,
    error: str,
    max_attempts: int = MAX_ATTEMPTS,
) -> bool:
    """A passing failure: count the attempt and keep the entry for the next run, or drop it
    after ``max_attempts``. Returns True when it is kept."""
    row = session.scalars(
        select(FrontierEntry).where(
            FrontierEntry.outlet_id == outlet_id(session, outlet_key),
            FrontierEntry.kind == kind,
            FrontierEntry.url == url,
        )
    ).one_or_none()
    if row is None:
        return False
    row.attempts = (row.attempts or 0) + 1
    row.last_error = error[:500]
    if row.attempts >= max_attempts:
        session.delete(row)
        session.flush()
        return False
    session.flush()
    return True


def pending(session: Session, outlet_key: str) -> list[Pending]:
    """Every unfinished entry of an outlet, sitemaps first, oldest first."""
    rows = session.scalars(
        select(FrontierEntry)
        .join(Outlet, FrontierEntry.outlet_id == Outlet.id)
        .where(Outlet.key == outlet_key)
        .order_by(FrontierEntry.kind.desc(), FrontierEntry.id)
    )
    return [
        Pending(
            kind=r.kind,
            url=r.url,
            lastmod=r.lastmod,
            published=r.published,
            source=r.source,
            window_since=r.window_since,
            window_until=r.window_until,
            depth=r.depth or 0,
            attempts=r.attempts or 0,
        )
        for r in rows
    ]
