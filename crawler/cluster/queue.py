"""The queue: procrastinate in the store's PostgreSQL database and schema.

Its connections are the store's URL turned into a libpq one (the ``search_path`` given in
``options`` included, so a store in its own schema has its queue there too). Every failure to
reach it is a ``QueueError`` with one line; the CLI prints it and exits 1.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import procrastinate
import psycopg
import psycopg_pool
from procrastinate import exceptions as pexc
from procrastinate.jobs import Job
from sqlalchemy.engine import make_url

from crawler.config import ClusterSettings, Config, ConfigError
from store.db import display_url, normalise_url

TASK = "csowatch.crawl_outlet"
EXIT_USAGE = 2  # the child's "bad configuration, input or store": no retry
EXIT_LOCKED = 75  # the host (or the store) is being crawled: try again later
INTERRUPTED = (130, 143)  # stopped by SIGINT/SIGTERM: back to the queue at once

# What failing to reach (or losing) the queue's server raises.
QUEUE_ERRORS: tuple[type[BaseException], ...] = (
    pexc.ConnectorException,
    psycopg.Error,
    psycopg_pool.PoolTimeout,
    OSError,
)


class QueueError(Exception):
    """The queue cannot be reached, or was lost; ``str()`` is one line for users."""


def first_line(exc: BaseException) -> str:
    """The first line of the deepest cause (procrastinate wraps psycopg's errors)."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    for error in reversed(seen):
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        if lines:
            return lines[0]
    return type(exc).__name__


def is_postgres(database_url: str) -> bool:
    return make_url(normalise_url(database_url)).get_backend_name() == "postgresql"


def conninfo(database_url: str) -> str:
    """The store's SQLAlchemy URL as a libpq connection URI (psycopg, procrastinate)."""
    url = make_url(normalise_url(database_url))
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def require_cluster(config: Config, database_url: str) -> ClusterSettings:
    """The cluster's settings; a ConfigError when it is off, a ValueError when the store is
    not PostgreSQL (both exit 2)."""
    if not config.cluster.enabled:
        raise ConfigError(
            config.directory / "settings.toml",
            "the cluster is off: set [cluster] enabled = true (or CSOWATCH_CLUSTER=1) to use "
            "csowatch worker and csowatch crawl --enqueue",
            field="cluster.enabled",
        )
    if not is_postgres(database_url):
        raise ValueError(
            "the cluster needs a PostgreSQL store (--db postgresql://user@host/db or "
            f"CSOWATCH_DATABASE_URL), not {display_url(database_url)}"
        )
    return config.cluster


@dataclass(frozen=True)
class CrawlJob:
    """One unit of work: an outlet, over a date window (a backfill) or the last ``days``."""

    outlet: str
    host: str  # the host it is fetched from: its lock
    since: str | None = None  # YYYY-MM-DD
    until: str | None = None
    days: int | None = None

    def args(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "since": self.since, "until": self.until, "days": self.days}

    @property
    def lock(self) -> str:
        """No two jobs of one host run at once, whichever machines their workers are on."""
        return f"csowatch:host:{self.host}"

    @property
    def queueing_lock(self) -> str:
        """At most one such job waiting (cron twice, two schedulers: one job)."""
        return f"csowatch:crawl:{self.outlet}:{self.window}"

    @property
    def window(self) -> str:
        if self.since or self.until:
            return f"{self.since or ''}..{self.until or ''}"
        return f"last-{self.days}d"

    def crawl_args(self) -> list[str]:
        """The window as ``csowatch crawl`` options."""
        out: list[str] = []
        if self.since:
            out += ["--since", self.since]
        if self.until:
            out += ["--until", self.until]
        if self.days is not None and not (self.since and self.until):
            out += ["--days", str(self.days)]
        return out

    @classmethod
    def from_args(cls, host: str, args: dict[str, Any]) -> CrawlJob:
        return cls(
            outlet=str(args["outlet"]),
            host=host,
            since=args.get("since"),
            until=args.get("until"),
            days=args.get("days"),
        )


def date_text(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


EXIT_MEANINGS = {
    1: "an outlet failed",
    EXIT_USAGE: "bad configuration, input or store",
    EXIT_LOCKED: "its host or the store is being crawled",
    130: "interrupted (SIGINT)",
    143: "interrupted (SIGTERM)",
}


class JobFailed(Exception):
    """The job's crawl ended with a non-zero exit code (negative: killed by that signal)."""

    def __init__(self, code: int, outlet: str) -> None:
        self.code, self.outlet = code, outlet
        meaning = EXIT_MEANINGS.get(code) or (f"killed by signal {-code}" if code < 0 else "")
        super().__init__(f"crawl of {outlet} ended with exit {code}" + (f" ({meaning})"))


class CrawlRetry(procrastinate.BaseRetryStrategy):
    """When a job goes back to the queue: at once after an interruption (a worker stopped,
    a child killed), after ``retry_wait`` when its host was locked (however often), after
    ``retry_wait`` × attempts when the outlet failed (``retries`` times), never for a bad
    configuration."""

    def __init__(self, settings: ClusterSettings) -> None:
        self.settings = settings

    def get_retry_decision(
        self, *, exception: BaseException, job: Job
    ) -> procrastinate.RetryDecision | None:
        code = exception.code if isinstance(exception, JobFailed) else 1
        if code == EXIT_USAGE:
            return None
        if code in INTERRUPTED or code < 0:
            return procrastinate.RetryDecision(retry_at=_in(0))
        if code == EXIT_LOCKED:
            return procrastinate.RetryDecision(retry_at=_in(self.settings.retry_wait))
        if job.attempts >= self.settings.retries:
            return None
        return procrastinate.RetryDecision(
            retry_at=_in(self.settings.retry_wait * (job.attempts + 1))
        )


def _in(seconds: float) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


def connect_timeout(settings: ClusterSettings) -> int:
    """Seconds to wait for the server: a worker must notice it is cut off well before the
    others take it for dead (``stalled_after``)."""
    return max(2, min(10, int(settings.stalled_after / 4)))


async def check_reachable(database_url: str, settings: ClusterSettings) -> None:
    """One connection, at once: a clear QueueError when the server cannot be reached."""
    try:
        conn = await psycopg.AsyncConnection.connect(
            conninfo(database_url), connect_timeout=connect_timeout(settings)
        )
        await conn.close()
    except QUEUE_ERRORS as exc:
        raise QueueError(
            f"cannot reach the queue's PostgreSQL at {display_url(database_url)}: {first_line(exc)}"
        ) from exc


@contextlib.asynccontextmanager
async def opened_app(
    database_url: str, settings: ClusterSettings, app: procrastinate.App | None = None
) -> AsyncIterator[procrastinate.App]:
    """A procrastinate App on a pool of our own (its timeouts are ours), opened."""
    await check_reachable(database_url, settings)
    timeout = float(connect_timeout(settings))
    pool = psycopg_pool.AsyncConnectionPool(
        conninfo(database_url),
        min_size=1,
        max_size=4,
        timeout=timeout,
        open=False,
        check=psycopg_pool.AsyncConnectionPool.check_connection,
        kwargs={"connect_timeout": connect_timeout(settings)},
    )
    app = app or new_app()
    try:
        await pool.open(wait=True, timeout=timeout)
    except QUEUE_ERRORS as exc:
        await pool.close(timeout=1)
        raise QueueError(
            f"cannot reach the queue's PostgreSQL at {display_url(database_url)}: {first_line(exc)}"
        ) from exc
    try:
        await app.open_async(pool=pool)
        yield app
    finally:
        with contextlib.suppress(*QUEUE_ERRORS):
            await app.close_async()
        with contextlib.suppress(*QUEUE_ERRORS):
            await pool.close(timeout=1)


def new_app() -> procrastinate.App:
    """An App whose connector gets its pool at ``open_async`` (``opened_app``)."""
    return procrastinate.App(connector=procrastinate.PsycopgConnector())


async def retry_stalled(app: procrastinate.App, settings: ClusterSettings) -> list[tuple[int, str]]:
    """Put back the jobs of workers silent for ``stalled_after`` seconds (killed, cut off,
    their machine gone): procrastinate's "retry stalled jobs", by heartbeat. Returns the
    (job id, outlet) put back; another worker racing to do the same is no error."""
    stalled = await app.job_manager.get_stalled_jobs(
        queue=settings.queue, task_name=TASK, seconds_since_heartbeat=settings.stalled_after
    )
    back = []
    for job in stalled:
        try:
            await app.job_manager.retry_job(job)
        except pexc.ConnectorException as exc:
            if isinstance(exc.__cause__, psycopg.errors.RaiseException):
                continue  # no longer doing: another worker put it back first
            raise
        assert job.id is not None
        back.append((job.id, str(job.task_kwargs.get("outlet"))))
    return back


_WORK_LEFT = """
SELECT count(*) AS n FROM procrastinate_jobs
 WHERE queue_name = %(queue)s AND status IN ('todo', 'doing')
"""


async def work_left(app: procrastinate.App, settings: ClusterSettings) -> int:
    """Jobs waiting (also those due later) or running, in the queue."""
    row = await app.connector.execute_query_one_async(query=_WORK_LEFT, queue=settings.queue)
    return int(row["n"])
