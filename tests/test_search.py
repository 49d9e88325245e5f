"""Search behaviour on both backends: morphology, stemming, names, operators, garbage input,
filters, snippets, and the index kept in sync by save_article."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from store import queries
from store.db import Store
from store.listings import Filters
from store.search import search
from tests.search_corpus import add_docs


@pytest.fixture
def corpus(seeded: Store) -> tuple[Store, dict[str, int]]:
    return seeded, add_docs(seeded)


def titles(store: Store, q: str, f: Filters | None = None) -> set[str]:
    with store.read_session() as session:
        return {h.title for h in search(session, q, f, limit=50)}


@pytest.mark.parametrize("q", ["пытки", "пыток", "пытками", "ПЫТКА"])
def test_russian_morphology(corpus: tuple[Store, dict[str, int]], q: str) -> None:
    assert titles(corpus[0], q) == {
        "Пытки в саратовской больнице",
        "Задержания в Москве",
        "Мемориал ликвидирован",
    }


def test_english_stemming_and_prefix(corpus: tuple[Store, dict[str, int]]) -> None:
    store = corpus[0]
    expected = {"Torture In Saratov Prison Exposed", "Memorial Liquidated By Supreme Court"}
    assert titles(store, "tortured") == expected
    assert titles(store, "tortures") == expected
    assert titles(store, "tortur*") == expected
    assert titles(store, "detain*") == {"Protesters Detained In Moscow", "A Quiet Day"}


def test_yo_equals_ye(corpus: tuple[Store, dict[str, int]]) -> None:
    assert titles(corpus[0], "ёлки") == titles(corpus[0], "елки") == {"Задержания в Москве"}


def test_names_with_dots_and_hyphens(corpus: tuple[Store, dict[str, int]]) -> None:
    store = corpus[0]
    assert titles(store, "ОВД-Инфо") == {"Задержания в Москве"}
    assert titles(store, "OVD-Info") == {"Protesters Detained In Moscow"}
    assert titles(store, "Gulagu.net") == {
        "Torture In Saratov Prison Exposed",
        "Пытки в саратовской больнице",
    }


def test_phrases_and_operators(corpus: tuple[Store, dict[str, int]]) -> None:
    store = corpus[0]
    assert titles(store, '"Committee Against Torture"') == {"Torture In Saratov Prison Exposed"}
    assert titles(store, '"against committee"') == set()
    assert titles(store, "torture -saratov") == {"Memorial Liquidated By Supreme Court"}
    assert titles(store, "torture NOT saratov") == {"Memorial Liquidated By Supreme Court"}
    assert titles(store, "пытки AND Саратов") == {"Пытки в саратовской больнице"}
    assert titles(store, "Memorial OR OVD-Info") == {
        "Memorial Liquidated By Supreme Court",
        "Protesters Detained In Moscow",
    }
    assert titles(store, "(memorial OR saratov) torture") == {
        "Memorial Liquidated By Supreme Court",
        "Torture In Saratov Prison Exposed",
    }


@pytest.mark.parametrize(
    "q", ['"unbalanced', "AND OR", "*", "NOT", "-", "((", ")", '"', "OR torture", "a:b",
          "NEAR(x y)", "title:torture", "^torture", "torture AND", "''", "\x00", "" ]
)  # fmt: skip
def test_garbage_never_raises(corpus: tuple[Store, dict[str, int]], q: str) -> None:
    with corpus[0].read_session() as session:
        search(session, q)


def test_stray_operators_are_searched_as_text(corpus: tuple[Store, dict[str, int]]) -> None:
    store = corpus[0]
    assert titles(store, '"torture') == titles(store, "torture")
    assert titles(store, "OR torture") == set()  # "or" is a required word: no document has it
    assert titles(store, "NOT allowed") == {"Protesters Detained In Moscow"}  # "not allowed"


def test_filters(corpus: tuple[Store, dict[str, int]]) -> None:
    store = corpus[0]
    assert titles(store, "torture", Filters(lang="ru")) == set()
    assert titles(store, "пытки", Filters(outlet="moscowtimes")) == {"Мемориал ликвидирован"}
    assert titles(store, "пытки", Filters(cso="ovd-info")) == {"Задержания в Москве"}
    assert titles(store, "пытки", Filters(since=date(2021, 6, 1), until=date(2021, 6, 30))) == {
        "Задержания в Москве"
    }
    assert titles(store, "пытки", Filters(until=date(2021, 3, 2))) == {
        "Пытки в саратовской больнице"
    }


def test_ranking_and_snippets(corpus: tuple[Store, dict[str, int]]) -> None:
    with corpus[0].read_session() as session:
        hits = search(session, "пытки Саратов")
        assert [h.title for h in hits] == ["Пытки в саратовской больнице"]
        assert "<mark>пыток</mark> в <mark>Саратове</mark>" in hits[0].snippet
        assert hits[0].plain_snippet().count("**") == 4
        top = search(session, "torture")[0]
        assert top.title == "Torture In Saratov Prison Exposed"  # in the title: ranked first
        escaped = search(session, "supreme")[0]
        assert escaped.snippet.startswith("Memorial Liquidated By <mark>Supreme</mark>")


def test_index_follows_inserts_updates_and_deletes(seeded: Store, make_article) -> None:  # type: ignore[no-untyped-def]
    at = datetime(2021, 9, 3, 12, tzinfo=UTC)
    with seeded.transaction() as session:
        queries.save_article(session, make_article(), outlet_key="rferl", fetched_at=at)
    assert titles(seeded, "detained") == {"Dozens Detained At Moscow Protest"}
    changed = make_article(title="Court Fines Organisers", paragraphs=["Пытки продолжаются."])
    with seeded.transaction() as session:
        result = queries.save_article(session, changed, outlet_key="rferl", fetched_at=at)
    assert result.status == "updated"
    assert titles(seeded, "detained") == {"Court Fines Organisers"}  # the lead still says so
    assert titles(seeded, "lawyers") == set()
    assert titles(seeded, "пытки") == {"Court Fines Organisers"}
    from sqlalchemy import delete

    from store.models import ArticleRow, Clipping

    with seeded.transaction() as session:  # clippings do not cascade: editors' work
        session.execute(delete(Clipping).where(Clipping.article_id == result.article_id))
        session.execute(delete(ArticleRow).where(ArticleRow.id == result.article_id))
    assert titles(seeded, "пытки") == set()


def test_stress_marks_and_odd_words(seeded: Store, make_article) -> None:  # type: ignore[no-untyped-def]
    at = datetime(2021, 9, 3, 12, tzinfo=UTC)
    text = "Правозащитники посетили за\u0301мок; snake_case, 2021-10-18 и COVID-19."
    with seeded.transaction() as session:
        queries.save_article(session, make_article(paragraphs=[text]), outlet_key="rferl",
                             fetched_at=at)  # fmt: skip
    for q in ["замок", "замка", "2021-10-18", "COVID-19", "covid", "snake", "правозащитник"]:
        assert titles(seeded, q) == {"Dozens Detained At Moscow Protest"}, q
    with seeded.read_session() as session:
        assert "<mark>за\u0301мок</mark>" in search(session, "замок")[0].snippet


def test_a_phrase_stays_within_the_title_or_the_body(seeded: Store, make_article) -> None:  # type: ignore[no-untyped-def]
    """FTS5 keeps its columns apart; PostgreSQL's tsvector is title || body, which would make
    the title's last word adjacent to the body's first unless the phrase is held to one
    weight."""
    at = datetime(2021, 9, 3, 12, tzinfo=UTC)
    article = make_article(
        title="Inmates Held In Prison", lead=None, paragraphs=["Video shows beatings."]
    )
    with seeded.transaction() as session:
        queries.save_article(session, article, outlet_key="rferl", fetched_at=at)
    assert titles(seeded, '"prison video"') == set()
    assert titles(seeded, "prison video") == {"Inmates Held In Prison"}
    assert titles(seeded, '"held in prison"') == {"Inmates Held In Prison"}
    assert titles(seeded, '"video shows"') == {"Inmates Held In Prison"}


def test_the_cso_filter_follows_rematches_and_retired_csos(seeded: Store, make_article) -> None:  # type: ignore[no-untyped-def]
    """The CSO filter reads the index's CSO facet (PostgreSQL): it must change whenever the
    article's mentions do (rematch, a CSO dropped from the registry)."""
    at = datetime(2021, 9, 3, 12, tzinfo=UTC)
    with seeded.transaction() as session:
        saved = queries.save_article(session, make_article(), outlet_key="rferl", fetched_at=at)
    ovd, memorial = Filters(cso="ovd-info"), Filters(cso="memorial")
    assert titles(seeded, "detained", ovd) == {"Dozens Detained At Moscow Protest"}
    assert titles(seeded, "detained", memorial) == set()
    from pipelines.types import Mention

    with seeded.transaction() as session:  # csowatch rematch: now Memorial, not OVD-Info
        queries.replace_matches(session, saved.article_id,
                                [Mention("memorial", "Memorial", "body", 0, 0, 8)], [])  # fmt: skip
    assert titles(seeded, "detained", ovd) == set()
    assert titles(seeded, "detained", memorial) == {"Dozens Detained At Moscow Protest"}
    with seeded.transaction() as session:  # Memorial dropped from the registry
        kept = [c for c in queries.load_registry_dicts(session) if c["id"] != "memorial"]
        queries.replace_registry(session, kept)
    assert titles(seeded, "detained", memorial) == set()
    assert titles(seeded, "detained") == {"Dozens Detained At Moscow Protest"}


