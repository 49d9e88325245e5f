"""The RFE/RL regional sites and The Moscow Times' Russian edition, by configuration: the
shipped tables, their URLs (previews, section pages, the two Russian hosts), and the real
sitemaps of ../shared/data checked against what the tables say."""

from __future__ import annotations

import gzip
import re
from datetime import UTC, date, datetime
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from scrapy.http import Response

from crawler.config import load_config
from pipelines.dates import parse_date
from pipelines.extract import extract_article
from pipelines.urls import article_id, article_key, canonical_url, is_article_url
from spiders.base import feed_problem
from spiders.sitemaps import parse_sitemap
from spiders.summary import outlet_verdict

REPO = Path(__file__).resolve().parents[1]
SITEMAPS = REPO.parent / "shared" / "data" / "outlets" / "rferl-sitemaps"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"

# outlet key -> (public host, Pangea site number), as the real sitemap files give them
PANGEA_SITES = {
    "currenttime": ("www.currenttime.tv", 54),
    "kavkazr": ("www.kavkazr.com", 74),
    "sibreal": ("www.sibreal.org", 84),
    "idelreal": ("www.idelreal.org", 65),
}


@pytest.fixture(scope="module")
def config():  # type: ignore[no-untyped-def]
    return load_config(REPO / "config")


def _read(path: Path) -> bytes:
    assert path.exists(), f"shared data missing: {path} (CI lays ../shared beside the clone)"
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


# -- the shipped tables -------------------------------------------------------------------------


def test_the_regional_sites_are_pangea_outlets_by_configuration(config) -> None:  # type: ignore[no-untyped-def]
    names = {
        "currenttime": "Current Time",
        "kavkazr": "Kavkaz.Realii",
        "sibreal": "Sibir.Realii",
        "idelreal": "Idel.Realii",
    }
    enabled = {o.key for o in config.enabled_outlets()}
    for key, (host, _number) in PANGEA_SITES.items():
        outlet = config.outlets[key]
        assert (outlet.name, outlet.spider, outlet.language) == (names[key], "pangea", "ru")
        assert outlet.sitemaps == (f"https://{host}/sitemap.xml",)
        assert key in enabled
    assert config.outlets["currenttime"].feeds == (
        "https://www.currenttime.tv/api/zgbip_l-vomx-tpe-v_py",
    )
    assert config.outlets["idelreal"].feeds == ("https://www.idelreal.org/api/",)
    # no feed code is known for these two: sitemaps only, never a guessed feed
    assert config.outlets["kavkazr"].feeds == config.outlets["sibreal"].feeds == ()


def test_services_the_facts_do_not_cover_are_configured_but_not_crawled(config) -> None:  # type: ignore[no-untyped-def]
    enabled = {o.key for o in config.enabled_outlets()}
    for key in ("krymr", "azatliq", "azattyk"):
        outlet = config.outlets[key]
        assert outlet.spider == "pangea" and not outlet.enabled
        assert key not in enabled
        assert config.enabled_outlets([key])[0].key == key  # --outlet still names it
    text = (REPO / "config" / "outlets.toml").read_text(encoding="utf-8")
    block = text[text.index("[outlets.krymr]") : text.index("[outlets.moscowtimes-ru]")]
    assert block.count("enabled = false") == 3 and block.count("unverified") >= 3


def test_the_moscow_times_russian_edition(config) -> None:  # type: ignore[no-untyped-def]
    ru = config.outlets["moscowtimes-ru"]
    assert (ru.spider, ru.language, ru.name) == ("moscowtimes", "ru", "The Moscow Times")
    assert ru.feeds == ("https://ru.themoscowtimes.com/rss/news",)
    assert ru.sitemaps == ()  # unknown for this edition
    old = "https://www.moscowtimes.ru/2024/12/19/v-moskve-zaderzhali-aktivistov-a150935"
    new = "https://ru.themoscowtimes.com/2025/08/11/sud-oshtrafoval-pravozaschitnikov-a171592"
    english = "https://www.themoscowtimes.com/2025/08/11/court-fines-rights-group-a171592"
    assert ru.owns(old) and ru.owns(new) and not ru.owns(english)
    assert not config.outlets["moscowtimes"].owns(new)
    # on the public web each host is fetched as it is (no redirect between them is known)
    assert ru.fetch_url(old) == old and ru.fetch_url(new) == new


def test_a_mirror_serves_every_host_of_the_outlet_but_the_public_web_does_not(
    tmp_path: Path,
) -> None:
    (tmp_path / "outlets.toml").write_text(
        '[outlets.mt]\nname = "The Moscow Times"\nspider = "moscowtimes"\n'
        'base_url = "http://127.0.0.1:8802"\nsite_url = "https://www.themoscowtimes.com"\n'
        'language = "en"\nhosts = ["static.themoscowtimes.com"]\n'
        '[outlets.live]\nname = "The Moscow Times"\nspider = "moscowtimes"\n'
        'base_url = "https://www.themoscowtimes.com"\nlanguage = "en"\n'
        'hosts = ["static.themoscowtimes.com"]\n',
        encoding="utf-8",
    )
    outlets = load_config(tmp_path).outlets
    index = "https://static.themoscowtimes.com/sitemap/sitemap.xml"
    assert outlets["mt"].fetch_url(index) == "http://127.0.0.1:8802/sitemap/sitemap.xml"
    assert outlets["live"].fetch_url(index) == index  # before: www.themoscowtimes.com/sitemap/…


