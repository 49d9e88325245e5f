"""The crawl end to end: real spiders through Scrapy against real HTTP servers on 127.0.0.1
serving the sample week in each outlet's markup, into SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import ExitStack
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crawler.lock import crawl_lock
from demo.articles import sample_specs
from demo.mirror import start_servers, write_config
from demo.server import SampleServer
from demo.sitegen import SiteSpec, article_path, build_site
from store.db import open_store
from store.models import ArticleRow, ArticleVersion, BadPage, Clipping, MentionRow
from tests.processes import run_csowatch

REPO = Path(__file__).resolve().parents[1]
WEEK = ("--since", "2021-10-15", "--until", "2021-10-21")
pytestmark = pytest.mark.integration


class Mirror:
    """The sample sites, served, with a configuration pointing at them."""

    def __init__(self, tmp_path: Path, db_url: str, specs: dict[str, SiteSpec]) -> None:
        self.stack = ExitStack()
        self.specs = specs
        self.servers: dict[str, SampleServer] = start_servers(specs, self.stack)
        self.config = write_config(tmp_path / "config", specs, self.servers)
        self.db_url = db_url
        self.cwd = tmp_path

    def crawl(self, *args: str, command: str = "crawl") -> subprocess.CompletedProcess[str]:
        return self.csowatch(command, "--quiet", *args)

    def csowatch(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_csowatch(self.config, self.db_url, self.cwd, *args)

    def article_requests(self, key: str) -> list[str]:
        spec = self.specs[key]
        paths = {article_path(spec, a) for a in spec.articles}
        return [p for p in self.servers[key].paths() if p in paths]

    def republish(self, key: str, spec: SiteSpec) -> None:
        self.specs[key] = spec
        self.servers[key].set_site(build_site(spec))

    def close(self) -> None:
        self.stack.close()


@pytest.fixture
def mirror(tmp_path: Path, db_url: str):
    m = Mirror(tmp_path, db_url, sample_specs())
    yield m
    m.close()


def _in_week(spec: SiteSpec) -> set[str]:
    lo, hi = datetime(2021, 10, 15, tzinfo=UTC), datetime(2021, 10, 22, tzinfo=UTC)
    return {
        spec.public_url + article_path(spec, a) for a in spec.articles if lo <= a.published < hi
    }


def _stored_urls(db_url: str) -> set[str]:
    with open_store(db_url) as store, store.read_session() as s:
        return set(s.scalars(select(ArticleRow.canonical_url)))


def test_backfill_takes_the_week_and_a_second_run_fetches_no_article(mirror: Mirror) -> None:
    first = mirror.crawl(*WEEK)
    assert first.returncode == 0, first.stdout + first.stderr
    expected = set().union(*(_in_week(spec) for spec in mirror.specs.values()))
    assert _stored_urls(mirror.db_url) == expected
    for line in ("rferl", "svoboda", "moscowtimes"):
        assert any(row.startswith(line) and " OK " in row for row in first.stdout.splitlines())
    fetched_first = {k: len(mirror.article_requests(k)) for k in mirror.specs}
    assert fetched_first["rferl"] >= 3  # the week's articles (and edited ones) were fetched

    with open_store(mirror.db_url) as store, store.read_session() as s:
        mentioned = set(s.scalars(select(MentionRow.cso_id)))
        candidates = s.scalar(select(func.count()).select_from(Clipping))
    assert {"ovd-info", "memorial", "gulagu-net", "golos", "levada-center"} <= mentioned
    assert candidates and candidates >= 6

    for server in mirror.servers.values():
        server.clear_log()
    second = mirror.crawl(*WEEK)
    assert second.returncode == 0, second.stdout + second.stderr
    assert {k: mirror.article_requests(k) for k in mirror.specs} == {k: [] for k in mirror.specs}
    # feeds and sitemaps were asked conditionally and answered 304
    not_modified = sum(len(s.paths(status=304)) for s in mirror.servers.values())
    assert not_modified >= 3
    assert _stored_urls(mirror.db_url) == expected


def test_a_backfill_after_a_cron_run_reads_the_sitemaps_in_full(mirror: Mirror) -> None:
    """The cron's run (the last three days) reads every source and keeps its validators; a
    backfill of a past week must not take the sources' 304 for "nothing in that week"."""
    cron = mirror.crawl("--days", "3")
    assert cron.returncode == 0, cron.stdout + cron.stderr
    assert _stored_urls(mirror.db_url) == set()  # the sample week is years old
    for server in mirror.servers.values():
        server.clear_log()

    backfill = mirror.crawl(*WEEK)
    assert backfill.returncode == 0, backfill.stdout + backfill.stderr
    assert sum(len(s.paths(status=304)) for s in mirror.servers.values()) == 0
    expected = set().union(*(_in_week(spec) for spec in mirror.specs.values()))
    assert _stored_urls(mirror.db_url) == expected

    # the week's read covers a narrower window: now the validators go back, and 304s come
    for server in mirror.servers.values():
        server.clear_log()
    again = mirror.crawl("--since", "2021-10-16", "--until", "2021-10-20")
    assert again.returncode == 0, again.stdout + again.stderr
    assert sum(len(s.paths(status=304)) for s in mirror.servers.values()) >= 3
    assert {k: mirror.article_requests(k) for k in mirror.specs} == {k: [] for k in mirror.specs}


