"""API outlets end to end: Meduza and Novaya Gazeta Europe (ru, en) crawled by
``python -m crawler crawl`` from mirrors of their RSS feeds and JSON APIs on 127.0.0.1
(``tests/outlets/``), into SQLite and PostgreSQL, with the outlets' tables of
``config/outlets.toml`` as they are (only ``base_url`` points at the mirror)."""

from __future__ import annotations

import re
import subprocess
import tomllib
from contextlib import ExitStack
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from demo.server import Resource
from store.db import open_store
from store.models import ArticleRow, BadPage, MentionRow
from tests.outlets import meduza_site, novayagazeta_site
from tests.outlets.apiserver import SPA_SHELL, ApiServer
from tests.outlets.apiserver import key as resource_key
from tests.processes import run_csowatch

REPO = Path(__file__).resolve().parents[1]
WEEK = ("--since", "2021-10-15", "--until", "2021-10-21")
SITES = {"meduza": ("meduza", "meduza-en"), "novayagazeta": ("novayagazeta", "novayagazeta-en")}
pytestmark = pytest.mark.integration


def _plain(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).replace("\xa0", " ").split())


class ApiMirror:
    """The two API sites served, and a configuration whose API outlets point at them."""

    def __init__(self, tmp_path: Path, db_url: str, *, archive: bool = False) -> None:
        self.stack = ExitStack()
        self.servers = {
            "meduza": self.stack.enter_context(ApiServer(meduza_site.site())),
            "novayagazeta": self.stack.enter_context(ApiServer(novayagazeta_site.site())),
        }
        self.db_url = db_url
        self.cwd = tmp_path
        self.archive = tmp_path / "archive" if archive else None
        self.config = tmp_path / "config"
        self._write_config()

    def _write_config(self) -> None:
        real = tomllib.loads((REPO / "config" / "outlets.toml").read_text(encoding="utf-8"))
        lines = []
        for site, keys in SITES.items():
            for key in keys:
                table = real["outlets"][key]
                feeds = ", ".join(f'"{f}"' for f in table["feeds"])
                lines += [
                    f"[outlets.{key}]",
                    f'name = "{table["name"]}"',
                    f'spider = "{table["spider"]}"',
                    f'base_url = "{self.servers[site].url}"',
                    f'site_url = "{table["base_url"]}"',
                    f'language = "{table["language"]}"',
                    f"feeds = [{feeds}]",
                    f"robots_sitemaps = {str(table.get('robots_sitemaps', True)).lower()}",
                    "",
                ]
        self.config.mkdir(parents=True, exist_ok=True)
        (self.config / "outlets.toml").write_text("\n".join(lines), encoding="utf-8")
        archive = f'archive_dir = "{self.archive}"' if self.archive else 'archive_dir = ""'
        (self.config / "settings.toml").write_text(
            '[crawl]\nuser_agent = "csowatch-test/0.1"\n'
            'contact_url = "https://example.org/csowatch"\n'
            "download_delay = 0.0\nautothrottle = false\nretry_times = 1\n"
            f"concurrent_per_domain = 4\n{archive}\n",
            encoding="utf-8",
        )
        (self.config / "csos.yaml").write_bytes((REPO / "config" / "csos.yaml").read_bytes())

    def csowatch(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_csowatch(self.config, self.db_url, self.cwd, *args)

    def crawl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.csowatch("crawl", "--quiet", *WEEK, *args)

    def documents_requested(self) -> list[str]:
        return [
            p
            for server in self.servers.values()
            for p in server.paths()
            if "/get/record" in p or (p.startswith("/api/w5/") and "search" not in p)
        ]

    def close(self) -> None:
        self.stack.close()


@pytest.fixture
def api_mirror(tmp_path: Path, db_url: str):
    m = ApiMirror(tmp_path, db_url)
    yield m
    m.close()


def _rows(db_url: str) -> dict[str, ArticleRow]:
    with open_store(db_url) as store, store.read_session() as s:
        rows = s.scalars(select(ArticleRow)).unique().all()
        for row in rows:
            _ = row.outlet.key
            s.expunge(row)
        return {row.canonical_url: row for row in rows}


def _summary(stdout: str) -> dict[str, str]:
    return {line.split()[0]: line for line in stdout.splitlines() if line and line[0] != " "}


def test_api_outlets_crawled_into_the_store_and_not_again(api_mirror: ApiMirror) -> None:
    result = api_mirror.crawl()
    assert result.returncode == 0, result.stdout + result.stderr
    lines = _summary(result.stdout)
    for key in ("meduza", "meduza-en", "novayagazeta", "novayagazeta-en"):
        assert " OK " in lines[key], lines[key]

    rows = _rows(api_mirror.db_url)
    expected = {}
    for lang, key in (("ru", "meduza"), ("en", "meduza-en")):
        for a in meduza_site.in_week(meduza_site.SAMPLE, lang):
            expected[a.url] = (key, a)
    for lang, key in (("ru", "novayagazeta"), ("en", "novayagazeta-en")):
        for n in novayagazeta_site.in_week(novayagazeta_site.SAMPLE, lang):
            expected[n.url] = (key, n)
    assert set(rows) == set(expected)
    assert len(expected) == 9  # 4 + 2 of Meduza's (one listed in the API only), 2 + 2 of NGE

    for url, (key, a) in expected.items():
        row = rows[url]
        # the article's page (on the mirror's host, as for every mirrored outlet), not the
        # API document it was read from
        assert urlsplit(row.url).path == urlsplit(url).path
        assert row.outlet.key == key
        assert row.published == a.published
        if isinstance(a, meduza_site.MeduzaArticle):
            assert row.extractor == "meduza-api"
            assert row.title == a.title
            assert row.subtitle == (a.second_title or None)
            assert row.lead == (a.description or a.paragraphs[0])
            assert row.paragraphs == list(a.paragraphs)
            assert row.authors == []  # Meduza's API names no authors
            assert row.modified == (a.modified or a.published)
            assert row.section == a.tag
        else:
            assert row.extractor == "novayagazeta-api"
            assert row.title == _plain(a.title)
            assert row.subtitle == (_plain(a.subtitle) or None)
            assert row.lead == _plain(a.lead or a.paragraphs[0])
            assert row.paragraphs == [_plain(p) for p in a.body_paragraphs]
            assert row.authors == a.author_names()
            assert row.tags == list(a.tags)
            assert row.section == a.rubric
        assert row.language == (a.language if hasattr(a, "language") else a.lang)

    first = rows[
        "https://novayagazeta.eu/articles/2021/10/18/volonterov-ovd-info-zaderzhali-u-suda"
    ]
    assert first.authors == ["Ирина Петрова"]  # the newsroom "Новая газета Европа" is no author
    english = rows[
        "https://novayagazeta.eu/articles/2021/10/18/volunteers-detained-outside-court-en"
    ]
    assert english.authors == ["Irina Petrova", "Pavel Sokolov"]
    with open_store(api_mirror.db_url) as store, store.read_session() as s:
        mentioned = set(
            s.execute(
                select(ArticleRow.canonical_url, MentionRow.cso_id).join(
                    MentionRow, MentionRow.article_id == ArticleRow.id
                )
            ).all()
        )
    assert (meduza_site.SAMPLE[0].url, "ovd-info") in mentioned  # in the body of the JSON
    assert (english.canonical_url, "ovd-info") in mentioned

    fetched = api_mirror.documents_requested()
    assert len(fetched) == len(expected)  # one API document per article, nothing else
    for server in api_mirror.servers.values():
        server.clear_log()
        server.conditional = False  # feeds and listings answered in full, not 304
    again = api_mirror.crawl()
    assert again.returncode == 0, again.stdout + again.stderr
    assert api_mirror.documents_requested() == []  # incremental: no article fetched again
    # the three stored: two in the RSS and the listing, one in the listing only
    assert "skipped_known=3 " in _summary(again.stdout)["meduza"]
    assert set(_rows(api_mirror.db_url)) == set(expected)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_bad_api_answers_are_bad_pages_and_a_moved_feed_is_one_line(
    tmp_path: Path, db_url: str
) -> None:
    """An API document answered by the application's HTML shell, or by a 500, is one bad page
    with its reason and the outlet's other articles are stored; an RSS feed that moved (404)
    and an API listing that answers HTML are one line each in the summary, naming the source;
    the other outlets are unaffected."""
    m = ApiMirror(tmp_path, db_url)
    try:
        shell, rest = meduza_site.SAMPLE[0], meduza_site.SAMPLE[1:3]
        meduza = meduza_site.site()
        meduza[shell.api_path] = SPA_SHELL
        del meduza[meduza_site.FEEDS["en"]]  # the English feed moved: 404
        m.servers["meduza"].set_site(meduza)
        failing, kept = novayagazeta_site.SAMPLE[1], novayagazeta_site.SAMPLE[0]
        nge = novayagazeta_site.site()
        nge[failing.api_key] = Resource(b"Internal Server Error", "text/plain", status=500)
        nge[resource_key(novayagazeta_site.LISTINGS["en"])] = SPA_SHELL
        m.servers["novayagazeta"].set_site(nge)

        result = m.crawl()
        assert result.returncode == 1, result.stdout + result.stderr  # two outlets failed
        assert "Traceback" not in result.stderr
        lines = _summary(result.stdout)
        assert " OK " in lines["meduza"] and "(1 bad page(s))" in lines["meduza"]
        assert " OK " in lines["novayagazeta"] and "(1 bad page(s))" in lines["novayagazeta"]
        feed = m.servers["meduza"].url + meduza_site.FEEDS["en"]
        assert f"1 source(s) failed: feed {feed}: HTTP 404" in lines["meduza-en"]
        assert " FAILED " in lines["meduza-en"]
        listing = m.servers["novayagazeta"].url + novayagazeta_site.LISTINGS["en"]
        assert (
            f"no feed or sitemap could be read: feed {listing}: not an API listing: "
            "the API answered HTML, not a JSON document" in lines["novayagazeta-en"]
        )

        with open_store(db_url) as store, store.read_session() as s:
            reasons = {p.url: (p.reason, p.detail) for p in s.scalars(select(BadPage))}
        assert reasons == {
            shell.url: ("not-json", "the API answered HTML, not a JSON document"),
            failing.url: ("http-500", reasons[failing.url][1]),
        }
        english = [a for a in meduza_site.in_week(meduza_site.SAMPLE, "en") if a.in_listing]
        assert set(_rows(db_url)) == {a.url for a in (*rest, *english)} | {kept.url}
    finally:
        m.close()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_reprocess_reads_the_api_documents_from_the_warc_archive(
    tmp_path: Path, db_url: str
) -> None:
    """The WARC archive holds the API documents under their public URL: ``csowatch
    reprocess`` extracts them again through the same path."""
    m = ApiMirror(tmp_path, db_url, archive=True)
    try:
        assert m.crawl().returncode == 0
        assert m.archive is not None and list(m.archive.glob("meduza/*.warc.gz"))
        before = _rows(db_url)
        result = m.csowatch("reprocess")
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"reprocessed: unchanged={len(before)}"
        after = _rows(db_url)
        assert {u: r.url for u, r in after.items()} == {u: r.url for u, r in before.items()}
    finally:
        m.close()
