"""The CSOs' own channels, piece by piece: reading a Telegram preview, a post as an article, the
registry's ``telegram``/``feeds``, statements in the store, and the house format's statement
label. The crawl end to end is tests/test_telegram_crawl.py."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from editor.digest import Clip, DailyNews, Digest, clip_label, render_digest
from editor.digest import render_news_of_the_day as render_daily
from editor.publish import build_daily, build_digest
from pipelines.extract import ExtractionError, extract_article
from pipelines.quotes import find_quotes
from pipelines.registry import RegistryError, dump_registry, registry_from_yaml
from pipelines.telegram import parse_preview, post_title
from pipelines.types import Article
from pipelines.urls import article_id, is_article_url, spider_for_url
from store import queries
from store.db import Store
from store.models import Clipping, CSOSource
from store.statements import stored_posts
from tests.outlets.telegram_site import (
    TgChannel,
    TgPost,
    channel_pages,
    contact_page,
    empty_channel,
)

WHEN = datetime(2021, 10, 17, 9, 15, tzinfo=UTC)


def _channel() -> TgChannel:
    return TgChannel(
        "gulagu_net",
        "Gulagu.net",
        [
            TgPost(
                201,
                WHEN,
                ["Заявление о пытках в ОТБ-1", "«Мы продолжим», — сказал Владимир Осечкин."],
                link=("ОВД-Инфо", "https://ovd.info/news/1"),
                preview=("https://ovd.info/news/1", "Суд в Саратове", "Описание"),
            ),
            TgPost(202, WHEN.replace(hour=10), ["Чужие слова"], forwarded_from="Другой канал"),
            TgPost(203, WHEN.replace(hour=11), [], photo_only=True),
        ],
    )


# --- the preview page ---------------------------------------------------------------------------


def test_a_preview_page_gives_its_channel_posts_and_the_older_page() -> None:
    pages = channel_pages(_channel(), per_page=2)
    assert list(pages) == ["/s/gulagu_net", "/s/gulagu_net?before=202"]
    newest = parse_preview(pages["/s/gulagu_net"].body.decode(), "https://t.me/s/gulagu_net")
    assert (newest.found, newest.channel, newest.title) == (True, "gulagu_net", "Gulagu.net")
    assert newest.before == 202
    assert [(p.id, p.own_text) for p in newest.posts] == [(202, False), (203, False)]
    assert newest.posts[0].forwarded_from == "Другой канал"

    older = parse_preview(
        pages["/s/gulagu_net?before=202"].body.decode(), "https://t.me/s/gulagu_net?before=202"
    )
    assert older.before is None
    (post,) = older.posts
    assert post.url == "https://t.me/gulagu_net/201"
    assert post.published == WHEN
    assert post.author == "Gulagu.net"
    assert post.lines == [
        "Заявление о пытках в ОТБ-1",
        "«Мы продолжим», — сказал Владимир Осечкин.",
        "ОВД-Инфо",
    ]
    assert post.links == [("ОВД-Инфо", "https://ovd.info/news/1")]
    assert [(p.url, p.title) for p in post.link_previews] == [
        ("https://ovd.info/news/1", "Суд в Саратове")
    ]
    assert post.own_text


def test_no_channel_and_no_posts_are_told_apart() -> None:
    gone = parse_preview(contact_page("old_name"), "https://t.me/old_name")
    assert (gone.found, gone.posts) == (False, [])
    empty = empty_channel(TgChannel("quiet_chan", "Тихий канал"))["/s/quiet_chan"]
    quiet = parse_preview(empty.body.decode(), "https://t.me/s/quiet_chan")
    assert (quiet.found, quiet.title, quiet.posts, quiet.before) == (True, "Тихий канал", [], None)
    for nothing in ("", "  \n", "<!-- -->", '{"ok": false}'):
        assert parse_preview(nothing, "https://t.me/s/x").found is False


def test_a_post_title_is_its_first_line_cut_at_a_word() -> None:
    assert post_title(["Short line", "more"]) == "Short line"
    long = "слово " * 40
    title = post_title([long.strip()])
    assert len(title) <= 120 and title.endswith("слово…")
    assert post_title([]) == ""


# --- a post as an article -----------------------------------------------------------------------


def test_a_post_is_extracted_by_the_telegram_rules() -> None:
    page = channel_pages(_channel(), per_page=3)["/s/gulagu_net"].body.decode()
    post = parse_preview(page, "https://t.me/s/gulagu_net").posts[0]
    article = extract_article(post.html, post.url, "cso-telegram", spider="telegram")
    assert article.extractor == "telegram"
    assert article.article_id == "gulagu_net/201"
    assert article.title == "Заявление о пытках в ОТБ-1"
    assert article.lead == "Заявление о пытках в ОТБ-1"
    assert article.authors == ["Gulagu.net"]
    assert article.published == WHEN
    assert article.language == "ru"
    assert ("ОВД-Инфо", "https://ovd.info/news/1") in article.links
    # the whole preview page under a post's permalink: that post, found without the spider's
    # family (``csowatch extract page.html --url https://t.me/gulagu_net/201``)
    same = extract_article(page, "https://t.me/gulagu_net/201")
    assert (same.extractor, same.paragraphs) == ("telegram", article.paragraphs)


@pytest.mark.parametrize("post_id", [202, 203])
def test_a_forward_or_a_bare_photo_is_no_statement(post_id: int) -> None:
    page = channel_pages(_channel(), per_page=3)["/s/gulagu_net"].body.decode()
    with pytest.raises(ExtractionError) as failed:
        extract_article(page, f"https://t.me/gulagu_net/{post_id}", spider="telegram")
    assert failed.value.reason == "no-body"


def test_telegram_post_urls() -> None:
    url = "https://t.me/gulagu_net/201"
    assert spider_for_url(url) == "telegram"
    assert article_id(url) == "gulagu_net/201"
    assert article_id("https://t.me/s/gulagu_net/201") == "gulagu_net/201"
    assert is_article_url(url, "telegram")
    assert not is_article_url("https://t.me/s/gulagu_net", "telegram")
    assert not is_article_url("https://t.me/s/gulagu_net?before=12", "telegram")


# --- the registry -------------------------------------------------------------------------------


def _yaml(extra: str, second: str = "") -> str:
    return f"csos:\n  - id: ovd-info\n    name: OVD-Info\n{extra}{second}"


def test_the_registry_takes_channels_and_feeds_and_writes_them_back() -> None:
    registry = registry_from_yaml(
        _yaml("    telegram: '@ovdinfo'\n    feeds: [https://ovd.info/rss.xml]\n")
    )
    cso = registry.csos[0]
    assert (cso.telegram, cso.feeds) == (["ovdinfo"], ["https://ovd.info/rss.xml"])
    text = dump_registry(registry)
    assert "    telegram: [ovdinfo]\n    feeds: ['https://ovd.info/rss.xml']\n" in text
    assert registry_from_yaml(text) == registry
    plain = registry_from_yaml(_yaml(""))
    assert "telegram" not in dump_registry(plain).split("csos:")[1]
    assert "telegram" not in plain.csos[0].to_dict()


@pytest.mark.parametrize(
    ("extra", "second", "message"),
    [
        ("    telegram: https://t.me/ovdinfo\n", "",
         "csos.yaml:4: entry 0 (ovd-info): field 'telegram': must be a public channel's name"),
        ("    telegram: [ovdinfo, ab]\n", "",
         "csos.yaml:4: entry 0 (ovd-info): field 'telegram[1]': must be a public channel's name"),
        ("    telegram: [ovd__info]\n", "", "field 'telegram[0]': must be a public channel's name"),
        ("    telegram: [ovdinfo_]\n", "", "field 'telegram[0]': must be a public channel's name"),
        ("    feeds: [ovd.info/rss.xml]\n", "",
         "field 'feeds[0]': must be an absolute http(s) URL of the site's feed"),
        ("    telegram: 42\n", "", "field 'telegram': must be a string or a list of strings"),
        ("    telegram: ovdinfo\n", "  - id: other\n    name: Other\n    telegram: OVDinfo\n",
         "entry 1 (other): field 'telegram': 'OVDinfo' is also listed by 'ovd-info'"),
    ],
)  # fmt: skip
def test_a_bad_channel_or_feed_is_a_one_line_registry_error(
    extra: str, second: str, message: str
) -> None:
    with pytest.raises(RegistryError) as failed:
        registry_from_yaml(_yaml(extra, second), "csos.yaml")
    assert message in str(failed.value)
    assert "\n" not in str(failed.value)


# --- the store ----------------------------------------------------------------------------------


def _with_channels(seeded: Store) -> None:
    """The seeded registry with Gulagu.net's and OVD-Info's channels, and the two outlets."""
    with seeded.transaction() as session:
        entries = queries.load_registry_dicts(session)
        for entry in entries:
            if entry["id"] == "gulagu-net":
                entry["telegram"] = ["gulagu_net"]
            if entry["id"] == "ovd-info":
                entry["telegram"] = ["ovdinfo"]
                entry["feeds"] = ["https://ovd.info/rss.xml"]
        queries.replace_registry(session, entries)
        queries.upsert_outlet(session, "cso-telegram", "Telegram", "https://t.me", "ru", "telegram")
        queries.upsert_outlet(session, "cso-sites", "CSO websites", "", "ru", "csofeeds")


def test_the_registry_import_keeps_the_channels_in_cso_sources(seeded: Store) -> None:
    _with_channels(seeded)
    with seeded.read_session() as s:
        rows = s.execute(select(CSOSource.cso_id, CSOSource.kind, CSOSource.address)).all()
        assert sorted(tuple(r) for r in rows) == [
            ("gulagu-net", "telegram", "gulagu_net"),
            ("ovd-info", "feed", "https://ovd.info/rss.xml"),
            ("ovd-info", "telegram", "ovdinfo"),
        ]
        ovd = next(d for d in queries.load_registry_dicts(s) if d["id"] == "ovd-info")
        assert (ovd["telegram"], ovd["feeds"]) == (["ovdinfo"], ["https://ovd.info/rss.xml"])
        assert "telegram" not in ovd.get("data", {})
    # a re-import without them leaves none
    with seeded.transaction() as session:
        entries = queries.load_registry_dicts(session)
        for entry in entries:
            entry.pop("telegram", None)
            entry.pop("feeds", None)
        queries.replace_registry(session, entries)
    with seeded.read_session() as s:
        assert s.scalars(select(CSOSource)).all() == []


def _statement(make_article: Any, post: int, day: int, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "url": f"https://t.me/gulagu_net/{post}",
        "canonical_url": f"https://t.me/gulagu_net/{post}",
        "outlet": "cso-telegram",
        "article_id": f"gulagu_net/{post}",
        "title": "Заявление о пытках",
        "lead": "Заявление о пытках",
        "authors": ["Gulagu.net"],
        "published": datetime(2021, 10, day, 9, 0, tzinfo=UTC),
        "language": "ru",
        "paragraphs": ["Заявление о пытках", "Мы передали видео в СК."],
        "mentions": [],
        "quotes": [],
        "kind": "statement",
        "author_cso": "gulagu-net",
    }
    return make_article(**(values | overrides))


def test_a_statement_is_stored_as_its_csos_clipping_and_keeps_its_author(
    seeded: Store, make_article: Any
) -> None:
    _with_channels(seeded)
    fetched = datetime(2021, 10, 20, tzinfo=UTC)
    with seeded.transaction() as session:
        saved = queries.save_article(
            session, _statement(make_article, 104, 17), outlet_key="cso-telegram",
            fetched_at=fetched,
        )  # fmt: skip
        queries.save_article(
            session, _statement(make_article, 99, 12), outlet_key="cso-telegram",
            fetched_at=fetched,
        )  # fmt: skip
    with seeded.read_session() as s:
        loaded = queries.load_article(s, saved.article_id)
        assert loaded is not None
        assert (loaded.kind, loaded.author_cso) == ("statement", "gulagu-net")
        # no mention of itself, and still the CSO's clipping
        assert s.scalars(select(Clipping.cso_id).where(Clipping.article_id == saved.article_id)
                         ).all() == ["gulagu-net"]  # fmt: skip
        posts = stored_posts(s, "cso-telegram")
        assert list(posts) == ["gulagu_net"]
        assert (posts["gulagu_net"].ids, posts["gulagu_net"].last_id) == ({99, 104}, 104)
        assert posts["gulagu_net"].last_published == datetime(2021, 10, 17, 9, tzinfo=UTC)
        assert stored_posts(s, "rferl") == {}
        # the analysts' records (API, exports) and search hits tell a statement from an article
        from store.listings import Filters, select_records
        from store.search import search

        records = s.execute(select_records("articles", Filters())).all()
        assert {(r.canonical_url, r.kind, r.author_cso) for r in records} == {
            ("https://t.me/gulagu_net/104", "statement", "gulagu-net"),
            ("https://t.me/gulagu_net/99", "statement", "gulagu-net"),
        }
        hits = search(s, "видео", Filters())
        assert {h.kind for h in hits} == {"statement"} and len(hits) == 2
    # re-extracted from the archive (which does not know the channel's CSO): still a statement
    again = _statement(make_article, 104, 17, kind="article", author_cso=None,
                       paragraphs=["Заявление о пытках", "Исправленный текст."])  # fmt: skip
    with seeded.transaction() as session:
        result = queries.save_article(session, again, outlet_key="cso-telegram", fetched_at=fetched)
        assert result.status == "updated"
    with seeded.read_session() as s:
        loaded = queries.load_article(s, saved.article_id)
        assert loaded is not None and (loaded.kind, loaded.author_cso) == (
            "statement",
            "gulagu-net",
        )


def test_the_digest_says_which_cso_spoke_and_where(seeded: Store, make_article: Any) -> None:
    _with_channels(seeded)
    fetched = datetime(2021, 10, 20, tzinfo=UTC)
    site_post = _statement(
        make_article, 0, 18, url="https://ovd.info/news/2021/10/18/x",
        canonical_url="https://ovd.info/news/2021/10/18/x", outlet="cso-sites", article_id=None,
        author_cso="ovd-info", title="Новость", lead="Суд оштрафовал «Мемориал».",
        mentions=[], paragraphs=["Суд оштрафовал «Мемориал»."],
    )  # fmt: skip
    with seeded.transaction() as session:
        queries.save_article(session, _statement(make_article, 104, 17),
                             outlet_key="cso-telegram", fetched_at=fetched)  # fmt: skip
        queries.save_article(session, site_post, outlet_key="cso-sites", fetched_at=fetched)
        queries.save_article(session, make_article(published=datetime(2021, 10, 18, tzinfo=UTC)),
                             outlet_key="rferl", fetched_at=fetched)  # fmt: skip
    with seeded.read_session() as s:
        weekly = render_digest(build_digest(s, date(2021, 10, 22), "gulagu-net", draft=True))
        ovd = render_digest(build_digest(s, date(2021, 10, 22), "ovd-info", draft=True), "md")
        daily = render_daily(build_daily(s, date(2021, 10, 17)))
    assert "Gulagu.net said on its Telegram channel, 17 October 2021: Заявление о пытках" in weekly
    assert "[OVD-Info said on its website, 18 October 2021](https://ovd.info/" in ovd
    assert "[RFE/RL, 18 October 2021](https://www.rferl.org/" in ovd  # articles as before
    assert "Gulagu.net said on its Telegram channel: Заявление о пытках" in daily


def test_the_statement_label_in_every_rendering() -> None:
    clip = Clip(
        "Telegram",
        date(2021, 10, 17),
        "“We will go on,” Osechkin said.",
        "https://t.me/gulagu_net/104",
        "Заявление",
        speaker="Gulagu.net",
        medium="Telegram channel",
    )
    assert clip_label(clip) == "Gulagu.net said on its Telegram channel, 17 October 2021"
    assert clip_label(clip, dated=False) == "Gulagu.net said on its Telegram channel"
    item = Digest("Gulagu.net", "Summary.", [clip])
    text = render_digest(item)
    assert text.splitlines()[-1] == (
        "Gulagu.net said on its Telegram channel, 17 October 2021: “We will go on,” Osechkin said."
    )
    html = render_digest(item, "html")
    assert (
        '<a href="https://t.me/gulagu_net/104" title="Заявление">Gulagu.net said on its Telegram '
        "channel, 17 October 2021</a>: “We will go on,” Osechkin said.</p>"
    ) in html
    article = Clip("RFE/RL", date(2021, 10, 17), "Lead.", "https://www.rferl.org/a/1.html")
    assert clip_label(article) == "RFE/RL, 17 October 2021"
    assert render_daily(DailyNews(date(2021, 10, 17), [article])).endswith("RFE/RL: Lead.\n")


def test_the_desk_offers_a_statement_as_the_cso_speaking(anna: Any, desk: Store) -> None:
    """A statement of OVD-Info on its Telegram channel: the card names the CSO and where it
    spoke, a quote in it is an excerpt option, and the approved clipping is composed and
    exported as "OVD-Info said on its Telegram channel, 19 October 2021: …"."""
    from tests.desk_store import COMPOSE_URL, WEEK_URL, post

    client, token = anna
    statement = Article(
        url="https://t.me/ovdinfo/900",
        canonical_url="https://t.me/ovdinfo/900",
        outlet="cso-telegram",
        article_id="ovdinfo/900",
        title="Суд оштрафовал активистку за пикет",
        lead="Суд оштрафовал активистку за пикет",
        authors=["ОВД-Инфо"],
        published=datetime(2021, 10, 19, 8, 0, tzinfo=UTC),
        language="ru",
        paragraphs=[
            "Суд оштрафовал активистку за пикет",
            "«Мы оплатим штраф и обжалуем решение», — сказал Григорий Охотин.",
        ],
        kind="statement",
        author_cso="ovd-info",
    )
    statement.quotes = find_quotes(statement)
    with desk.transaction() as session:
        queries.upsert_outlet(session, "cso-telegram", "Telegram", "https://t.me", "ru", "telegram")
        result = queries.save_article(
            session, statement, outlet_key="cso-telegram", fetched_at=datetime.now(UTC)
        )
        clipping = session.scalars(
            select(Clipping.id).where(Clipping.article_id == result.article_id)
        ).one()
    page = client.get(f"{WEEK_URL}?cso=ovd-info")
    card = next(c for c in page.context["page"].cards if c.view.article_id == result.article_id)
    assert card.view.kind == "statement" and card.view.author_name == "OVD-Info"
    assert "OVD-Info said on its Telegram channel" in page.text
    quote = next(o for o in card.options if o.kind == "quote")
    assert quote.text == "«Мы оплатим штраф и обжалуем решение», Григорий Охотин said."
    assert post(client, token, f"/clippings/{clipping}/approve").status_code == 200
    assert (
        post(client, token, f"/clippings/{clipping}/excerpt", option=quote.key).status_code == 200
    )
    assert "OVD-Info said on its Telegram channel, 19 October 2021" in client.get(COMPOSE_URL).text
    exported = client.get(f"{COMPOSE_URL}/export?format=text").text
    assert (
        "OVD-Info said on its Telegram channel, 19 October 2021: "
        "«Мы оплатим штраф и обжалуем решение», Григорий Охотин said."
    ) in exported


def test_an_outlets_own_crawl_delay_paces_its_spider(tmp_path: Any) -> None:
    from crawler.config import ConfigError, CrawlSettings, load_outlets
    from crawler.spiderloader import spider_class

    path = tmp_path / "outlets.toml"
    path.write_text(
        '[outlets.cso-telegram]\nname = "Telegram"\nspider = "telegram"\n'
        'base_url = "https://t.me"\nlanguage = "ru"\ncrawl_delay = 3\n\n'
        '[outlets.cso-sites]\nname = "CSO websites"\nspider = "csofeeds"\nlanguage = "ru"\n',
        encoding="utf-8",
    )
    outlets = load_outlets(path)
    crawl = CrawlSettings(download_delay=0.5)
    tg = spider_class(outlets["cso-telegram"], crawl).custom_settings or {}
    assert (tg["DOWNLOAD_DELAY"], tg["DOWNLOAD_DELAY_JITTER"]) == (3.0, 0.0)
    sites = spider_class(outlets["cso-sites"], crawl).custom_settings or {}
    assert sites["DOWNLOAD_DELAY"] == 0.5  # the [crawl] default
    assert outlets["cso-sites"].base_url == ""  # the feeds in csos.yaml are absolute URLs

    path.write_text(
        '[outlets.cso-telegram]\nname = "Telegram"\nspider = "telegram"\n'
        'language = "ru"\ncrawl_delay = "slow"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as failed:
        load_outlets(path)
    assert "missing required field 'base_url'" in str(failed.value)
    path.write_text(
        '[outlets.cso-telegram]\nname = "Telegram"\nspider = "telegram"\n'
        'base_url = "https://t.me"\nlanguage = "ru"\ncrawl_delay = "slow"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as failed:
        load_outlets(path)
    assert str(failed.value) == (
        f"{path}:6: outlet 'cso-telegram': field 'crawl_delay': must be a non-negative "
        "number of seconds, got 'slow'"
    )


def test_0012_makes_every_stored_row_an_article_and_guards_kind_and_author(
    seeded: Store, make_article: Any
) -> None:
    """Down to 0010 (a store of the code before statements) and up again: the rows stored are
    articles; the CHECK refuses another kind and the foreign key an unknown author (SQLite
    checks foreign keys on this store's connections)."""
    from alembic import command
    from sqlalchemy import inspect, text
    from sqlalchemy.exc import IntegrityError

    from store.db import alembic_config, upgrade, writer

    at = datetime(2021, 9, 3, 12, tzinfo=UTC)
    with seeded.transaction() as session:
        saved = queries.save_article(session, make_article(), outlet_key="rferl", fetched_at=at)
    engine = seeded.engine
    with writer(engine).begin() as conn:
        command.downgrade(alembic_config(conn), "0010")
    assert "kind" not in {c["name"] for c in inspect(engine).get_columns("articles")}
    assert "cso_sources" not in inspect(engine).get_table_names()
    upgrade(engine)
    row = {"id": saved.article_id}
    with engine.connect() as conn:
        kind = conn.execute(text("SELECT kind, author_cso_id FROM articles WHERE id = :id"), row)
        assert tuple(kind.one()) == ("article", None)
    for column, value in (("kind", "opinion"), ("author_cso_id", "no-such-cso")):
        with pytest.raises(IntegrityError), seeded.transaction() as session:
            session.execute(text(f"UPDATE articles SET {column} = :v WHERE id = :id"),
                            {"v": value, **row})  # fmt: skip


def test_analysts_can_ask_for_statements_only(seeded: Store, make_article: Any) -> None:
    """``kind`` in the API and ``csowatch export --only``: an outlet's articles, or the CSOs'
    statements; a kind the store does not know is a 400 with the reason."""
    from starlette.testclient import TestClient

    from api.app import create_api
    from store.listings import Filters, select_records
    from store.tokens import add_token

    _with_channels(seeded)
    fetched = datetime(2021, 10, 20, tzinfo=UTC)
    with seeded.transaction() as session:
        queries.save_article(session, _statement(make_article, 104, 17),
                             outlet_key="cso-telegram", fetched_at=fetched)  # fmt: skip
        queries.save_article(session, make_article(), outlet_key="rferl", fetched_at=fetched)
        token = add_token(session, "script")
    with seeded.read_session() as s:
        for kind, outlet in (("statement", "cso-telegram"), ("article", "rferl")):
            rows = s.execute(select_records("articles", Filters(kind=kind))).all()
            assert [r.outlet for r in rows] == [outlet]
            quotes = s.execute(select_records("quotes", Filters(kind=kind))).all()
            assert [r.outlet for r in quotes] == ([] if kind == "statement" else ["rferl"])
    client = TestClient(create_api(seeded))
    auth = {"Authorization": f"Bearer {token}"}
    items = client.get("/articles?kind=statement", headers=auth).json()["items"]
    assert [(i["canonical_url"], i["kind"], i["author_cso"]) for i in items] == [
        ("https://t.me/gulagu_net/104", "statement", "gulagu-net")
    ]
    bad = client.get("/articles?kind=opinion", headers=auth)
    assert (bad.status_code, bad.json()) == (400, {"error": "kind: must be article or statement"})
    assert client.get("/articles?kind=statement&q=x", headers=auth).status_code == 400