def test_a_changed_page_is_fetched_again_and_versioned(mirror: Mirror) -> None:
    assert mirror.crawl(*WEEK).returncode == 0
    spec = mirror.specs["rferl"]
    target = next(a for a in spec.articles if a.id == 31514480)
    edited = target.edited(
        (*target.paragraphs, "UPDATE: The Supreme Court set a hearing for November 25."),
        datetime(2021, 10, 27, 12, 0, tzinfo=UTC),  # edited after the week
    )
    articles = [edited if a.id == target.id else a for a in spec.articles]
    mirror.republish("rferl", replace(spec, articles=articles))
    mirror.servers["rferl"].clear_log()

    result = mirror.crawl(*WEEK)
    assert result.returncode == 0, result.stdout + result.stderr
    assert mirror.article_requests("rferl") == [article_path(spec, target)]
    with open_store(mirror.db_url) as store, store.read_session() as s:
        row = s.scalars(select(ArticleRow).where(ArticleRow.external_id == "31514480")).one()
        versions = s.scalars(select(ArticleVersion).where(ArticleVersion.article_id == row.id))
        assert row.version == 2
        assert row.paragraphs[-1].startswith("UPDATE: The Supreme Court")
        assert [v.version for v in versions] == [1]
        assert s.scalar(select(func.count()).select_from(ArticleRow)) == 8  # no duplicate
        # every article signed in the analysis workers and put in a story (store.stories)
        stories = s.execute(select(ArticleRow.id, ArticleRow.story_id, ArticleRow.story_size))
        assert all(size and story for _, story, size in stories)


def test_robots_disallow_is_obeyed(mirror: Mirror) -> None:
    spec = mirror.specs["moscowtimes"]
    banned = next(a for a in spec.articles if a.id == 75331)
    mirror.republish(
        "moscowtimes",
        replace(spec, robots_disallow=(*spec.robots_disallow, article_path(spec, banned))),
    )
    result = mirror.crawl(*WEEK, "--outlet", "moscowtimes")
    assert result.returncode == 0, result.stdout + result.stderr
    assert article_path(spec, banned) not in mirror.servers["moscowtimes"].paths()
    stored = _stored_urls(mirror.db_url)
    assert spec.public_url + article_path(spec, banned) not in stored
    assert len(stored) == len(_in_week(spec)) - 1


def test_bad_pages_are_recorded_and_never_stored_empty(mirror: Mirror) -> None:
    spec = mirror.specs["rferl"]
    broken = next(a for a in spec.articles if a.id == 31513103)
    site = build_site(spec)
    site[article_path(spec, broken)].body = b"<html><body><div>Nothing here.</div></body></html>"
    mirror.servers["rferl"].set_site(site)
    gone = next(a for a in spec.articles if a.id == 31514480)
    mirror.servers["rferl"].fail(article_path(spec, gone), 500, times=10)

    result = mirror.crawl(*WEEK, "--outlet", "rferl")
    assert "bad_pages=2" in result.stdout, result.stdout + result.stderr
    with open_store(mirror.db_url) as store, store.read_session() as s:
        reasons = {p.url.rsplit("/", 1)[-1]: p.reason for p in s.scalars(select(BadPage))}
        assert reasons == {"31513103.html": "no-body", "31514480.html": "http-500"}
        assert all(row.paragraphs for row in s.scalars(select(ArticleRow)))
    assert _stored_urls(mirror.db_url) == _in_week(spec) - {
        spec.public_url + article_path(spec, broken),
        spec.public_url + article_path(spec, gone),
    }
    assert "31513103" in result.stderr and "31514480" in result.stderr  # logged with the URL

    bad = mirror.csowatch("status", "--bad", "rferl")
    assert bad.returncode == 0, bad.stderr
    lines = bad.stdout.splitlines()
    assert lines[0] == "rferl: 2 bad page(s) in the last 1 run(s)"
    by_reason = {line.split()[0]: line for line in lines[1:]}
    assert set(by_reason) == {"no-body", "http-500"}
    assert "31513103.html" in by_reason["no-body"] and "31514480.html" in by_reason["http-500"]
    unknown = mirror.csowatch("status", "--bad", "nosuch")
    assert unknown.returncode == 2 and "unknown outlet 'nosuch'" in unknown.stderr

    # a server error is worth another try: the frontier kept the page, the next run stores it
    mirror.servers["rferl"].faults.clear()
    mirror.servers["rferl"].clear_log()
    again = mirror.crawl(*WEEK, "--outlet", "rferl")
    assert again.returncode == 0, again.stdout + again.stderr
    assert mirror.article_requests("rferl") == [article_path(spec, gone)]
    assert spec.public_url + article_path(spec, gone) in _stored_urls(mirror.db_url)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_bad_registry_file_stops_the_crawl_in_one_line(mirror: Mirror) -> None:
    (mirror.config / "csos.yaml").write_text("csos:\n  - id: [unclosed\n", encoding="utf-8")
    result = mirror.crawl(*WEEK)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "csos.yaml" in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_retry_after_is_honoured(mirror: Mirror) -> None:
    server = mirror.servers["svoboda"]
    server.fail("/sitemap.xml", 503, times=1, retry_after=2)
    started = datetime.now(UTC)
    result = mirror.crawl(*WEEK, "--outlet", "svoboda")
    assert result.returncode == 0, result.stdout + result.stderr
    assert server.paths().count("/sitemap.xml") == 2
    assert (datetime.now(UTC) - started).total_seconds() >= 2
    assert _stored_urls(mirror.db_url) == _in_week(mirror.specs["svoboda"])