# -- URLs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "article"),
    [
        ("https://www.currenttime.tv/a/pow-exchange-completed/33423628.html", True),
        ("https://www.currenttime.tv/a/33420227.html", True),
        ("https://www.kavkazr.com/p/7647.html", False),  # a section page
        ("https://www.kavkazr.com/p/7663.html", False),
        ("https://www.kavkazr.com/z/1234", False),
        ("https://www.idelreal.org/interview", False),
        ("https://www.sibreal.org/author/ivan-petrov/ymqpy", False),
        ("https://www.idelreal.org/Investigations/2025/5/23", False),
    ],
)
def test_what_is_an_article_on_the_regional_sites(url: str, article: bool) -> None:
    assert is_article_url(url, "pangea") is article


def test_a_preview_copy_is_the_article_of_the_outlet_that_lists_it(config) -> None:  # type: ignore[no-untyped-def]
    """Several Russian-language sites share the culture ru-RU: the preview's culture names no
    site, so an outlet maps the previews of its own language to itself, and only those."""
    preview = "https://rfe.pangea-cms.com/preview/ru-RU/a/sud-nad-aktivistom/33422481.html"
    kavkazr, currenttime = config.outlets["kavkazr"], config.outlets["currenttime"]
    assert canonical_url(preview, kavkazr.preview_hosts) == (
        "https://www.kavkazr.com/a/sud-nad-aktivistom/33422481.html"
    )
    assert canonical_url(preview, currenttime.preview_hosts) == (
        "https://www.currenttime.tv/a/sud-nad-aktivistom/33422481.html"
    )
    english = "https://rfe.pangea-cms.com/preview/en-US/a/court/33422481.html"
    assert canonical_url(english, kavkazr.preview_hosts) is None
    assert config.outlets["moscowtimes-ru"].preview_hosts == {}
    # an exact culture still wins over a language
    exact = {"ru": "www.kavkazr.com", "ru-RU": "www.svoboda.org"}
    assert (
        canonical_url(preview, exact)
        == "https://www.svoboda.org/a/sud-nad-aktivistom/33422481.html"
    )


def test_russian_and_english_moscow_times_ids_are_never_one_article() -> None:
    en = "https://www.themoscowtimes.com/2025/08/11/court-fines-rights-group-a171592"
    ru = "https://ru.themoscowtimes.com/2025/08/11/sud-oshtrafoval-pravozaschitnikov-a171592"
    old_ru = "https://www.moscowtimes.ru/2025/08/11/sud-oshtrafoval-pravozaschitnikov-a171592"
    assert article_id(en) == article_id(ru) == article_id(old_ru) == "a171592"
    assert article_key(en) == "themoscowtimes.com:a171592"
    assert article_key(ru) == "ru.themoscowtimes.com:a171592"
    assert article_key(old_ru) == "moscowtimes.ru:a171592"
    assert len({article_key(en), article_key(ru), article_key(old_ru)}) == 3
    # the same host (with or without www., another slug, AMP) is the same article
    assert article_key("https://moscowtimes.ru/2025/08/11/drugoy-slug-a171592") == (
        article_key(old_ru)
    )
    assert article_key(ru + "/amp") == article_key(ru)
    assert canonical_url(ru + "?utm_source=telegram") == ru


# -- the real sitemaps (May 2025) -----------------------------------------------------------


@pytest.mark.usefixtures("shared_data")
@pytest.mark.parametrize("key", sorted(PANGEA_SITES))
def test_the_real_sitemaps_fit_the_outlet_table(config, key: str) -> None:  # type: ignore[no-untyped-def]
    host, number = PANGEA_SITES[key]
    outlet = config.outlets[key]
    folder = SITEMAPS / f"www.{host.removeprefix('www.')}"
    kind, entries = parse_sitemap(_read(folder / "sitemap.xml"))
    assert kind == "sitemapindex"
    locs = {e.loc for e in entries}
    assert f"https://{host}/sitemap.xml" in outlet.sitemaps
    for part in ("news", "latest", "sections", "videos", "1"):
        assert f"https://{host}/sitemap_{number}_{part}.xml.gz" in locs
    assert all(outlet.owns(loc) for loc in locs)

    body = _read(folder / f"sitemap_{number}_news.xml.gz")
    kind, news = parse_sitemap(body)
    assert kind == "urlset" and news and len(news) == body.count(b"<url>")
    for entry in news:
        assert outlet.owns(entry.loc) and is_article_url(entry.loc, "pangea"), entry.loc
        assert article_key(entry.loc) == f"{host.removeprefix('www.')}:{article_id(entry.loc)}"
        published = parse_date(entry.publication_date)
        assert published is not None and published.year == 2025
    languages = {node.text for node in etree.fromstring(body).iter(f"{{{NEWS_NS}}}language")}
    assert languages == {outlet.language}


