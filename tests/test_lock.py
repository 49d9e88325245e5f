"""One crawl per store: the lock is the store's, not the working directory's."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from crawler.lock import CrawlLock, LockBusy, PostgresCrawlLock, crawl_lock, lock_path_for
from store import guard
from store.db import Store, open_store


def test_the_sqlite_lock_is_beside_the_file_whatever_the_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CSOWATCH_LOCK_FILE", raising=False)
    (tmp_path / "a").mkdir()
    monkeypatch.chdir(tmp_path / "a")
    here = lock_path_for("sqlite:///data/x.db")
    assert here == tmp_path / "a" / "data" / "x.db.crawl.lock"
    absolute = f"sqlite:///{tmp_path / 'store.db'}"
    first = lock_path_for(absolute)
    monkeypatch.chdir(tmp_path)
    assert lock_path_for(absolute) == first == tmp_path / "store.db.crawl.lock"
    with crawl_lock(absolute), pytest.raises(LockBusy, match="another crawl is running"):
        crawl_lock(absolute).acquire()
    with crawl_lock(absolute):  # released
        pass
    assert isinstance(crawl_lock(absolute), CrawlLock)


@pytest.mark.postgres
def test_the_postgres_lock_is_per_database_and_schema(pg_server) -> None:  # type: ignore[no-untyped-def]
    schema_a, url_a = pg_server.new_schema()
    schema_b, url_b = pg_server.new_schema()
    try:
        lock = crawl_lock(url_a)
        assert isinstance(lock, PostgresCrawlLock)
        with lock:
            with pytest.raises(LockBusy, match="advisory lock"):
                PostgresCrawlLock(url_a).acquire()
            with PostgresCrawlLock(url_b):  # another store on the same server: its own lock
                pass
        with PostgresCrawlLock(url_a):  # released with the run
            pass
    finally:
        pg_server.drop_schema(schema_a)
        pg_server.drop_schema(schema_b)


def test_a_locked_sqlite_write_fails_in_one_line_after_its_attempts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CSOWATCH_SQLITE_BUSY_TIMEOUT", "1")
    path = tmp_path / "s.db"
    store: Store = open_store(f"sqlite:///{path}")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    calls = []
    try:
        with pytest.raises(guard.StoreWriteError) as caught:
            guard.write(store, lambda s: calls.append(s.execute(text("SELECT 1"))), attempts=2,
                        pause_s=0.01)  # fmt: skip
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert str(caught.value) == "database is locked (after 1 s)"
    assert calls == []  # BEGIN IMMEDIATE never got the lock
    assert guard.write(store, lambda s: s.execute(text("SELECT 42")).scalar()) == 42  # again
    store.close()
    assert os.path.exists(path)
