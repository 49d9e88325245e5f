"""Gone pages end to end: the real ``csowatch crawl`` against a real HTTP server on 127.0.0.1
(``tests/faults/hostile_site.py``) whose sitemap goes on listing a page that answers 404 and one
that answers 410, into SQLite and PostgreSQL.

The spider reads the clock; the test moves the store's clock instead of waiting: it shifts every
stored time of ``gone_pages`` back (``_days_pass``), exactly as if the days had gone by.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from demo.server import Resource
from store.db import open_store
from store.models import BadPage, GonePage
from tests.faults.hostile_site import REPO, HostileSite, path_of, story, url_of, urlset

pytestmark = pytest.mark.integration

DAY = timedelta(days=1)


@pytest.fixture
def site(tmp_path: Path, db_url: str) -> Iterator[HostileSite]:
    s = HostileSite(tmp_path)
    s.db_url = db_url  # SQLite or PostgreSQL
    s.server.conditional = False  # the sitemap is read in full every run, gone pages and all
    yield s
    s.close()


def _gone(db_url: str) -> dict[str, GonePage]:
    with open_store(db_url) as store, store.read_session() as s:
        rows = list(s.scalars(select(GonePage)))
        for row in rows:
            s.expunge(row)
        return {row.url: row for row in rows}


def _bad_pages(db_url: str) -> list[tuple[str, str]]:
    with open_store(db_url) as store, store.read_session() as s:
        return [(p.url, p.reason) for p in s.scalars(select(BadPage).order_by(BadPage.id))]


def _days_pass(db_url: str, days: float) -> None:
    """As if ``days`` had gone by since the gone pages were last checked."""
    with open_store(db_url) as store, store.transaction() as s:
        for row in s.scalars(select(GonePage)):
            row.first_gone -= days * DAY
            row.last_checked -= days * DAY
            row.next_check -= days * DAY


def test_gone_pages_are_remembered_rechecked_with_backoff_and_forgotten(
    site: HostileSite,
) -> None:
    good = [story(31519000 + n, f"Rights Group Appeals {n}") for n in range(4)]
    missing, deleted = story(31519101, "Deleted Story"), story(31519102, "Removed Story")
    for a in good:
        site.add_story(a)
    # ``missing`` is not served at all (404); ``deleted`` answers 410 Gone
    site.add(path_of(deleted), Resource(b"<html><body>Gone</body></html>", status=410))
    site.add("/sitemap.xml", urlset([url_of(a) for a in (*good, missing, deleted)]))
    site.sitemaps = ["/sitemap.xml"]
    site.feed([(url_of(a), a.published) for a in good])
    gone_paths = [path_of(missing), path_of(deleted)]

    # 1. first run: each fetched once, recorded as bad pages and as gone, next check in a day
    first = site.crawl()
    assert first.returncode == 0, first.output
    assert [site.requests(p) for p in gone_paths] == [1, 1]
    assert "bad_pages=2" in first.summary() and "(2 bad page(s))" in first.summary()
    assert sorted(_bad_pages(site.db_url)) == sorted(
        [(url_of(missing), "http-404"), (url_of(deleted), "http-410")]
    )
    rows = _gone(site.db_url)
    assert {u: (r.http_status, r.checks) for u, r in rows.items()} == {
        url_of(missing): (404, 1),
        url_of(deleted): (410, 1),
    }
    assert all(r.next_check - r.last_checked == DAY for r in rows.values())
    assert set(site.stored()) == {url_of(a) for a in good}

    shown = site_status(site)
    assert shown[0] == "hostile: 2 bad page(s) in the last 1 run(s)"
    assert "hostile: 2 gone page(s), not fetched until due" in shown
    assert any(url_of(deleted) in line and "http-410" in line for line in shown)

    # 2. the same day: neither is fetched, and neither counts against the outlet
    site.server.clear_log()
    second = site.crawl()
    assert second.returncode == 0, second.output
    assert [site.requests(p) for p in gone_paths] == [0, 0]
    assert site.requests("/sitemap.xml") == 1  # the sitemap did list them
    assert " OK " in second.summary() and "bad_pages=0" in second.summary()
    assert "(gone pages: 2 not due)" in second.summary(), second.stdout
    assert len(_bad_pages(site.db_url)) == 2

    # 3. a day and more later: fetched again, still gone: re-checks, not failures (counted,
    # two bad pages out of no article fetched would fail the outlet), next check in 7 days
    _days_pass(site.db_url, 1.5)
    site.server.clear_log()
    third = site.crawl()
    assert third.returncode == 0, third.output
    assert [site.requests(p) for p in gone_paths] == [1, 1]
    assert " OK " in third.summary() and "bad_pages=0" in third.summary(), third.stdout
    assert "(gone pages: 2 re-checked)" in third.summary()
    assert len(_bad_pages(site.db_url)) == 2  # no new bad page
    rows = _gone(site.db_url)
    assert {r.checks for r in rows.values()} == {2}
    assert all(r.next_check - r.last_checked == 7 * DAY for r in rows.values())
    assert all(r.first_gone < r.last_checked for r in rows.values())

    # 4. a week later the deleted story is back: stored, and no longer gone; the other is
    # still missing and waits 30 days now
    site.add_story(deleted)
    _days_pass(site.db_url, 8)
    site.server.clear_log()
    fourth = site.crawl()
    assert fourth.returncode == 0, fourth.output
    assert [site.requests(p) for p in gone_paths] == [1, 1]
    assert url_of(deleted) in site.stored()
    rows = _gone(site.db_url)
    assert list(rows) == [url_of(missing)]
    assert rows[url_of(missing)].checks == 3
    assert rows[url_of(missing)].next_check - rows[url_of(missing)].last_checked == 30 * DAY
    assert "new=1" in fourth.summary() and "(gone pages: 1 re-checked)" in fourth.summary()


def site_status(site: HostileSite) -> list[str]:
    """``csowatch status --bad hostile``, line by line."""
    env = {
        **os.environ,
        "CSOWATCH_CONFIG": str(site.config),
        "CSOWATCH_DATABASE_URL": site.db_url,
        "PYTHONPATH": str(REPO),
    }
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "status", "--bad", "hostile"],
        cwd=site.tmp,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()
