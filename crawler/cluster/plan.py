"""The scheduler (``csowatch crawl --enqueue``) and what ``csowatch queue`` shows.

Planning runs under the store's plan lock (``crawler/lock.py:plan_lock``): a second scheduler,
on this machine or another, exits 75 at once. It first puts back the jobs of dead workers,
then queues one job per outlet (over the last days, or a backfill's window) unless the same
job is already waiting or running (its ``queueing_lock``), and drops succeeded jobs older
than ``KEEP_DAYS``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date
from typing import Any

import psycopg
import psycopg.rows
from procrastinate import exceptions as pexc

from crawler.cluster.queue import (
    QUEUE_ERRORS,
    TASK,
    CrawlJob,
    QueueError,
    connect_timeout,
    conninfo,
    first_line,
    opened_app,
    retry_stalled,
)
from crawler.config import ClusterSettings, Config
from crawler.lock import crawl_host, plan_lock
from spiders.outlet import Outlet
from store.db import display_url

KEEP_DAYS = 30  # succeeded jobs older than this leave procrastinate_jobs at the next plan


@dataclass(frozen=True)
class Planned:
    job: CrawlJob
    state: str  # queued | waiting | running
    job_id: int

    def line(self) -> str:
        what = {"queued": "queued", "waiting": "already waiting", "running": "running"}
        return f"{self.job.outlet:<14} {what[self.state]:<16} job {self.job_id}  {self.job.window}"


def plan_jobs(
    outlets: list[Outlet], since: date | None, until: date | None, days: int
) -> list[CrawlJob]:
    """One job per outlet: the last ``days`` (worked out when the job runs), or the window
    [since, until] of a backfill.

    A window is not cut into several jobs of one outlet: the second would meet the first's
    ETags and get 304 from the feeds and sitemaps, and find nothing (see docs/operations.md,
    "Many machines")."""
    s = since.isoformat() if since else None
    u = until.isoformat() if until else None
    if s is None and u is None:
        return [CrawlJob(o.key, crawl_host(o.base_url), days=days) for o in outlets]
    return [CrawlJob(o.key, crawl_host(o.base_url), s, u, days) for o in outlets]


_EXISTING = """
SELECT id, status FROM procrastinate_jobs
 WHERE queueing_lock = %(queueing_lock)s AND status IN ('todo', 'doing')
 ORDER BY id LIMIT 1
"""


def enqueue(
    database_url: str, settings: ClusterSettings, jobs: list[CrawlJob]
) -> tuple[list[Planned], list[tuple[int, str]]]:
    """Queue the jobs (see the module's docstring); returns what became of each and the
    (job id, outlet) of dead workers' jobs put back. Raises ``LockBusy`` (another
    scheduler) and ``QueueError``."""
    with plan_lock(database_url):
        return asyncio.run(_enqueue(database_url, settings, jobs))


async def _enqueue(
    database_url: str, settings: ClusterSettings, jobs: list[CrawlJob]
) -> tuple[list[Planned], list[tuple[int, str]]]:
    try:
        async with opened_app(database_url, settings) as app:
            back = await retry_stalled(app, settings)
            planned = []
            for job in jobs:
                rows = await app.connector.execute_query_all_async(
                    query=_EXISTING, queueing_lock=job.queueing_lock
                )
                if rows:
                    state = "running" if rows[0]["status"] == "doing" else "waiting"
                    planned.append(Planned(job, state, int(rows[0]["id"])))
                    continue
                deferrer = app.configure_task(
                    TASK, queue=settings.queue, lock=job.lock, queueing_lock=job.queueing_lock
                )
                try:
                    job_id = await deferrer.defer_async(**job.args())
                except pexc.AlreadyEnqueued:  # queued between our look and our insert
                    rows = await app.connector.execute_query_all_async(
                        query=_EXISTING, queueing_lock=job.queueing_lock
                    )
                    planned.append(Planned(job, "waiting", int(rows[0]["id"]) if rows else 0))
                    continue
                planned.append(Planned(job, "queued", job_id))
            await app.job_manager.delete_old_jobs(nb_hours=24 * KEEP_DAYS, queue=settings.queue)
            return planned, back
    except QUEUE_ERRORS as exc:
        raise QueueError(
            f"lost the queue's PostgreSQL at {display_url(database_url)}: {first_line(exc)}"
        ) from exc


# --- csowatch queue --------------------------------------------------------------------

_COUNTS = """
SELECT status::text AS status, count(*) AS n,
       count(*) FILTER (WHERE scheduled_at > now()) AS later
  FROM procrastinate_jobs WHERE queue_name = %(queue)s GROUP BY status ORDER BY status
