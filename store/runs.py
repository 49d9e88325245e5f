"""Crawl bookkeeping: runs with per-outlet counts, bad pages, and feed/sitemap fetch state."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from store.coltypes import utcnow
from store.models import (
    COUNT_FIELDS,
    HEALTH_STATES,
    OUTLET_RUN_STATUSES,
    RUN_STATUSES,
    BadPage,
    CrawlOutletStats,
    CrawlRun,
    Outlet,
)
from store.models import FetchState as FetchStateRow
from store.registry import outlet_id


def start_run(
    session: Session,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    options: dict[str, Any] | None = None,
    *,
    pid: int | None = None,
    host: str | None = None,
) -> int:
    """Record a crawl run as ``running``; returns its id.

    ``since``/``until`` are stored as dates (an aware datetime is taken as its UTC date);
    ``pid``/``host`` default to this process.
    """
    run = CrawlRun(
        since=_utc_date(since),
        until=_utc_date(until),
        options=dict(options or {}),
        status="running",
        pid=os.getpid() if pid is None else pid,
        host=socket.gethostname() if host is None else host,
    )
    session.add(run)
    session.flush()
    return run.id


def _utc_date(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo else value).date()
    return value


def record_outlet_stats(
    session: Session,
    run_id: int,
    outlet_key: str,
    counts: dict[str, int],
    status: str = "ok",
    message: str | None = None,
    health: str | None = None,
) -> CrawlOutletStats:
    """Set (not add to) an outlet's counts for the run; unknown count names are an error.
    ``health``: the run's extraction health (``HEALTH_STATES``; None: not judged at all)."""
    unknown = sorted(set(counts) - set(COUNT_FIELDS))
    if unknown:
        raise ValueError(f"unknown count(s) {unknown}; known: {', '.join(COUNT_FIELDS)}")
    if status not in OUTLET_RUN_STATUSES:
        raise ValueError(f"outlet status must be one of {OUTLET_RUN_STATUSES}, got {status!r}")
    if health is not None and health not in HEALTH_STATES:
        raise ValueError(f"health must be one of {HEALTH_STATES}, got {health!r}")
    key = (run_id, outlet_id(session, outlet_key))
    stats = session.get(CrawlOutletStats, key)
    if stats is None:
        stats = CrawlOutletStats(run_id=key[0], outlet_id=key[1])
        session.add(stats)
    for name in COUNT_FIELDS:
        setattr(stats, name, int(counts.get(name, 0)))
    stats.status, stats.message, stats.health = status, message, health
    session.flush()
    return stats


@dataclass(frozen=True)
class OutletRun:
    """One outlet's part of one run: when, how it ended, its counts and its health."""

    run_id: int
    started_at: datetime
    run_status: str
    status: str
    message: str | None
    health: str | None
    counts: dict[str, int]


def outlet_runs(
    session: Session,
    outlet_key: str,
    *,
    before_run: int | None = None,
    health: tuple[str, ...] | None = None,
    with_pages: bool = False,
    limit: int = 10,
) -> list[OutletRun]:
    """An outlet's most recent runs, newest first: those before run ``before_run`` (by id),
    whose health is one of ``health`` (None: any, NULL included), that analysed a page
    (``with_pages``), at most ``limit``."""
    query = (
        select(CrawlOutletStats, CrawlRun.started_at, CrawlRun.status)
        .join(CrawlRun, CrawlOutletStats.run_id == CrawlRun.id)
        .join(Outlet, CrawlOutletStats.outlet_id == Outlet.id)
        .where(Outlet.key == outlet_key)
        .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
        .limit(limit)
    )
    if before_run is not None:
        query = query.where(CrawlOutletStats.run_id < before_run)
    if health is not None:
        query = query.where(CrawlOutletStats.health.in_(health))
    if with_pages:
        query = query.where(CrawlOutletStats.fetched > 0)
    return [
        OutletRun(st.run_id, started, run_status, st.status, st.message, st.health, dict(st.counts))
        for st, started, run_status in session.execute(query)
    ]


def set_runs_health(session: Session, outlet_key: str, run_ids: list[int], health: str) -> None:
    """Set the outlet's health in the given runs (small runs judged with a later one)."""
    if health not in HEALTH_STATES:
        raise ValueError(f"health must be one of {HEALTH_STATES}, got {health!r}")
    if not run_ids:
        return
    oid = outlet_id(session, outlet_key)
    for row in session.scalars(
        select(CrawlOutletStats).where(
            CrawlOutletStats.outlet_id == oid, CrawlOutletStats.run_id.in_(run_ids)
        )
    ):
        row.health = health
    session.flush()


def accept_health_drop(session: Session, outlet_key: str) -> int:
    """Take an outlet's drop in extraction health as its new normal: its ``dropped`` runs
    become ``accepted`` (a baseline counts them again) and every run before the last of them
    that a baseline would have counted becomes ``superseded``. Returns how many runs were
    accepted (0: none had dropped, nothing changed)."""
    rows = list(
        session.scalars(
            select(CrawlOutletStats)
            .join(Outlet, CrawlOutletStats.outlet_id == Outlet.id)
            .where(Outlet.key == outlet_key, CrawlOutletStats.health.is_not(None))
        )
    )
    dropped = [r for r in rows if r.health == "dropped"]
    if not dropped:
        return 0
    last = max(r.run_id for r in dropped)
    for row in rows:
        if row.health == "dropped":
            row.health = "accepted"
        elif row.run_id < last and row.health in ("unjudged", "ok", "accepted"):
            row.health = "superseded"
    session.flush()
    return len(dropped)