def test_split_phrases_keeps_the_query_s_matches() -> None:
    """A name is searched as its joined form, plus its parts as a phrase only where the
    joined form is absent (PostgreSQL then rechecks only those); other queries stay whole."""
    from store.ftsquery import And, Not, Or, Phrase, Term, parse_query, split_phrases

    name = parse_query("ОВД-Инфо")
    assert name == Or((Term("овдинфо"), Phrase(("овд", "инфо"))))
    assert split_phrases(name) == (
        Term("овдинфо"),
        And((Phrase(("овд", "инфо")), Not(Term("овдинфо")))),
    )
    with_word = split_phrases(parse_query("ОВД-Инфо пытки"))
    assert with_word is not None and with_word[0] == And((Term("овдинфо"), Term("пытка")))
    assert split_phrases(parse_query("пытки суд")) is None
    assert split_phrases(parse_query('"пытки в колонии"')) is None


def test_sync_csos_reaches_every_chunk(seeded: Store, make_article) -> None:  # type: ignore[no-untyped-def]
    """Ids with no index row (a chunk of them) must not stop the articles after them."""
    from sqlalchemy import text

    from store.search_index import sync_csos

    at = datetime(2021, 9, 3, 12, tzinfo=UTC)
    with seeded.transaction() as session:
        saved = queries.save_article(session, make_article(), outlet_key="rferl", fetched_at=at)
        session.execute(text("UPDATE article_search SET csos = ''"))
        changed = sync_csos(session, [10_001, 10_002, saved.article_id], batch_size=2)
        csos = session.execute(text("SELECT csos FROM article_search")).scalar_one()
    assert (changed, csos) == (1, "ovd-info")