"""
_WORKERS = """
SELECT id, extract(epoch FROM now() - last_heartbeat) AS silent
  FROM procrastinate_workers ORDER BY id
"""
_DOING = """
SELECT j.id, j.args->>'outlet' AS outlet, j.attempts, j.worker_id,
       extract(epoch FROM now() - w.last_heartbeat) AS silent,
       extract(epoch FROM now() - (SELECT max(e.at) FROM procrastinate_events e
                                   WHERE e.job_id = j.id AND e.type = 'started')) AS running
  FROM procrastinate_jobs j LEFT JOIN procrastinate_workers w ON w.id = j.worker_id
 WHERE j.queue_name = %(queue)s AND j.status = 'doing' ORDER BY j.id
"""
_LAST = """
SELECT DISTINCT ON (j.args->>'outlet') j.args->>'outlet' AS outlet, j.id, j.status::text AS status,
       j.attempts, (SELECT max(e.at) FROM procrastinate_events e WHERE e.job_id = j.id) AS at
  FROM procrastinate_jobs j
 WHERE j.queue_name = %(queue)s AND j.task_name = %(task)s
 ORDER BY j.args->>'outlet', j.id DESC
"""


def queue_report(database_url: str, config: Config) -> list[str]:
    """What to watch: jobs by status (the queue's depth), the workers and their heartbeats,
    running jobs (stalled ones marked), and each outlet's last job."""
    settings = config.cluster
    params: dict[str, Any] = {"queue": settings.queue, "task": TASK}
    try:
        with psycopg.connect(
            conninfo(database_url),
            connect_timeout=connect_timeout(settings),
            row_factory=psycopg.rows.dict_row,
        ) as conn:
            counts = conn.execute(_COUNTS, params).fetchall()
            workers = conn.execute(_WORKERS).fetchall()
            doing = conn.execute(_DOING, params).fetchall()
            last = conn.execute(_LAST, params).fetchall()
    except psycopg.errors.UndefinedTable:
        return [f"queue {settings.queue}: no queue tables yet (csowatch db upgrade creates them)"]
    except QUEUE_ERRORS as exc:
        raise QueueError(
            f"cannot reach the queue's PostgreSQL at {display_url(database_url)}: {first_line(exc)}"
        ) from exc
    by_status = {r["status"]: r for r in counts}
    later = int(by_status["todo"]["later"]) if "todo" in by_status else 0
    parts = [
        f"{s} {int(by_status[s]['n']) if s in by_status else 0}"
        + (f" ({later} due later)" if s == "todo" and later else "")
        for s in ("todo", "doing", "failed", "succeeded")
    ]
    lines = [f"queue {settings.queue}: " + ", ".join(parts)]
    limit = settings.stalled_after
    alive = [w for w in workers if float(w["silent"]) < limit]
    lines.append(
        f"workers: {len(alive)} alive, {len(workers) - len(alive)} silent for more than {limit:g} s"
    )
    for r in doing:
        silent = r["silent"]
        stalled = silent is None or float(silent) >= limit
        running = f"{float(r['running']):.0f} s" if r["running"] is not None else "?"
        note = (
            "  STALLED: goes back to the queue at the next worker's or scheduler's check"
            if stalled
            else ""
        )
        lines.append(
            f"  doing job {r['id']} {r['outlet']} for {running} (worker {r['worker_id']}, "
            f"attempt {int(r['attempts']) + 1}){note}"
        )
    known = {r["outlet"]: r for r in last}
    for key in list(config.outlets) + sorted(set(known) - set(config.outlets)):
        row = known.get(key)
        if row is None:
            lines.append(f"  {key:<14} no job yet")
            continue
        at = f"{row['at'].astimezone(UTC):%Y-%m-%d %H:%M} UTC" if row["at"] is not None else ""
        lines.append(
            f"  {key:<14} last job {row['id']} {row['status']:<9} {at}  attempts {row['attempts']}"
        )
    return lines
