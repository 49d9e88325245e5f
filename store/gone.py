"""Gone pages: article pages that answered 404 or 410, remembered so that a crawl does not fetch
them on every run (sitemaps go on listing deleted stories for months).

A gone page is checked again with back-off: 1 day after the first answer, then 7 days after the
second, then every 30 days. A page that answers 200 again is forgotten (and stored as any
article). Every function takes ``at`` (default: now), so tests move the clock instead of waiting.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from store.coltypes import utcnow
from store.models import GonePage, Outlet
from store.registry import outlet_id

# HTTP answers that make an article page gone.
GONE_STATUSES = (404, 410)
# The wait before the next check, after the 1st, 2nd, 3rd (and every later) gone answer.
BACKOFF = (timedelta(days=1), timedelta(days=7), timedelta(days=30))


def next_check_after(checks: int, at: datetime) -> datetime:
    """When a page found gone ``checks`` times in a row, the last at ``at``, is due again."""
    return at + BACKOFF[min(max(checks, 1), len(BACKOFF)) - 1]


def record_gone(
    session: Session, outlet_key: str, url: str, http_status: int, *, at: datetime | None = None
) -> GonePage:
    """Record a 404/410 answer of ``url``: a new row (``checks`` 1), or one more check of a page
    already known gone; either way the next check is scheduled by ``BACKOFF``. A returned row
    with ``checks`` > 1 is a re-check, not a new failure."""
    if http_status not in GONE_STATUSES:
        raise ValueError(f"a gone page answered {GONE_STATUSES}, not {http_status}")
    now = at or utcnow()
    oid = outlet_id(session, outlet_key)
    row = session.scalars(
        select(GonePage).where(GonePage.outlet_id == oid, GonePage.url == url)
    ).one_or_none()
    if row is None:
        row = GonePage(outlet_id=oid, url=url, first_gone=now, checks=0)
        session.add(row)
    row.checks = (row.checks or 0) + 1
    row.http_status, row.last_checked = http_status, now
    row.next_check = next_check_after(row.checks, now)
    session.flush()
    return row


def not_due(session: Session, outlet_key: str, *, at: datetime | None = None) -> set[str]:
    """The URLs of the outlet's gone pages whose next check is still to come: not to fetch."""
    rows = session.scalars(
        select(GonePage.url)
        .join(Outlet, GonePage.outlet_id == Outlet.id)
        .where(Outlet.key == outlet_key, GonePage.next_check > (at or utcnow()))
    )
    return set(rows)


def forget_gone(session: Session, outlet_key: str, url: str) -> None:
    """The page answered 200 again: it is no longer gone (a no-op for a page never gone)."""
    outlet = select(Outlet.id).where(Outlet.key == outlet_key).scalar_subquery()
    session.execute(delete(GonePage).where(GonePage.outlet_id == outlet, GonePage.url == url))


def gone_pages(session: Session, outlet_key: str) -> list[GonePage]:
    """Every gone page of an outlet, the next due first."""
    return list(
        session.scalars(
            select(GonePage)
            .join(Outlet, GonePage.outlet_id == Outlet.id)
            .where(Outlet.key == outlet_key)
            .order_by(GonePage.next_check, GonePage.url)
        )
    )
