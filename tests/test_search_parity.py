"""The same queries on SQLite and PostgreSQL find the same articles.

Both stores get the same articles through ``save_article``: the hand-written corpus plus 300
generated ones (English and Russian sentences in several inflected forms). Result SETS must be
equal; ranking functions differ (bm25 vs ts_rank), so order is compared only where one
article clearly stands out (the query's words in its title)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from pipelines.types import Article, Mention
from store import queries
from store.db import Store, open_store
from store.listings import Filters
from store.search import search, search_ids
from tests.conftest import REGISTRY, PostgresServer
from tests.search_corpus import add_docs

WORDS = {
    "en": [
        "torture",
        "tortured",
        "torturing",
        "prison",
        "prisons",
        "court",
        "courts",
        "detained",
        "detention",
        "lawyer",
        "lawyers",
        "protest",
        "protesters",
        "police",
        "memorial",
        "Gulagu.net",
        "OVD-Info",
        "investigation",
        "colony",
        "hospital",
        "video",
        "videos",
        "inmates",
        "beaten",
    ],
    "ru": [
        "пытки",
        "пыток",
        "пытками",
        "пытка",
        "тюрьма",
        "тюрьмы",
        "тюрьме",
        "суд",
        "суда",
        "судом",
        "задержан",
        "задержания",
        "адвокат",
        "адвоката",
        "протест",
        "полиция",
        "Мемориал",
        "ОВД-Инфо",
        "Гулагу.нет",
        "колонии",
        "колония",
        "больнице",
        "ёлки",
        "видео",
        "заключённых",
    ],
}
QUERIES = [
    "пытки", "пыткой", "torture", "tortures", "tortur*", "приз*", "суд*", "prison court",
    '"torture in"', '"пытки в"', "пытки -суд", "torture NOT prison", "Memorial OR ОВД-Инфо",
    "Gulagu.net", "ОВД-Инфо", "OVD-Info", "ёлки", "елки", "(пытки OR torture) колонии",
    '"unbalanced', "AND OR", "NOT", "*", "video*", "заключенных", "lawyers detained",
    "hospital -video -inmates", "тюрьма OR суд OR адвокат",
]  # fmt: skip
FILTERED = [
    ("torture", Filters(lang="en")),
    ("пытки", Filters(outlet="moscowtimes")),
    ("пытки", Filters(cso="ovd-info")),
    ("суд", Filters(since=datetime(2021, 3, 1).date(), until=datetime(2021, 8, 31).date())),
]


def generated(n: int = 300) -> list[Article]:
    rng = random.Random(5)
    out = []
    for i in range(n):
        lang = rng.choice(["en", "ru"])
        words = WORDS[lang]
        title = " ".join(rng.choice(words) for _ in range(4)).capitalize()
        paragraphs = [" ".join(rng.choice(words) for _ in range(12)) + "." for _ in range(2)]
        cso = rng.choice([None, "ovd-info", "memorial"])
        url = f"https://example.org/gen/{i}.html"
        published = datetime(2021, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(700))
        outlet = rng.choice(["rferl", "moscowtimes"])
        mentions = [Mention(cso, cso, "body", 0, 0, 1)] if cso else []
        out.append(Article(url=url, canonical_url=url, outlet=outlet, title=title,
                           paragraphs=paragraphs, published=published, language=lang,
                           mentions=mentions))  # fmt: skip
    return out


def build(store: Store) -> Store:
    with store.transaction() as session:
        queries.upsert_outlet(session, "rferl", "RFE/RL", "https://www.rferl.org", "en")
        queries.upsert_outlet(session, "moscowtimes", "MT", "https://www.themoscowtimes.com", "en")
        queries.replace_registry(session, REGISTRY)
    add_docs(store)
    with store.transaction() as session:
        for article in generated():
            queries.save_article(session, article, outlet_key=article.outlet,
                                 fetched_at=article.published)  # fmt: skip
    return store


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory, pg_server: PostgresServer):  # type: ignore[no-untyped-def]
    path: Path = tmp_path_factory.mktemp("parity") / "csowatch.db"
    schema, pg_url = pg_server.new_schema()
    lite, pg = build(open_store(f"sqlite:///{path}")), build(open_store(pg_url))
    yield lite, pg
    lite.close()
    pg.close()
    pg_server.drop_schema(schema)


def ids(store: Store, q: str, f: Filters | None = None) -> list[int]:
    with store.read_session() as session:
        return [i for i, _ in search_ids(session, q, f, limit=10_000)]


@pytest.mark.postgres
@pytest.mark.parametrize("q", QUERIES)
def test_same_articles_on_both_backends(both: tuple[Store, Store], q: str) -> None:
    lite, pg = both
    assert set(ids(lite, q)) == set(ids(pg, q))


@pytest.mark.postgres
def test_queries_find_something(both: tuple[Store, Store]) -> None:
    lite, _ = both
    empty = [q for q in QUERIES if not ids(lite, q)]
    assert empty == ['"unbalanced', "AND OR", "*"], "the corpus should exercise every other query"


@pytest.mark.postgres
@pytest.mark.parametrize(("q", "f"), FILTERED)
def test_same_articles_with_filters(both: tuple[Store, Store], q: str, f: Filters) -> None:
    lite, pg = both
    found = set(ids(lite, q, f))
    assert found and found == set(ids(pg, q, f))


@pytest.mark.postgres
def test_clear_winner_is_first_on_both(both: tuple[Store, Store]) -> None:
    lite, pg = both
    q = '"Committee Against Torture"'
    assert ids(lite, q)[:1] == ids(pg, q)[:1] != []
    with lite.read_session() as a, pg.read_session() as b:
        sa, sb = search(a, "пытки Саратов"), search(b, "пытки Саратов")
        assert [h.id for h in sa] == [h.id for h in sb]
        assert [h.snippet for h in sa] == [h.snippet for h in sb]


@pytest.mark.postgres
@pytest.mark.parametrize("spare", [2.5, 0.05])
@pytest.mark.parametrize("window", [3, 25, 120])
@pytest.mark.parametrize(
    ("q", "f"),
    [("пытки", None), ("torture", None), ("суд*", None), ("Memorial OR ОВД-Инфо", None),
     ("lawyer*", None), ('"prison video"', None), ('"суд видео"', None),
     ("court", Filters(lang="en")), ("суд", Filters(until=date(2021, 10, 18)))],
)  # fmt: skip
def test_the_ranking_window_is_the_same_newest_matches_on_both_backends(
    both: tuple[Store, Store], q: str, f: Filters | None, window: int, spare: float,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """With more matches than the window, both rank exactly the newest ``window`` matches
    (PostgreSQL walks back from the newest id in slices; with a tiny ``SLICE_SPARE`` every
    slice holds too few matches, so the walk takes many slices)."""
    import store.search as search_module

    lite, pg = both
    all_matches = ids(lite, q, f)
    assert len(all_matches) > window or window == 120  # the window really cuts (but the widest)
    monkeypatch.setattr(search_module, "RANK_WINDOW", window)
    monkeypatch.setattr(search_module, "SLICE_FROM", 0)
    monkeypatch.setattr(search_module, "SLICE_SPARE", spare)
    expected = sorted(all_matches, reverse=True)[:window]
    assert sorted(ids(lite, q, f), reverse=True) == expected
    assert sorted(ids(pg, q, f), reverse=True) == expected


@pytest.mark.postgres
def test_ranking_reads_moved_rows_by_id(both: tuple[Store, Store]) -> None:
    """The window's rows are read back by ctid; when a concurrent update has moved one (its
    old ctid no longer answers), the page is read by id instead, with the same result."""
    from store.ftsquery import parse_query
    from store.search import _rank, _tsquery

    _, pg = both
    q = "пытки"
    with pg.read_session() as session:
        expected = search_ids(session, q, limit=10_000)
        window = [i for i, _ in expected]
        tids = dict(session.execute(text(
            "SELECT article_id, ctid::text FROM article_search WHERE article_id = ANY(:ids)"),
            {"ids": window}).all())  # fmt: skip
        tids[window[0]] = "(0,0)"  # moved away: nothing lives there any more
        literal = "{" + ",".join(f'"{tids[i]}"' for i in window) + "}"
        ranked = _rank(session, window, literal, _tsquery(parse_query(q)), 10_000, 0)
    assert ranked == expected
