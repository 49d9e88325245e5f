"""Reading while a crawl writes: search, and any SQLite client opening the file read-only."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipelines.types import Article
from store import queries
from store.db import Store
from store.search import search


def _writer(store: Store, make_article: Callable[..., Article], stop: threading.Event,
            errors: list[BaseException], written: list[int]) -> None:  # fmt: skip
    n = 0
    try:
        while not stop.is_set() and n < 400:
            n += 1
            url = f"https://www.rferl.org/a/torture-{n}/{n}.html"
            article = make_article(url=url, canonical_url=url, article_id=str(n),
                                   title=f"Torture report {n}", mentions=[], quotes=[])  # fmt: skip
            with store.transaction() as session:
                queries.save_article(session, article, outlet_key="rferl",
                                     fetched_at=datetime(2021, 9, 3, tzinfo=UTC))  # fmt: skip
            written.append(n)
    except BaseException as exc:  # noqa: BLE001 - reported by the test
        errors.append(exc)


def test_search_while_a_crawl_writes(seeded: Store, make_article) -> None:  # type: ignore[no-untyped-def]
    stop, errors, written = threading.Event(), [], []
    thread = threading.Thread(target=_writer, args=(seeded, make_article, stop, errors, written))
    thread.start()
    seen = []
    try:
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and thread.is_alive():
            with seeded.read_session() as session:
                seen.append(len(search(session, "tortured reports", limit=1000)))
    finally:
        stop.set()
        thread.join()
    assert not errors
    assert len(seen) > 3 and seen == sorted(seen) and seen[-1] > 0
    with seeded.read_session() as session:
        assert len(search(session, "torture", limit=1000)) == len(written)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_read_only_sqlite_client_while_writing(seeded: Store, make_article, db_url: str) -> None:  # type: ignore[no-untyped-def]
    path = Path(db_url.removeprefix("sqlite:///"))
    stop, errors, written = threading.Event(), [], []
    thread = threading.Thread(target=_writer, args=(seeded, make_article, stop, errors, written))
    thread.start()
    counts = []
    try:
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and thread.is_alive():
            ro = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                counts.append(ro.execute("SELECT count(*) FROM articles").fetchone()[0])
                ro.execute(
                    "SELECT rowid FROM article_fts WHERE article_fts MATCH '\"tortur\"'"
                ).fetchall()
            finally:
                ro.close()
    finally:
        stop.set()
        thread.join()
    assert not errors
    assert len(counts) > 3 and counts == sorted(counts)
