"""Story groups in the store (``store.stories`` through ``save_article``), on both backends:
copies join, stories merge into the first, links join translations, edits keep the story,
concurrent writers are settled, ``csowatch stories rebuild`` groups an old store, and the
desk shows a story once with "also in"."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from crawler.cli import main
from pipelines.stories import BANDS, story_print
from pipelines.types import Article, Mention
from store import queries
from store.db import Store, open_store
from store.models import ArticleRow, StoryBand
from store.stories import settle

FETCHED = datetime(2021, 9, 3, 12, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[1]

WIRE = [
    "A Moscow district court on Tuesday fined the human rights project OVD-Info 300,000 rubles "
    "for failing to mark its publications with the foreign agent label, the group said.",
    "The Justice Ministry added the project to its register of foreign agents in September, "
    "and its lawyers said the fines now exceed one million rubles.",
    "“We will appeal, because the law itself is designed to silence independent monitors,” "
    "a spokeswoman for OVD-Info told reporters outside the courthouse.",
]
OTHER = [
    "Lawyers working with OVD-Info say their hotline received more calls this month than in "
    "any month since the spring, as volunteers answer the phone around the clock.",
    "Volunteers dispatch lawyers to police stations across Moscow and St. Petersburg, and the "
    "project has asked supporters to fund travel to smaller cities.",
]
THIRD = [
    "The Sakharov Center was ordered on Friday to leave the building it has occupied since "
    "1996 after city authorities cancelled its lease over its foreign agent status.",
    "Its library of samizdat literature will be moved to storage while the center looks for "
    "new premises, director Sergei Lukashevsky said.",
]
SAKHAROV_RU = [
    "Сахаровский центр в пятницу обязали покинуть здание, которое он занимал с 1996 года: "
    "власти города расторгли договор аренды из-за статуса иностранного агента.",
]
TRANSLATION = [
    "Московский районный суд во вторник оштрафовал правозащитный проект ОВД-Инфо на 300 "
    "тысяч рублей за отсутствие маркировки иностранного агента, сообщили в проекте.",
    "Минюст внёс проект в реестр иноагентов в сентябре.",
]

Make = Callable[..., Article]


def article(make: Make, outlet: str, slug: str, paragraphs: list[str], **kw: Any) -> Article:
    hosts = {"rferl": "www.rferl.org", "moscowtimes": "www.themoscowtimes.com",
             "svoboda": "www.svoboda.org"}  # fmt: skip
    url = f"https://{hosts[outlet]}/a/{slug}/{abs(hash(slug)) % 10**8}.html"
    values: dict[str, Any] = {
        "url": url, "canonical_url": url, "outlet": outlet, "article_id": None,
        "title": kw.pop("title", slug.replace("-", " ").title()), "lead": None,
        "paragraphs": paragraphs, "quotes": [],
        "mentions": [Mention("ovd-info", "OVD-Info", "title", None, 0, 8)],
    }  # fmt: skip
    values.update(kw)
    return make(**values)


def save(store: Store, a: Article, *, signed: bool = True, at: datetime = FETCHED) -> int:
    with store.transaction() as session:
        result = queries.save_article(
            session, a, outlet_key=str(a.outlet), fetched_at=at,
            story=story_print(a) if signed else None,
        )  # fmt: skip
        return result.article_id


def story_of(store: Store, article_id: int) -> int | None:
    with store.read_session() as session:
        return session.get_one(ArticleRow, article_id).story_id


@pytest.fixture
def three(seeded: Store) -> Store:
    with seeded.transaction() as session:
        queries.upsert_outlet(session, "svoboda", "Radio Svoboda", "https://www.svoboda.org", "ru")
    return seeded


def test_copies_share_the_first_articles_story_and_other_stories_do_not(
    three: Store, make_article: Make
) -> None:
    first = save(three, article(make_article, "rferl", "court-fines-ovd", WIRE))
    copy = save(three, article(make_article, "moscowtimes", "ovd-fined", [*WIRE[:2], "More."]))
    other = save(three, article(make_article, "moscowtimes", "hotline", OTHER))
    assert story_of(three, first) == first
    assert story_of(three, copy) == first
    assert story_of(three, other) == other
    with three.read_session() as session:
        keys = session.scalar(
            select(func.count()).select_from(StoryBand).where(StoryBand.article_id == copy)
        )
    assert keys == BANDS + 1  # its bands and its URL


def test_an_article_bridging_two_stories_merges_them_into_the_first(
    three: Store, make_article: Make
) -> None:
    x = save(three, article(make_article, "rferl", "court-fines-ovd", WIRE))
    y = save(three, article(make_article, "rferl", "sakharov-evicted", THIRD))
    assert (story_of(three, x), story_of(three, y)) == (x, y)
    both = save(three, article(make_article, "moscowtimes", "roundup", [*WIRE, *THIRD]))
    assert story_of(three, x) == story_of(three, y) == story_of(three, both) == min(x, y)


def test_a_translation_joins_its_original_through_its_link_in_either_order(
    three: Store, make_article: Make
) -> None:
    original = article(make_article, "rferl", "court-fines-ovd", WIRE)
    translated = article(make_article, "svoboda", "sud-oshtrafoval", TRANSLATION,
                         links=[("оригинал", original.url)], language="ru")  # fmt: skip
    first = save(three, original)
    second = save(three, translated)
    assert story_of(three, second) == first
    # the translation first, its original later: the original finds the link to itself
    later = article(make_article, "rferl", "sakharov-evicted", THIRD)
    early = article(make_article, "svoboda", "sakharov-po-russki", SAKHAROV_RU,
                    links=[("source", later.url)])  # fmt: skip
    e = save(three, early)
    o = save(three, later)
    assert story_of(three, o) == story_of(three, e) == e


def test_a_link_joins_only_another_outlet_published_close_by(
    three: Store, make_article: Make
) -> None:
    original = article(make_article, "rferl", "court-fines-ovd", WIRE)
    old = save(three, original)
    late = article(make_article, "svoboda", "god-spustya", TRANSLATION,
                   links=[("тогда", original.url)],
                   published=original.published + timedelta(days=60))  # type: ignore[operator]  # fmt: skip
    assert story_of(three, save(three, late)) != old
    related = article(make_article, "rferl", "hotline", OTHER, links=[("earlier", original.url)])
    assert story_of(three, save(three, related)) != old  # its own host: related reading


def test_an_edited_article_is_signed_again_and_keeps_its_story(
    three: Store, make_article: Make
) -> None:
    first = save(three, article(make_article, "rferl", "court-fines-ovd", WIRE))
    copy_article = article(make_article, "moscowtimes", "ovd-fined", WIRE)
    copy = save(three, copy_article)
    with three.read_session() as session:
        before = session.get_one(ArticleRow, copy).story_signature
    copy_article.paragraphs = [*OTHER, "Updated: the court's ruling can be appealed."]
    save(three, copy_article, at=FETCHED + timedelta(hours=5))
    with three.read_session() as session:
        row = session.get_one(ArticleRow, copy)
        assert row.version == 2 and row.story_signature != before
        assert row.story_id == first
        bands = session.scalar(
            select(func.count()).select_from(StoryBand).where(StoryBand.article_id == copy)
        )
    assert bands == BANDS + 1  # the old keys replaced, not added to


@pytest.fixture
def pg_url(pg_server: Any) -> Iterator[str]:
    """A fresh PostgreSQL schema: SQLite serialises its writers, so each would see the other's
    commit and the race below cannot happen there."""
    schema, url = pg_server.new_schema()
    yield url
    pg_server.drop_schema(schema)


@pytest.mark.postgres
def test_two_writers_storing_copies_at_once_are_settled_after_the_commit(
    pg_url: str, make_article: Make
) -> None:
    with open_store(pg_url) as store:
        _race_and_settle(store, make_article)


def _race_and_settle(store: Store, make_article: Make) -> None:
    with store.transaction() as session:
        queries.upsert_outlet(session, "rferl", "RFE/RL", "https://www.rferl.org", "en")
        queries.upsert_outlet(session, "moscowtimes", "MT", "https://www.themoscowtimes.com", "en")
    a = article(make_article, "rferl", "court-fines-ovd", WIRE, mentions=[])
    b = article(make_article, "moscowtimes", "ovd-fined", WIRE, mentions=[])
    one, two = store.session(), store.session()
    try:  # two crawls' batches, open at once
        ra = queries.save_article(one, a, outlet_key="rferl", fetched_at=FETCHED,
                                  story=story_print(a))  # fmt: skip
        rb = queries.save_article(two, b, outlet_key="moscowtimes", fetched_at=FETCHED,
                                  story=story_print(b))  # fmt: skip
        one.commit()
        two.commit()
    finally:
        one.close()
        two.close()
    assert story_of(store, ra.article_id) == ra.article_id
    assert story_of(store, rb.article_id) == rb.article_id  # neither saw the other
    with store.transaction() as session:
        merged = settle(session, [(ra.article_id, story_print(a)), (rb.article_id, story_print(b))])
    assert merged == 1
    assert story_of(store, rb.article_id) == story_of(store, ra.article_id) == ra.article_id
    store.engine.dispose()


def test_stories_rebuild_groups_a_store_signed_before(
    three: Store, make_article: Make, db_url: str
) -> None:
    original = article(make_article, "rferl", "court-fines-ovd", WIRE)
    first = save(three, original, signed=False)
    copy = save(three, article(make_article, "moscowtimes", "ovd-fined", WIRE), signed=False)
    other = save(three, article(make_article, "moscowtimes", "hotline", OTHER), signed=False)
    # a translation a crawl saw with its link: the link is kept by the rebuild
    linked = save(three, article(make_article, "svoboda", "sud", TRANSLATION,
                                 links=[("o", original.url)]))  # fmt: skip
    assert story_of(three, copy) == copy
    result = CliRunner().invoke(
        main, ["--db", db_url, "--config", str(REPO / "config"), "stories", "rebuild"]
    )
    assert result.exit_code == 0, result.output
    assert "4 articles signed, 2 joined another's story; 2 stories" in result.output
    assert story_of(three, copy) == story_of(three, linked) == first
    assert story_of(three, other) == other


def test_the_desk_shows_a_story_once_with_also_in_and_counts_it_once(
    three: Store, make_article: Make
) -> None:
    from editor.views_data import load_week

    original = article(make_article, "rferl", "court-fines-ovd", WIRE)
    save(three, original)
    save(three, article(make_article, "moscowtimes", "ovd-fined", WIRE))
    # a translation shares no words with it: the stored story (its link) groups it
    save(three, article(make_article, "svoboda", "sud", TRANSLATION, links=[("o", original.url)],
                        language="ru"))  # fmt: skip
    save(three, article(make_article, "moscowtimes", "hotline", OTHER))
    with three.read_session() as session:
        week = load_week(session, date(2021, 9, 3))
    cards = week.cards["ovd-info"]
    assert len(cards) == 2
    story = next(c for c in cards if c.copies)
    assert story.view.outlet_key == "rferl"
    assert sorted(c.outlet_key for c in story.copies) == ["moscowtimes", "svoboda"]
    coverage = week.coverage("ovd-info")
    assert coverage is not None
    assert (coverage.stories, coverage.articles, coverage.outlets) == (2, 4, 3)


def test_an_unchanged_page_fetched_again_with_its_links_joins_its_original(
    three: Store, make_article: Make
) -> None:
    original = article(make_article, "rferl", "court-fines-ovd", WIRE)
    first = save(three, original)
    before = article(make_article, "svoboda", "sud", TRANSLATION)  # its links unknown then
    translated = save(three, before)
    assert story_of(three, translated) == translated
    again = article(make_article, "svoboda", "sud", TRANSLATION, links=[("o", original.url)])
    assert save(three, again, at=FETCHED + timedelta(days=1)) == translated
    assert story_of(three, translated) == first
