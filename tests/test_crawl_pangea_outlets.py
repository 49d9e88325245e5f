"""The RFE/RL regional sites and The Moscow Times' Russian edition crawled end to end: mirrors
on 127.0.0.1 in the sites' real layouts (``tests/outlets/pangea_site.py``), ``python -m crawler
crawl`` into SQLite and PostgreSQL, beside the English Moscow Times with an article of the same
number; then a feed that moved (404) and a feed that answers an HTML page."""

from __future__ import annotations

import subprocess
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from demo.server import Resource, SampleServer
from demo.sitegen import SampleArticle, SiteSpec
from demo.sitegen import build_site as build_sample_site
from store.db import open_store
from store.models import ArticleRow, Outlet, SkippedURL
from tests.outlets.pangea_site import (
    ENGLISH_TWIN,
    PREVIEW,
    RECURRING,
    WINDOW,
    Site,
    build_site,
    sites,
    write_config,
)
from tests.processes import run_csowatch

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.integration

ENGLISH = SiteSpec(
    "moscowtimes",
    "https://www.themoscowtimes.com",
    "en",
    [
        SampleArticle(
            id=165012,  # the Russian edition's story has the same number
            slug="court-fines-rights-defenders",
            title="Court Fines Rights Defenders Over Army 'Discreditation'",
            published=datetime(2025, 5, 23, 10, 0, tzinfo=UTC),
            paragraphs=(
                "A Moscow court fined two staff members of a rights center on Friday.",
                "Their lawyers said the posts only retold reports by OVD-Info.",
            ),
            lead="Two rights defenders were fined.",
            authors=("Anna Kuznetsova",),
        )
    ],
    publisher="The Moscow Times",
)


class Mirrors:
    def __init__(self, tmp_path: Path, db_url: str) -> None:
        self.stack = ExitStack()
        self.sites: dict[str, Site] = sites()
        self.servers = {
            key: self.stack.enter_context(SampleServer(build_site(site)))
            for key, site in self.sites.items()
        }
        self.english = self.stack.enter_context(SampleServer(build_sample_site(ENGLISH)))
        self.config = write_config(
            tmp_path / "config", self.sites, self.servers, ("moscowtimes", self.english)
        )
        self.db_url = db_url
        self.cwd = tmp_path

    def crawl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_csowatch(self.config, self.db_url, self.cwd, "crawl", "--quiet", *WINDOW, *args)

    def stored(self) -> dict[str, tuple[str, datetime | None, list[str]]]:
        """canonical URL -> (outlet key, published, authors)."""
        with open_store(self.db_url) as store, store.read_session() as s:
            rows = s.execute(
                select(
                    ArticleRow.canonical_url, Outlet.key, ArticleRow.published, ArticleRow.authors
                ).join(Outlet, ArticleRow.outlet_id == Outlet.id)
            )
            return {
                url: (key, _utc(published), list(authors)) for url, key, published, authors in rows
            }

    def close(self) -> None:
        self.stack.close()


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@pytest.fixture
def mirrors(tmp_path: Path, db_url: str):  # type: ignore[no-untyped-def]
    m = Mirrors(tmp_path, db_url)
    yield m
    m.close()


def _expected(m: Mirrors) -> dict[str, tuple[str, datetime | None, list[str]]]:
    since, until = datetime(2025, 5, 19, tzinfo=UTC), datetime(2025, 5, 26, tzinfo=UTC)
    expected = {
        site.url_of(story): (key, story.published.replace(microsecond=0), list(story.authors))
        for key, site in m.sites.items()
        for story in site.stories
        if since <= story.published < until
    }
    # listed by Current Time's feed only as a preview copy
    expected["https://www.currenttime.tv/a/vernuvshiesya-s-voyny/33422600.html"] = (
        "currenttime",
        datetime(2025, 5, 24, 4, 1, tzinfo=UTC),
        ["Мария Кузнецова"],
    )
    expected[ENGLISH_TWIN] = (
        "moscowtimes",
        datetime(2025, 5, 23, 10, 0, tzinfo=UTC),
        ["Anna Kuznetsova"],
    )
    return expected


def _summary(stdout: str) -> dict[str, str]:
    return {line.split()[0]: line for line in stdout.splitlines() if line and line[0] != " "}


