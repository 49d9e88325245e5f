"""One crawl per store at a time, wherever the command runs.

- SQLite: an exclusive, non-blocking ``flock`` on ``<store file>.crawl.lock``, beside the file
  (an absolute path, so two working directories share it).
- PostgreSQL: a session-level advisory lock keyed on the database and schema, held on a
  connection of its own for the whole run; two machines sharing one store cannot both crawl.

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


# The advisory lock's key: a hash of this text, the database name and the schema searched.
_PG_KEY = (
    "SELECT hashtextextended('csowatch crawl ' || current_database() || '.' || current_schema(), 0)"
)


class PostgresCrawlLock(_Lock):
    """A session-level advisory lock (PostgreSQL stores), on a connection of its own."""

    def __init__(self, database_url: str) -> None:
        self.database_url = normalise_url(database_url)
        self._engine: Engine | None = None
        self._conn: Connection | None = None
        self._key: int | None = None

    def acquire(self) -> None:
        engine = create_engine(
            self.database_url, poolclass=NullPool, connect_args={"connect_timeout": 10}
        )
        try:
            conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            key = int(conn.execute(text(_PG_KEY)).scalar_one())
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar_one()
        except SQLAlchemyError as exc:
            engine.dispose()
            first = (str(getattr(exc, "orig", exc)).strip().splitlines() or ["?"])[0]
            raise StoreError(
                f"cannot take the crawl lock on {display_url(self.database_url)}: {first}"
            ) from exc
        if not got:
            conn.close()
            engine.dispose()
            raise LockBusy(
                "another crawl is running (PostgreSQL advisory lock on "
                f"{display_url(self.database_url)} is held); exiting"
            )
        self._engine, self._conn, self._key = engine, conn, key

    def release(self) -> None:
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self._key})
                self._conn.close()
            except SQLAlchemyError:
                pass  # the connection is gone, and the lock with it
            self._conn = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def crawl_lock(database_url: str) -> CrawlLock | PostgresCrawlLock:
    """The lock of the store at ``database_url``."""
    if make_url(normalise_url(database_url)).get_backend_name() == "postgresql":
        return PostgresCrawlLock(database_url)
    return CrawlLock(lock_path_for(database_url))
