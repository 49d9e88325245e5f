"""One crawl per store at a time, wherever the command runs.

- SQLite: an exclusive, non-blocking ``flock`` on ``<store file>.crawl.lock``, beside the file
  (an absolute path, so two working directories share it).
- PostgreSQL: a session-level advisory lock keyed on the database and schema, held on a
  connection of its own for the whole run; two machines sharing one store cannot both crawl.

In a cluster (``csowatch crawl --enqueue`` plans, ``csowatch worker`` runs one outlet per job,
``crawler/cluster/``) the store lock is taken *shared* by each job, beside an exclusive lock
of the host the job crawls (``job_lock``): jobs of different hosts run at once on any
machines, one host is crawled by one process at a time, and a one-machine ``csowatch crawl``
(exclusive) never runs beside them. The scheduler plans under ``plan_lock``.

The kernel (or the server, when the connection drops) releases the lock when the process
dies, so a crashed run never leaves a stale lock behind. ``csowatch crawl`` and ``scrapy
crawl`` take the same lock.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from store.db import display_url, normalise_url
from store.errors import StoreError


class LockBusy(Exception):
    """Another crawl holds the lock."""


def lock_path_for(database_url: str) -> Path:
    """The lock file of a SQLite store (``$CSOWATCH_LOCK_FILE`` overrides it)."""
    env = os.environ.get("CSOWATCH_LOCK_FILE")
    if env:
        return Path(env).resolve()
    url = make_url(normalise_url(database_url))
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        raise ValueError(f"{display_url(database_url)} has no lock file (not a SQLite file)")
    if database.startswith("file:"):
        database = database[5:].split("?")[0]
    return Path(database + ".crawl.lock").resolve()


class _Lock:
    """``with lock:`` acquires and releases."""

    def acquire(self) -> None:
        raise NotImplementedError

    def release(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


class CrawlLock(_Lock):
    """A file lock (SQLite stores)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise LockBusy(
                f"another crawl is running (pid {holder}, lock {self.path}); exiting"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


# The advisory locks' keys: a hash of a text naming the lock, the database and the schema
# searched (``current_schema()``), so two stores on one server never share a lock.
_PG_KEY = (
    "SELECT hashtextextended(:prefix || current_database() || '.' || current_schema()"
    " || :suffix, 0)"
)
_STORE = ("csowatch crawl ", "")  # the store's crawl lock (``csowatch crawl``, ``scrapy crawl``)


class _Held:
    """One advisory lock to take: its key's text, shared or exclusive, what to say when busy."""

    def __init__(self, prefix: str, suffix: str, shared: bool, busy: str) -> None:
        self.prefix, self.suffix, self.shared, self.busy = prefix, suffix, shared, busy
        self.key: int | None = None


class _PostgresLocks(_Lock):
    """Session-level advisory locks taken together on a connection of their own; all or none."""

    what = "the crawl lock"

    def __init__(self, database_url: str) -> None:
        self.database_url = normalise_url(database_url)
        self._engine: Engine | None = None
        self._conn: Connection | None = None
        self._held: list[_Held] = []

    def _locks(self) -> list[_Held]:
        raise NotImplementedError

    def acquire(self) -> None:
        engine = create_engine(
            self.database_url, poolclass=NullPool, connect_args={"connect_timeout": 10}
        )
        held: list[_Held] = []
        try:
            conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            for lock in self._locks():
                params = {"prefix": lock.prefix, "suffix": lock.suffix}
                lock.key = int(conn.execute(text(_PG_KEY), params).scalar_one())
                fn = "pg_try_advisory_lock_shared" if lock.shared else "pg_try_advisory_lock"
                if not conn.execute(text(f"SELECT {fn}(:k)"), {"k": lock.key}).scalar_one():
                    conn.close()  # the server drops the locks already taken with the session
                    engine.dispose()
                    raise LockBusy(lock.busy.format(url=display_url(self.database_url)))
                held.append(lock)
        except SQLAlchemyError as exc:
            engine.dispose()
            first = (str(getattr(exc, "orig", exc)).strip().splitlines() or ["?"])[0]
            raise StoreError(
                f"cannot take {self.what} on {display_url(self.database_url)}: {first}"
            ) from exc
        self._engine, self._conn, self._held = engine, conn, held

    def release(self) -> None:
        if self._conn is not None:
            try:
                for lock in reversed(self._held):
                    fn = "pg_advisory_unlock_shared" if lock.shared else "pg_advisory_unlock"
                    self._conn.execute(text(f"SELECT {fn}(:k)"), {"k": lock.key})
                self._conn.close()
            except SQLAlchemyError:
                pass  # the connection is gone, and the locks with it
            self._conn, self._held = None, []
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


class PostgresCrawlLock(_PostgresLocks):
    """The store's crawl lock (PostgreSQL stores): exclusive, for the whole run."""

    def _locks(self) -> list[_Held]:
        return [
            _Held(
                *_STORE,
                shared=False,
                busy="another crawl is running (PostgreSQL advisory lock on {url} is held); "
                "exiting",
            )
        ]


class PostgresJobLock(_PostgresLocks):
    """A cluster job's locks (``csowatch worker`` runs one outlet per job): the store's crawl
    lock *shared* (cluster jobs run side by side, but never beside a one-machine
    ``csowatch crawl``, which takes it exclusively) and the lock of the outlet's host,
    exclusive: one crawl of a domain at a time, from whichever machine, so Scrapy's own
    per-domain politeness in that one process is the domain's whole rate."""

    def __init__(self, database_url: str, host: str) -> None:
        super().__init__(database_url)
        self.host = host

    def _locks(self) -> list[_Held]:
        return [
            _Held(
                *_STORE,
                shared=True,
                busy="a one-machine crawl of this store is running (PostgreSQL advisory lock "
                "on {url}); exiting",
            ),
            _Held(
                _STORE[0],
                f" host {self.host}",
                shared=False,
                busy=f"another crawl of {self.host} is running (PostgreSQL advisory lock on "
                "{url}); exiting",
            ),
        ]


class PostgresPlanLock(_PostgresLocks):
    """The scheduler's lock (``csowatch crawl --enqueue``): one planner per store at a time,
    so two cron jobs on two machines cannot queue the same run twice."""

    what = "the enqueue lock"

    def _locks(self) -> list[_Held]:
        return [
            _Held(
                "csowatch enqueue ",
                "",
                shared=False,
                busy="another csowatch crawl --enqueue is planning this store (PostgreSQL "
                "advisory lock on {url}); exiting",
            )
        ]


def _is_postgres(database_url: str) -> bool:
    return make_url(normalise_url(database_url)).get_backend_name() == "postgresql"


def crawl_lock(database_url: str) -> CrawlLock | PostgresCrawlLock:
    """The lock of the store at ``database_url``."""
    if _is_postgres(database_url):
        return PostgresCrawlLock(database_url)
    return CrawlLock(lock_path_for(database_url))


def job_lock(database_url: str, host: str) -> PostgresJobLock:
    """The locks of one cluster job crawling ``host`` (PostgreSQL stores only)."""
    if not _is_postgres(database_url):
        raise ValueError(f"cluster jobs need a PostgreSQL store, not {display_url(database_url)}")
    return PostgresJobLock(database_url, host)


def plan_lock(database_url: str) -> PostgresPlanLock:
    """The scheduler's lock (PostgreSQL stores only)."""
    if not _is_postgres(database_url):
        raise ValueError(f"the cluster needs a PostgreSQL store, not {display_url(database_url)}")
    return PostgresPlanLock(database_url)


def crawl_host(base_url: str) -> str:
    """The host a cluster job locks: the one its outlet is fetched from (``base_url``)."""
    return (urlsplit(base_url).hostname or base_url).lower()