def test_each_outlet_lands_in_the_store_with_its_date_and_authors(mirrors: Mirrors) -> None:
    result = mirrors.crawl()
    assert result.returncode == 0, result.stdout + result.stderr
    lines = _summary(result.stdout)
    for key in (*mirrors.sites, "moscowtimes"):
        assert " OK " in lines[key], result.stdout

    stored = mirrors.stored()
    assert stored == _expected(mirrors)
    # Russian and English stories of the same number are two articles of two outlets
    russian = "https://ru.themoscowtimes.com/2025/05/23/sud-oshtrafoval-pravozaschitnikov-a165012"
    assert stored[russian][0] == "moscowtimes-ru" and stored[ENGLISH_TWIN][0] == "moscowtimes"
    # the old host of the Russian edition is the same outlet
    old_host = "https://www.moscowtimes.ru/2025/05/20/v-moskve-zaderzhali-aktivistov-a164900"
    assert stored[old_host][0] == "moscowtimes-ru"

    # what is not an article was never fetched: section pages, tag pages, the preview host
    kavkaz = mirrors.servers["kavkazr"].paths()
    assert not {"/p/7647.html", "/p/7663.html", "/z/20158"} & set(kavkaz)
    assert "/tag/Sudy" not in mirrors.servers["moscowtimes-ru"].paths()
    assert "/preview/ru-RU/a/vernuvshiesya-s-voyny/33422600.html" not in (
        mirrors.servers["currenttime"].paths()
    )
    assert PREVIEW not in stored
    # the recurring Kavkaz.Realii page: fetched once, dated 2017 on the page, not stored
    assert RECURRING not in stored and kavkaz.count("/a/28482722.html") == 1
    with open_store(mirrors.db_url) as store, store.read_session() as s:
        skipped = s.scalars(select(SkippedURL).where(SkippedURL.canonical_url == RECURRING)).one()
        assert skipped.reason == "outside_window"

    # a second run fetches no article again, the recurring page neither
    for server in (*mirrors.servers.values(), mirrors.english):
        server.clear_log()
    again = mirrors.crawl()
    assert again.returncode == 0, again.stdout + again.stderr
    for key, server in mirrors.servers.items():
        fetched = [p for p in server.paths() if p.startswith(("/a/", "/20"))]
        assert fetched == [], (key, fetched)
    assert mirrors.stored() == stored


def test_a_moved_feed_and_a_feed_that_is_html_fail_their_outlets_in_one_line(
    mirrors: Mirrors,
) -> None:
    idel = build_site(mirrors.sites["idelreal"])
    del idel["/api/"]  # the feed moved: 404
    mirrors.servers["idelreal"].set_site(idel)
    current = build_site(mirrors.sites["currenttime"])
    current["/api/zgbip_l-vomx-tpe-v_py"] = Resource(
        b"<!DOCTYPE html><html><head><title>\xd0\x9d\xd0\xb0\xd1\x81\xd1\x82\xd0\xbe\xd1\x8f"
        b"</title></head><body><h1>RSS</h1><ul><li><a href='/api/zmgqoe'>News</a></li></ul>"
        b"</body></html>",
        "text/html; charset=utf-8",
    )
    mirrors.servers["currenttime"].set_site(current)

    result = mirrors.crawl()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = _summary(result.stdout)
    assert set(lines) >= {*mirrors.sites, "moscowtimes"}
    idel_line, current_line = lines["idelreal"], lines["currenttime"]
    assert " FAILED " in idel_line
    assert f"1 source(s) failed: feed {mirrors.servers['idelreal'].url}/api/: HTTP 404" in (
        idel_line
    )
    assert " FAILED " in current_line
    assert "1 source(s) failed: feed " in current_line
    assert "/api/zgbip_l-vomx-tpe-v_py: not a feed: the answer is an HTML page (text/html)" in (
        current_line
    )
    for key in ("kavkazr", "sibreal", "moscowtimes-ru", "moscowtimes"):
        assert " OK " in lines[key], result.stdout
    # the other outlets are unaffected, and the failing ones still read their sitemaps
    stored = mirrors.stored()
    expected = _expected(mirrors)
    del expected["https://www.currenttime.tv/a/vernuvshiesya-s-voyny/33422600.html"]  # feed only
    assert stored == expected
