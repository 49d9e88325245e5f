"""An interrupted crawl loses nothing: ``kill -9`` at a random point, SIGTERM, SIGINT, and two
crawls of one store started from two directories. Real crawler, real servers, real stores.

The check every time: after the rerun the store holds exactly the articles an uninterrupted
run stores (the week's 80), each once, and every exit code tells the truth.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.crawlsite import REPO, FaultSite, one_line_errors

pytestmark = pytest.mark.integration


@pytest.fixture
def site(tmp_path: Path, db_url: str) -> Iterator[FaultSite]:
    s = FaultSite(tmp_path, db_url)
    yield s
    s.close()


def assert_complete(site: FaultSite) -> None:
    stored = site.stored()
    assert len(stored) == len(set(stored)), "an article was stored twice"
    missing = site.in_week() - set(stored)
    extra = set(stored) - site.in_week()
    assert not missing and not extra, f"missing {len(missing)}, extra {len(extra)}"


def test_an_uninterrupted_crawl_stores_the_week_and_the_rerun_fetches_nothing(
    site: FaultSite,
) -> None:
    first = site.crawl()
    assert first.returncode == 0, first.stdout + first.stderr
    assert_complete(site)
    assert len(site.in_week()) == 80
    before = site.article_downloads()
    second = site.crawl()
    assert second.returncode == 0, second.stdout + second.stderr
    assert site.article_downloads() == before
    assert [status for _, status in site.runs()] == ["ok", "ok"]


def test_kill_9_at_a_random_point_loses_nothing(site: FaultSite) -> None:
    point = random.Random().randint(5, 70)
    print(f"kill -9 after {point} article downloads")
    proc = site.crawl_process()
    site.wait_for_downloads(point, proc)
    proc.kill()
    proc.communicate(timeout=30)
    stored_before = site.stored_count()
    assert stored_before < 80, "the crawl was not interrupted"

    rerun = site.crawl()
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert_complete(site)
    # the feeds and sitemaps did not change (304): the frontier brought the rest back
    assert site.last_run_counts()["resumed"] > 0
    statuses = [status for _, status in site.runs()]
    assert statuses == ["abandoned", "ok"], statuses
    third = site.crawl()
    assert third.returncode == 0 and site.stored_count() == 80


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGTERM, 143), pytest.param(signal.SIGINT, 130)]
)
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_signal_stops_the_crawl_gracefully_and_the_rerun_resumes(
    site: FaultSite, signum: int, code: int
) -> None:
    proc = site.crawl_process()
    site.wait_for_downloads(25, proc)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == code, out + err
    assert "INTERRUPTED" in out, out
    one_line_errors(err)
    assert site.runs()[-1][1] == "interrupted"
    assert site.stored_count() < 80

    status = site.csowatch("status", "--runs", "1")
    assert "interrupted" in status.stdout

    rerun = site.crawl()
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert_complete(site)
    assert [s for _, s in site.runs()] == ["interrupted", "ok"]


@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_sigterm_on_postgres_too(site: FaultSite) -> None:
    proc = site.crawl_process()
    site.wait_for_downloads(30, proc)
    proc.terminate()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, out + err
    rerun = site.crawl()
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert_complete(site)


def test_two_crawls_of_one_store_from_two_directories(site: FaultSite, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    first = site.crawl_process()
    site.wait_for_downloads(5, first)
    for server in site.servers.values():
        server.gate.clear()  # the first crawl is held mid-run while the two others try to start

    second = site.crawl(cwd=elsewhere)
    assert second.returncode == 75, second.stdout + second.stderr
    assert "another crawl is running" in second.stderr
    one_line_errors(second.stderr, limit=1)

    scrapy = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "rferl", "-a", "since=2021-10-15",
         "-a", "until=2021-10-21", "-s", "LOG_LEVEL=WARNING"],
        cwd=REPO, env={**site.env(), "SCRAPY_SETTINGS_MODULE": "crawler.settings"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert scrapy.returncode == 75, scrapy.stdout + scrapy.stderr
    assert "another crawl is running" in scrapy.stderr

    assert first.poll() is None  # still held: the refusals above were the lock's
    for server in site.servers.values():
        server.gate.set()
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, out + err
    assert_complete(site)
    assert len(site.runs()) == 1  # the refused crawls recorded no run


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_run_left_running_by_a_dead_process_is_shown_and_then_abandoned(
    site: FaultSite,
) -> None:
    proc = site.crawl_process()
    site.wait_for_downloads(3, proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    status = site.csowatch("status", "--runs", "1")
    assert "running" in status.stdout and f"pid {proc.pid} is gone" in status.stdout
    assert site.crawl().returncode == 0
    status = site.csowatch("status", "--runs", "2")
    assert "abandoned" in status.stdout, status.stdout
