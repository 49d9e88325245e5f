"""Crawl bookkeeping: runs with per-outlet counts, bad pages, and feed/sitemap fetch state."""

from __future__ import annotations

import os
import socket
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from store.coltypes import utcnow
from store.models import OUTLET_RUN_STATUSES, RUN_STATUSES, BadPage, CrawlOutletStats, CrawlRun
from store.models import FetchState as FetchStateRow
from store.registry import outlet_id

COUNT_FIELDS = (
    "discovered",
    "fetched",
    "new",
    "updated",
    "unchanged",
    "skipped_known",
    "failed",
    "bad_pages",
    "feeds_empty",
)


def start_run(
    session: Session,
    since: date | None = None,
    until: date | None = None,
    options: dict[str, Any] | None = None,
) -> int:
    """Record a crawl run as ``running`` (with this process's pid and host); returns its id."""
    run = CrawlRun(
        since=since,
        until=until,
        options=dict(options or {}),
        status="running",
        pid=os.getpid(),
        host=socket.gethostname(),
    )
    session.add(run)
    session.flush()
    return run.id


def record_outlet_stats(
    session: Session,
    run_id: int,
    outlet_key: str,
    counts: dict[str, int],
    status: str = "ok",
    message: str | None = None,
) -> CrawlOutletStats:
    """Set (not add to) an outlet's counts for the run; unknown count names are an error."""
    unknown = sorted(set(counts) - set(COUNT_FIELDS))
    if unknown:
        raise ValueError(f"unknown count(s) {unknown}; known: {', '.join(COUNT_FIELDS)}")
    if status not in OUTLET_RUN_STATUSES:
        raise ValueError(f"outlet status must be one of {OUTLET_RUN_STATUSES}, got {status!r}")
    key = (run_id, outlet_id(session, outlet_key))
    stats = session.get(CrawlOutletStats, key)
    if stats is None:
        stats = CrawlOutletStats(run_id=key[0], outlet_id=key[1])
        session.add(stats)
    for name in COUNT_FIELDS:
        setattr(stats, name, int(counts.get(name, 0)))
    stats.status, stats.message = status, message
    session.flush()
    return stats


def finish_run(session: Session, run_id: int, status: str | None = None) -> CrawlRun:
    """Close the run. ``status`` None derives it from the outlets: all ok -> ok, all failed
    (or none recorded) -> failed, a mix -> partial."""
    run = session.get_one(CrawlRun, run_id)
    if status is None:
        statuses = {s.status for s in run.outlet_stats}
        status = "ok" if statuses == {"ok"} else "partial" if "ok" in statuses else "failed"
    if status not in RUN_STATUSES or status == "running":
        raise ValueError(f"a finished run's status is ok, failed or partial, not {status!r}")
    run.status, run.finished_at = status, utcnow()
    session.flush()
    return run


def last_runs(session: Session, n: int = 10) -> list[CrawlRun]:
    """The ``n`` most recent runs, newest first, with ``outlet_stats`` (and outlets) loaded."""
    query = (
        select(CrawlRun)
        .options(selectinload(CrawlRun.outlet_stats))
        .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
        .limit(n)
    )
    return list(session.scalars(query))


def record_bad_page(
    session: Session,
    url: str,
    reason: str,
    *,
    run_id: int | None = None,
    outlet_key: str | None = None,
    http_status: int | None = None,
    at: datetime | None = None,
) -> BadPage:
    """Remember a page that could not be used (``reason`` is a short fixed label)."""
    page = BadPage(
        run_id=run_id,
        outlet_id=outlet_id(session, outlet_key) if outlet_key else None,
        url=url,
        reason=reason,
        http_status=http_status,
        at=at or utcnow(),
    )
    session.add(page)
    session.flush()
    return page


def get_fetch_state(session: Session, url: str) -> FetchStateRow | None:
    return session.scalars(select(FetchStateRow).where(FetchStateRow.url == url)).one_or_none()


def update_fetch_state(
    session: Session,
    url: str,
    outlet_key: str | None,
    kind: str,
    etag: str | None,
    last_modified: str | None,
    status: int | None,
    items: int | None,
    *,
    at: datetime | None = None,
) -> FetchStateRow:
    """Record a fetch of a feed/sitemap/robots URL.

    ``items`` is how many entries it yielded: 0 adds one to ``empty_runs``, more resets it,
    None (not parsed, e.g. 304 Not Modified or an error) leaves it. On 304 the stored
    validators are kept unless new ones are given.
    """
    state = get_fetch_state(session, url)
    if state is None:
        state = FetchStateRow(url=url, empty_runs=0)
        session.add(state)
    state.kind = kind
    if outlet_key is not None:
        state.outlet_id = outlet_id(session, outlet_key)
    if status == 304:
        state.etag = etag or state.etag
        state.last_modified = last_modified or state.last_modified
    else:
        state.etag, state.last_modified = etag, last_modified
    state.last_status = status
    state.last_fetched = at or utcnow()
    if items is not None:
        state.items_last = items
        state.empty_runs = (state.empty_runs or 0) + 1 if items == 0 else 0
    session.flush()
    return state
