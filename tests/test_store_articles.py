"""save_article and friends, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from pipelines.types import Article, Mention, Quote
from store import listings, queries
from store.db import Store
from store.errors import UnknownCSOError, UnknownOutletError
from store.models import ArticleRow, ArticleVersion, Clipping, MentionRow, QuoteRow
from tests.conftest import FETCHED_AT

MakeArticle = Callable[..., Article]
LATER = FETCHED_AT + timedelta(hours=6)


def _save(
    store: Store, article: Article, at: datetime = FETCHED_AT, **kw: object
) -> queries.SaveResult:
    with store.transaction() as session:
        return queries.save_article(session, article, outlet_key="rferl", fetched_at=at, **kw)  # type: ignore[arg-type]


def _count(store: Store, model: type) -> int:
    with store.read_session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_new_then_unchanged_is_one_row(seeded: Store, make_article: MakeArticle) -> None:
    first = _save(seeded, make_article(), etag='"v1"', sitemap_lastmod=FETCHED_AT)
    second = _save(seeded, make_article(), at=LATER, etag='"v2"')
    assert (first.status, second.status) == ("new", "unchanged")
    assert first.article_id == second.article_id and second.version == 1
    assert _count(seeded, ArticleRow) == 1 and _count(seeded, ArticleVersion) == 0
    with seeded.read_session() as session:
        row = session.get_one(ArticleRow, first.article_id)
        assert row.first_seen == FETCHED_AT and row.last_fetched == LATER
        assert row.last_changed == FETCHED_AT
        assert row.etag == '"v2"' and row.sitemap_lastmod == FETCHED_AT  # kept when not given
        assert row.outlet.key == "rferl" and row.external_id == "31440000"
        assert row.content_hash == queries.content_hash(row.title, row.paragraphs)
        assert row.text == "\n\n".join(row.paragraphs)
        # mentions and quotes were replaced, not duplicated
        assert session.scalar(select(func.count()).select_from(MentionRow)) == 1
        assert session.scalar(select(func.count()).select_from(QuoteRow)) == 1


def test_whitespace_noise_is_not_an_edit(seeded: Store, make_article: MakeArticle) -> None:
    _save(seeded, make_article())
    noisy = make_article()
    noisy.paragraphs = ["  " + p.replace(" ", "  ") + "\n" for p in noisy.paragraphs] + ["  "]
    assert _save(seeded, noisy, at=LATER).status == "unchanged"


def test_changed_content_makes_version_2(seeded: Store, make_article: MakeArticle) -> None:
    original = make_article()
    first = _save(seeded, original)
    edited = make_article(title="Dozens Detained At Moscow Protest (Updated)")
    edited.paragraphs = [*edited.paragraphs, "Update: all were released."]
    second = _save(seeded, edited, at=LATER)
    assert second.status == "updated" and second.version == 2
    assert second.article_id == first.article_id
    with seeded.read_session() as session:
        row = session.get_one(ArticleRow, first.article_id)
        assert row.title.endswith("(Updated)") and row.last_changed == LATER
        versions = session.scalars(select(ArticleVersion)).all()
        assert len(versions) == 1
        old = versions[0]
        assert old.version == 1 and old.title == original.title
        assert old.paragraphs == original.paragraphs
        assert old.content_hash == queries.content_hash(original.title, original.paragraphs)
        assert (old.fetched_at, old.superseded_at) == (FETCHED_AT, LATER)
    third = _save(seeded, make_article(title="Third"), at=LATER + timedelta(hours=1))
    assert third.version == 3 and _count(seeded, ArticleVersion) == 2


def test_url_variant_with_same_external_id_is_the_same_row(
    seeded: Store, make_article: MakeArticle
) -> None:
    first = _save(seeded, make_article())
    variant = make_article(
        url="https://www.rferl.org/a/31440000.html",
        canonical_url="https://www.rferl.org/a/31440000.html",
    )
    second = _save(seeded, variant, at=LATER)
    assert second.article_id == first.article_id and second.status == "unchanged"
    assert _count(seeded, ArticleRow) == 1
    with seeded.read_session() as session:
        row = session.get_one(ArticleRow, first.article_id)
        assert row.canonical_url == make_article().canonical_url  # first one seen is kept
        assert row.url == variant.url  # the latest fetched URL
        known = queries.known_articles(session, "rferl")
        assert known.get(variant.canonical_url, "31440000") is known.by_url[row.canonical_url]


def test_same_canonical_url_without_external_id(seeded: Store, make_article: MakeArticle) -> None:
    first = _save(seeded, make_article(article_id=None))
    second = _save(seeded, make_article(), at=LATER)  # now the id is known: it is filled in
    assert second.article_id == first.article_id
    with seeded.read_session() as session:
        assert session.get_one(ArticleRow, first.article_id).external_id == "31440000"


def test_concurrent_saves_make_one_row(seeded: Store, make_article: MakeArticle) -> None:
    """Two sessions insert the same new article at once: one wins, the other updates it.

    The first holds its uncommitted insert while the second starts; on PostgreSQL the
    second's INSERT .. ON CONFLICT waits for the first to commit, on SQLite its BEGIN
    IMMEDIATE does. Then many threads race on a second article.
    """
    results: list[str] = []
    errors: list[BaseException] = []

    def save(article: Article, barrier: threading.Barrier | None = None) -> None:
        try:
            if barrier is not None:
                barrier.wait()
            results.append(_save(seeded, article).status)
        except BaseException as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)

    with seeded.session() as first, first.begin():
        queries.save_article(first, make_article(), outlet_key="rferl", fetched_at=FETCHED_AT)
        thread = threading.Thread(target=save, args=(make_article(),))
        thread.start()
        time.sleep(0.3)
        assert results == []  # the second writer is waiting for us
    thread.join(30)
    assert errors == [] and results == ["unchanged"]

    other = make_article(
        canonical_url="https://www.rferl.org/a/other/31449999.html", article_id="31449999"
    )
    barrier = threading.Barrier(6)
    threads = [threading.Thread(target=save, args=(other, barrier)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sorted(results[1:]) == ["new"] + ["unchanged"] * 5
    assert _count(seeded, ArticleRow) == 2
    assert _count(seeded, MentionRow) == 2 and _count(seeded, Clipping) == 2


def test_unknown_outlet_and_cso_are_clear_errors(seeded: Store, make_article: MakeArticle) -> None:
    with pytest.raises(UnknownOutletError, match="'nope'"), seeded.transaction() as session:
        queries.save_article(session, make_article(), outlet_key="nope", fetched_at=FETCHED_AT)
    article = make_article(mentions=[Mention("no-such-cso", "X", "title", None, 0, 1)])
    with pytest.raises(UnknownCSOError, match="no-such-cso"), seeded.transaction() as session:
        queries.save_article(session, article, outlet_key="rferl", fetched_at=FETCHED_AT)
    assert _count(seeded, ArticleRow) == 0  # rolled back with the caller's transaction


def test_known_articles_and_skipped_urls(seeded: Store, make_article: MakeArticle) -> None:
    lastmod = FETCHED_AT - timedelta(days=1)
    _save(seeded, make_article(), sitemap_lastmod=lastmod, etag='"e"', last_modified="Wed, 01")
    skipped_url = "https://www.rferl.org/a/old/30000000.html"
    with seeded.transaction() as session:
        queries.remember_skipped(session, skipped_url, "rferl", lastmod)
    with seeded.read_session() as session:
        known = queries.known_articles(session, "rferl")
        assert queries.known_articles(session, "moscowtimes").by_url == {}
    article = known.by_url[make_article().canonical_url]
    assert article.stored and article.sitemap_lastmod == lastmod
    assert (article.etag, article.last_modified_header) == ('"e"', "Wed, 01")
    assert known.by_external_id["31440000"] is article
    assert skipped_url in known and not known.get(skipped_url).stored  # type: ignore[union-attr]
    assert {k.canonical_url for k in known} == {article.canonical_url, skipped_url}
    assert len(known) == 2
    # once the skipped URL is stored as an article, it is no longer "skipped"
    _save(seeded, make_article(canonical_url=skipped_url, article_id="30000000"))
    with seeded.read_session() as session:
        assert queries.known_articles(session, "rferl").skipped == {}


def test_row_to_article_iter_and_load(seeded: Store, make_article: MakeArticle) -> None:
    saved = make_article()
    _save(seeded, saved)
    _save(
        seeded,
        make_article(
            canonical_url="https://www.rferl.org/a/x/2.html",
            article_id="2",
            published=datetime(2021, 8, 1, tzinfo=UTC),
            mentions=[],
        ),
    )
    with seeded.read_session() as session:
        rows = list(queries.iter_articles(session, batch_size=1))
        assert len(rows) == 2
        recent = list(queries.iter_articles(session, since=date(2021, 8, 15)))
        assert [r.external_id for r in recent] == ["31440000"]
        rebuilt = queries.row_to_article(recent[0])
        loaded = queries.load_article(session, recent[0].id)
    expected = saved.to_dict()
    assert rebuilt.to_dict() | {"mentions": [], "quotes": []} == expected | {
        "mentions": [],
        "quotes": [],
    }
    assert loaded is not None and loaded.to_dict() == expected


def test_how_it_was_extracted_is_kept_with_the_current_version(
    seeded: Store, make_article: MakeArticle
) -> None:
    first = make_article(
        extractor="generic",
        extraction_notes=["charset: utf8 declared, the bytes are cp1251"],
        field_sources={"published": "json-ld", "authors": "meta:author"},
    )
    result = _save(seeded, first)
    # reprocessed with a newer extractor: the same content, other notes; the notes follow
    again = make_article(
        extractor="pangea+generic",
        extraction_notes=["conflicting publication dates: json-ld 2021-09-03, url 2021-09-02"],
        field_sources={"published": "url"},
    )
    assert _save(seeded, again, at=LATER).status == "unchanged"
    with seeded.read_session() as session:
        loaded = queries.load_article(session, result.article_id)
        record = listings.get_article(session, result.article_id)
    assert loaded is not None and loaded.extractor == "pangea+generic"
    assert loaded.extraction_notes == again.extraction_notes
    assert loaded.field_sources == {"published": "url"}
    assert record is not None and record["extraction_notes"] == again.extraction_notes
    assert record["extractor"] == "pangea+generic"
    assert record["field_sources"] == {"published": "url"}


def test_a_row_stored_before_0010_reads_as_nothing_recorded(
    seeded: Store, make_article: MakeArticle
) -> None:
    result = _save(seeded, make_article(extraction_notes=["x"]))
    with seeded.transaction() as session:
        row = session.get_one(ArticleRow, result.article_id)
        row.extractor, row.extraction_notes, row.field_sources = None, None, None
    with seeded.read_session() as session:
        loaded = queries.load_article(session, result.article_id)
    assert loaded is not None
    assert (loaded.extractor, loaded.extraction_notes, loaded.field_sources) == (None, [], {})


def test_replace_matches_for_rematch(seeded: Store, make_article: MakeArticle) -> None:
    result = _save(seeded, make_article())
    memorial = Mention("memorial", "Memorial", "title", None, 0, 8, in_title=True)
    quote = Quote("Free them", None, 0, [0])
    with seeded.transaction() as session:
        queries.replace_matches(session, result.article_id, [memorial], [quote], "friday")
    with seeded.read_session() as session:
        mentions, quotes = queries.load_matches(session, result.article_id)
        clippings = session.scalars(select(Clipping.cso_id, Clipping.status)).all()
    assert mentions == [memorial] and quotes == [quote]
    assert clippings == ["memorial"]  # the OVD-Info candidate went with its mention


def test_a_mentions_evidence_and_confidence_are_kept_and_exported(
    seeded: Store, make_article: MakeArticle
) -> None:
    result = _save(seeded, make_article())
    capital = Mention("memorial", "Memorial", "title", None, 0, 8, evidence="capital",
                      confidence="medium")  # fmt: skip
    with seeded.transaction() as session:
        queries.replace_matches(session, result.article_id, [capital], [], "friday")
    with seeded.read_session() as session:
        mentions, _ = queries.load_matches(session, result.article_id)
        records = list(listings.stream(session, "mentions", listings.Filters()))
    assert mentions == [capital]
    assert [(r["evidence"], r["confidence"]) for r in records] == [("capital", "medium")]


def test_search_terms_handed_in_are_the_ones_the_store_would_compute(
    seeded: Store, make_article: MakeArticle
) -> None:
    """The crawl's workers compute an article's index terms; the store must index the same."""
    from store.models import ArticleSearch
    from store.search_index import article_search_values, search_values

    article = make_article(
        subtitle="Moscow court fines OVD-Info", lead="Правозащитники «Мемориала»"
    )
    terms = article_search_values(article)
    saved = _save(seeded, article, search_terms=terms)
    with seeded.read_session() as session:
        row = session.get_one(ArticleRow, saved.article_id)
        assert terms == search_values(row.title, row.subtitle, row.lead, row.text)
        indexed = session.get_one(ArticleSearch, saved.article_id)
        assert (indexed.title_terms, indexed.body_terms) == (
            terms["title_terms"],
            terms["body_terms"],
        )
    assert "мемориал" in terms["body_terms"].split()


def test_record_lastmods_sets_fresh_and_missing_lastmods_a_chunk_at_a_time(
    seeded: Store, make_article: MakeArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store import known

    monkeypatch.setattr(known, "LASTMOD_CHUNK", 2)  # three chunks for five URLs
    url = "https://www.rferl.org/a/{}.html"

    def _numbered(n: int) -> Article:
        return make_article(canonical_url=url.format(n), url=url.format(n), article_id=str(n))

    old, then = FETCHED_AT - timedelta(days=30), FETCHED_AT - timedelta(days=2)
    _save(seeded, _numbered(1), at=old)  # no lastmod yet
    _save(seeded, _numbered(2), at=old, sitemap_lastmod=then)
    _save(seeded, _numbered(3), at=LATER, sitemap_lastmod=then)
    _save(seeded, _numbered(4), at=old, sitemap_lastmod=then)
    lastmods = {url.format(n): FETCHED_AT + timedelta(minutes=n) for n in range(1, 6)}
    lastmods.pop(url.format(4))  # not listed this run
    with seeded.transaction() as session:
        changed = queries.record_lastmods(session, lastmods, run_started=FETCHED_AT)
    assert changed == 2
    with seeded.read_session() as session:
        rows = session.execute(select(ArticleRow.canonical_url, ArticleRow.sitemap_lastmod))
        got = {url: lastmod for url, lastmod in rows}
    assert got[url.format(1)] == lastmods[url.format(1)]  # stored without one: now has one
    assert got[url.format(2)] == then  # not fetched this run: its lastmod stays
    assert got[url.format(3)] == lastmods[url.format(3)]  # fetched this run: moves forward
    assert got[url.format(4)] == then
    assert url.format(5) not in got  # listed, never stored: nothing to write
