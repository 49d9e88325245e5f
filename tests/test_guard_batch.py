"""``guard.write_each``: a crawl's batch of writes in one transaction, each in a savepoint, on
SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from pipelines.types import Article, Mention
from store import guard, queries
from store.db import Store
from store.errors import StoreError
from store.models import ArticleRow

AT = datetime(2021, 10, 18, 6, 0, tzinfo=UTC)


def _save(article: Article) -> Callable[[Session], str]:
    def work(session: Session) -> str:
        return queries.save_article(session, article, outlet_key="rferl", fetched_at=AT).status

    return work


def _articles(make_article: Callable[..., Article], n: int) -> list[Article]:
    return [
        make_article(
            url=f"https://www.rferl.org/a/story-{i}/{31440100 + i}.html",
            canonical_url=f"https://www.rferl.org/a/story-{i}/{31440100 + i}.html",
            article_id=str(31440100 + i),
            title=f"Story {i}",
        )
        for i in range(n)
    ]


def _count(store: Store) -> int:
    with store.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(ArticleRow)) or 0)


def test_a_batch_commits_in_one_transaction_and_returns_each_result(
    seeded: Store, make_article: Callable[..., Article]
) -> None:
    works = [_save(a) for a in _articles(make_article, 5)]
    assert guard.write_each(seeded, works) == ["new"] * 5
    assert _count(seeded) == 5
    assert guard.write_each(seeded, works) == ["unchanged"] * 5  # stored once
    assert _count(seeded) == 5


def test_one_write_the_store_refuses_is_rolled_back_alone(
    seeded: Store, make_article: Callable[..., Article]
) -> None:
    good = _articles(make_article, 4)
    unknown = make_article(
        url="https://www.rferl.org/a/unknown/31440999.html",
        canonical_url="https://www.rferl.org/a/unknown/31440999.html",
        article_id="31440999",
        mentions=[Mention("no-such-cso", "Nobody", "body", 0, 0, 6)],
    )

    def broken_sql(session: Session) -> Any:
        # half written, then a row the database refuses (a CHECK): the savepoint takes all back
        queries.save_article(session, make_article(), outlet_key="rferl", fetched_at=AT)
        return session.execute(
            text(
                "INSERT INTO gone_pages (outlet_id, url, http_status, first_gone, last_checked,"
                " checks, next_check) SELECT id, 'x', 500, '2021-10-18', '2021-10-18', 1,"
                " '2021-10-19' FROM outlets WHERE key = 'rferl'"
            )
        )

    works = [_save(good[0]), _save(unknown), _save(good[1]), broken_sql, *map(_save, good[2:])]
    results = guard.write_each(seeded, works)
    assert results[0] == results[2] == results[4] == results[5] == "new"
    assert isinstance(results[1], guard.Failed) and "no-such-cso" in results[1].message
    assert (
        isinstance(results[3], guard.Failed) and "ck_gone_pages_http_status" in results[3].message
    )
    assert "\n" not in results[3].message  # one line
    with seeded.read_session() as s:
        urls = set(s.scalars(select(ArticleRow.canonical_url)))
    assert urls == {a.canonical_url for a in good}


def test_a_batch_the_store_cannot_take_is_one_error_and_nothing_stays(
    seeded: Store, make_article: Callable[..., Article]
) -> None:
    calls: list[int] = []

    def lost(session: Session) -> None:
        calls.append(1)
        raise StoreError("the store is read-only")

    works = [_save(a) for a in _articles(make_article, 3)]
    results = guard.write_each(seeded, [*works, lost])
    assert isinstance(results[-1], guard.Failed)  # a StoreError of one write: that write only
    assert _count(seeded) == 3

    with pytest.raises(guard.StoreWriteError):
        guard.write_each(seeded, [_save(a) for a in _articles(make_article, 6)[3:]] + [_boom],
                         attempts=2, pause_s=0.01)  # fmt: skip
    assert _count(seeded) == 3  # the whole transaction went


def _boom(session: Session) -> None:
    from sqlalchemy.exc import OperationalError

    raise OperationalError("INSERT ...", {}, Exception("disk I/O error"))