@pytest.mark.usefixtures("shared_data")
def test_the_display_name_is_never_taken_from_the_news_sitemap(config) -> None:  # type: ignore[no-untyped-def]
    body = _read(SITEMAPS / "www.idelreal.org" / "sitemap_65_news.xml.gz")
    names = {node.text for node in etree.fromstring(body).iter(f"{{{NEWS_NS}}}name")}
    assert names == {"Radio Free Europe / Radio Liberty Inc."}
    assert config.outlets["idelreal"].name == "Idel.Realii"


# -- the run summary ------------------------------------------------------------------------


def test_a_failed_source_is_named_in_the_summary() -> None:
    counts = {"sources_ok": 1, "sources_failed": 1, "fetched": 3}
    error = "feed https://www.idelreal.org/api/: HTTP 404"
    verdict = outlet_verdict(counts, source_error=error)
    assert verdict.status == "failed"
    assert verdict.message == f"1 source(s) failed: {error}"


# -- extraction details the golden pages rest on ---------------------------------------------

GOLDEN = REPO / "tests" / "golden"


def _without(page: str, *patterns: str) -> str:
    for pattern in patterns:
        page, n = re.subn(pattern, "", page)
        assert n, pattern  # the golden page still has what the test removes
    return page


def test_idel_realii_visible_date_is_read_when_nothing_else_dates_the_page() -> None:
    """Idel.Realii prints the month first, in the nominative ("Июль 18, 2025")."""
    page = (GOLDEN / "idelreal" / "tatar_activist_fined_2025_07_18.html").read_text("utf-8")
    bare = _without(page, r'<script type="application/ld\+json">.*?</script>', r' datetime="[^"]+"')
    url = "https://www.idelreal.org/a/sud-v-kazani-oshtrafoval-aktivista/33480512.html"
    article = extract_article(bare, url, "idelreal", spider="pangea")
    assert article.published is not None and article.published.date() == date(2025, 7, 18)


def test_the_russian_editions_updated_time_is_not_the_publication_time() -> None:
    name = "rights_defenders_fined_2025_08_11.html"
    page = (GOLDEN / "moscowtimes-ru" / name).read_text("utf-8")
    url = "https://ru.themoscowtimes.com/2025/08/11/sud-oshtrafoval-pravozaschitnikov-a171592"
    undated = _without(
        page, r'<meta property="article:published_time"[^>]*>', r'"datePublished":"[^"]+",'
    )
    # "Обновлено: 11 августа 2025" shows the edit (18:05), not the publication (14:20)
    assert extract_article(undated, url, "moscowtimes-ru", spider="moscowtimes").published is None
    shown = undated.replace(">Обновлено: 11 августа 2025<", ">11 августа 2025<")
    found = extract_article(shown, url, "moscowtimes-ru", spider="moscowtimes").published
    assert found == datetime(2025, 8, 11, 15, 5, tzinfo=UTC)


def test_a_pangea_date_outside_the_usual_block_is_read_from_the_content() -> None:
    """Kavkaz.Realii's date as one scraper reads it, ``#content time[datetime]``: found when
    the page has no JSON-LD, no analytics block and no ``div.published`` around its time."""
    page = (GOLDEN / "kavkazr" / "nalchik_detentions_2025_05_24.html").read_text("utf-8")
    url = "https://www.kavkazr.com/a/v-nalchike-zaderzhali-vosem-chelovek/33422997.html"
    moved = _without(
        page,
        r'<div class="published">\s*<span class="date" >',
        r"</span>\s*</div>\n(?=<div class=\"links\">)",
    )
    assert '<div class="published">' not in moved
    article = extract_article(moved, url, "kavkazr", spider="pangea")
    assert article.published == datetime(2025, 5, 24, 8, 42, 6, tzinfo=UTC)


@pytest.mark.parametrize(
    ("body", "ctype", "problem"),
    [
        (b"<!DOCTYPE html><html><body><h1>RSS</h1></body></html>", "text/html; charset=utf-8",
         "not a feed: the answer is an HTML page (text/html)"),
        (b"<html><body>Not found</body></html>", "", "not a feed: the answer is an HTML page"),
        (b"<?xml version='1.0'?><urlset><url/></urlset>", "text/xml", "not a feed: no RSS"),
        (b"<?xml version='1.0'?><rss version='2.0'><channel><title>x", "application/rss+xml",
         "not a feed: "),
        # an empty feed is a feed (the empty-feed alert counts it run after run), and so is an
        # empty body: some feed codes answer 200 with nothing for months
        (b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title></channel></rss>",
         "application/rss+xml", None),
        (b"", "application/rss+xml", None),
        (b"  \n", "text/html", None),
    ],
)  # fmt: skip
def test_what_a_feed_answered_instead_of_a_feed(
    body: bytes, ctype: str, problem: str | None
) -> None:
    headers = {"Content-Type": ctype} if ctype else {}
    response = Response("https://www.idelreal.org/api/", body=body, headers=headers)
    found = feed_problem(response, feedparser.parse(body))
    if problem is None:
        assert found is None
    else:
        assert found is not None and found.startswith(problem), found
