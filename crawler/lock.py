"""One crawl at a time: an exclusive, non-blocking file lock held for the whole run.

The lock file lives beside the SQLite store (or in ``data/`` for PostgreSQL); the kernel drops
the lock when the process dies, so a crashed run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from sqlalchemy.engine import make_url


class LockBusy(Exception):
    """Another crawl holds the lock."""


def lock_path_for(database_url: str) -> Path:
    env = os.environ.get("CSOWATCH_LOCK_FILE")
    if env:
        return Path(env)
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database + ".crawl.lock")
    host = (url.host or "local").replace("/", "_")
    return Path("data") / f"crawl-{host}-{url.port or 5432}-{url.database}.lock"


class CrawlLock:
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

    def __enter__(self) -> CrawlLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
