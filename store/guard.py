"""Writes that survive a busy or flaky store, and fail in one clear line when they cannot.

``write(store, work)`` runs ``work(session)`` in one transaction and commits. A passing failure
(SQLite locked past its busy timeout, a PostgreSQL connection lost, a disk I/O error) is tried
again after a pause, on a fresh connection; when every attempt failed, ``StoreWriteError``
carries one line (``database is locked (after 30 s)``) and nothing of the transaction stays.

``write_each(store, works)`` runs many writes in one transaction (a crawl's batch), each in a
savepoint of its own: a write that fails for itself (a constraint, a value the store refuses,
an unknown CSO) is rolled back alone and comes back as ``Failed``, the others commit; a passing
failure of the store retries the whole transaction, as ``write`` does.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from store.db import Store, busy_timeout_s
from store.errors import StoreError

log = logging.getLogger(__name__)
T = TypeVar("T")

ATTEMPTS = 3
PAUSE_S = 1.0  # before the second attempt; doubled before each later one


class StoreWriteError(StoreError):
    """A write that failed on every attempt; ``str()`` is one line."""


def describe(exc: BaseException, backend: str = "") -> str:
    """One line for a database error: the driver's own first line, no SQL, no traceback."""
    orig = getattr(exc, "orig", None) or exc
    first = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
    if "database is locked" in first or "database table is locked" in first:
        return f"database is locked (after {busy_timeout_s()} s)"
    lost = getattr(exc, "connection_invalidated", False) or "connection" in first.lower()
    if backend == "postgresql" and isinstance(exc, DBAPIError) and lost:
        return f"PostgreSQL connection lost: {first}"
    return first


def _passing(exc: SQLAlchemyError) -> bool:
    if isinstance(exc, OperationalError):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def write(
    store: Store,
    work: Callable[[Session], T],
    *,
    attempts: int = ATTEMPTS,
    pause_s: float = PAUSE_S,
) -> T:
    """Run ``work`` in a write transaction and commit, trying a passing failure again."""
    backend = store.engine.dialect.name
    for attempt in range(1, attempts + 1):
        try:
            with store.session() as session:
                result = work(session)
                session.commit()
                return result
        except SQLAlchemyError as exc:
            message = describe(exc, backend)
            if not _passing(exc) or attempt == attempts:
                raise StoreWriteError(message) from exc
            log.info("store write failed (%s); trying again (%d/%d)", message, attempt, attempts)
            time.sleep(pause_s * 2 ** (attempt - 1))
        except StoreError as exc:  # e.g. the store is read-only (store.db's error hook)
            raise StoreWriteError(str(exc)) from exc
        except OSError as exc:  # e.g. the file-size limit, below the driver
            raise StoreWriteError(f"{type(exc).__name__}: {exc}") from exc
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Failed:
    """One write of a ``write_each`` batch that was rolled back alone; ``message`` is one line."""

    message: str


def write_each(
    store: Store,
    works: Sequence[Callable[[Session], T]],
    *,
    attempts: int = ATTEMPTS,
    pause_s: float = PAUSE_S,
) -> list[T | Failed]:
    """Run every work in one write transaction, each in its own savepoint, and commit once.

    The result has one entry per work, in order: its value, or ``Failed`` when that work alone
    raised (its savepoint rolled back). A passing failure (``write``'s) retries the whole
    transaction; ``StoreWriteError`` when every attempt failed: then nothing was stored."""
    backend = store.engine.dialect.name

    def batch(session: Session) -> list[T | Failed]:
        results: list[T | Failed] = []
        for work in works:
            try:
                with session.begin_nested():
                    results.append(work(session))
            except SQLAlchemyError as exc:
                if _passing(exc):
                    raise  # the store, not this write: the whole transaction again
                results.append(Failed(describe(exc, backend)))
            except StoreError as exc:
                results.append(Failed(str(exc)))
        return results

    return write(store, batch, attempts=attempts, pause_s=pause_s)