def finish_run(session: Session, run_id: int, status: str | None = None) -> CrawlRun:
    """Close the run. ``status`` None derives it from the outlets: all ok -> ok, all failed
    (or none recorded) -> failed, a mix -> partial."""
    run = session.get_one(CrawlRun, run_id)
    if status is None:
        statuses = {s.status for s in run.outlet_stats}
        status = "ok" if statuses == {"ok"} else "partial" if "ok" in statuses else "failed"
    if status not in RUN_STATUSES or status in ("running", "abandoned"):
        raise ValueError(
            f"a finished run's status is ok, failed, partial or interrupted, not {status!r}"
        )
    run.status, run.finished_at = status, utcnow()
    session.flush()
    return run


def abandon_dead_runs(
    session: Session, current_run_id: int | None = None, *, job_outlet: str | None = None
) -> list[int]:
    """Mark ``abandoned`` every run still ``running`` but the current one. Call it holding the
    crawl lock: no other crawl of this store can then be alive, whatever host it ran on.

    A cluster job (``job_outlet``: the outlet it crawls), holding its outlet's host and the
    store's lock shared, knows dead only the running runs of its own outlet and every
    one-machine run; other outlets' jobs may be alive on other machines and are left alone.
    """
    dead = []
    for run in session.scalars(
        select(CrawlRun).where(CrawlRun.status == "running", CrawlRun.id != (current_run_id or -1))
    ):
        opts = dict(run.options or {})
        another_job = opts.get("job") is not None and opts.get("outlets") != [job_outlet]
        if job_outlet is not None and another_job:
            continue
        run.status, run.finished_at = "abandoned", utcnow()
        dead.append(run.id)
    session.flush()
    return dead


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
    run_id: int | None,
    outlet_key: str | None,
    url: str,
    reason: str,
    http_status: int | None = None,
    *,
    detail: str | None = None,
    at: datetime | None = None,
) -> BadPage:
    """Remember a page that could not be used (``reason`` is a short fixed label)."""
    page = BadPage(
        run_id=run_id,
        outlet_id=outlet_id(session, outlet_key) if outlet_key else None,
        url=url,
        reason=reason,
        http_status=http_status,
        detail=(detail or None) and detail[:1000],
        at=at or utcnow(),
    )
    session.add(page)
    session.flush()
    return page


@dataclass(frozen=True)
class BadPageReason:
    reason: str
    count: int
    examples: list[str]


def bad_pages_by_reason(
    session: Session, outlet_key: str, run_ids: list[int], examples: int = 3
) -> list[BadPageReason]:
    """An outlet's bad pages in the given runs, by reason (most first), with example URLs."""
    rows = session.execute(
        select(BadPage.reason, BadPage.url)
        .join(Outlet, BadPage.outlet_id == Outlet.id)
        .where(Outlet.key == outlet_key, BadPage.run_id.in_(run_ids))
        .order_by(BadPage.id)
    )
    urls: dict[str, list[str]] = {}
    for reason, url in rows:
        urls.setdefault(reason, []).append(url)
    found = [
        BadPageReason(reason, len(found), list(dict.fromkeys(found))[:examples])
        for reason, found in urls.items()
    ]
    return sorted(found, key=lambda r: (-r.count, r.reason))


def get_fetch_state(session: Session, url: str) -> FetchStateRow | None:
    return session.scalars(select(FetchStateRow).where(FetchStateRow.url == url)).one_or_none()


def fetch_states(session: Session, outlet_key: str) -> list[FetchStateRow]:
    """Every feed/sitemap/robots state of an outlet, by URL."""
    query = (
        select(FetchStateRow)
        .join(Outlet, FetchStateRow.outlet_id == Outlet.id)
        .where(Outlet.key == outlet_key)
        .order_by(FetchStateRow.url)
    )
    return list(session.scalars(query))


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
    error: str | None = None,
    at: datetime | None = None,
    window_since: datetime | None = None,
    window_until: datetime | None = None,
) -> FetchStateRow:
    """Record a fetch of a feed/sitemap/robots URL.

    ``items`` is how many entries it yielded: 0 adds one to ``empty_runs``, more resets it,
    None (not parsed, e.g. 304 Not Modified or an error) leaves it. On 304 the stored
    validators are kept unless new ones are given, and so is the window they were read
    with; otherwise ``window_since``/``window_until`` (the run's date window, until None
    when open-ended) replace it. ``error`` (None when the fetch worked) is kept in
    ``last_error``.
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
        state.window_since, state.window_until = window_since, window_until
    state.last_status = status
    state.last_error = error
    state.last_fetched = at or utcnow()
    if items is not None:
        state.items_last = items
        state.empty_runs = (state.empty_runs or 0) + 1 if items == 0 else 0
    session.flush()
    return state