def test_a_dead_source_fails_the_outlet(mirror: Mirror) -> None:
    spec = mirror.specs["svoboda"]
    site = build_site(spec)
    del site[spec.feed_path]
    mirror.servers["svoboda"].set_site(site)
    result = mirror.crawl(*WEEK, "--outlet", "svoboda")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAILED" in result.stdout and "1 source(s) failed" in result.stdout


def test_a_second_run_waits_for_no_lock(mirror: Mirror) -> None:
    with crawl_lock(mirror.db_url):  # the store's lock: a file beside SQLite, advisory on PG
        result = mirror.crawl(*WEEK)
    assert result.returncode == 75, result.stdout + result.stderr
    assert "another crawl is running" in result.stderr
    assert "Traceback" not in result.stderr


def test_scrapy_crawl_runs_the_same_spider(mirror: Mirror) -> None:
    env = {
        **os.environ,
        "CSOWATCH_CONFIG": str(mirror.config),
        "CSOWATCH_DATABASE_URL": mirror.db_url,
        "PYTHONPATH": str(REPO),
        "SCRAPY_SETTINGS_MODULE": "crawler.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "svoboda", "-a", "since=2021-10-15",
         "-a", "until=2021-10-21", "-s", "LOG_LEVEL=WARNING"],
        cwd=mirror.cwd, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert _stored_urls(mirror.db_url) == _in_week(mirror.specs["svoboda"])


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_broken_config_names_file_line_outlet_and_field(mirror: Mirror) -> None:
    path = mirror.config / "outlets.toml"
    path.write_text(path.read_text().replace('spider = "moscowtimes"', 'spider = "moscowtimez"'))
    result = mirror.crawl()
    assert result.returncode == 2
    line = next(
        n for n, text in enumerate(path.read_text().splitlines(), 1) if "moscowtimez" in text
    )
    assert f"outlets.toml:{line}: outlet 'moscowtimes': field 'spider'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_reprocess_reads_the_warc_archive_again(tmp_path: Path, db_url: str) -> None:
    m = Mirror(tmp_path, db_url, {"svoboda": sample_specs()["svoboda"]})
    try:
        write_config(m.config, m.specs, m.servers, archive_dir=tmp_path / "archive")
        assert m.crawl(*WEEK).returncode == 0
        assert list((tmp_path / "archive" / "svoboda").glob("*.warc.gz"))
        result = m.csowatch("reprocess")
        assert result.returncode == 0, result.stderr
        assert (
            result.stdout.strip() == f"reprocessed: unchanged={len(_in_week(m.specs['svoboda']))}"
        )
    finally:
        m.close()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_mirror_configured_with_base_url_only(tmp_path: Path, db_url: str) -> None:
    """Outlet tables with just base_url on 127.0.0.1: the public URLs the mirror's sitemaps
    list are fetched from the mirror and stored under their public address."""
    m = Mirror(tmp_path, db_url, sample_specs())
    try:
        write_config(m.config, m.specs, m.servers, site_urls=False)
        result = m.crawl(*WEEK)
        assert result.returncode == 0, result.stdout + result.stderr
        expected = set().union(*(_in_week(spec) for spec in m.specs.values()))
        assert _stored_urls(db_url) == expected
    finally:
        m.close()
