"""Batched store writes (``[crawl] store_batch``, ``store_batch_seconds``): a batch is committed
when it is full or when its oldest item has waited long enough, whichever comes first, while the
crawl goes on. The real ``csowatch crawl`` against slow real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.crawlsite import FaultSite

pytestmark = pytest.mark.integration


@pytest.fixture
def slow_site(tmp_path: Path) -> Iterator[FaultSite]:
    s = FaultSite(tmp_path, f"sqlite:///{tmp_path / 'store.db'}", delay=0.4)
    assert s.csowatch("db", "upgrade").returncode == 0
    yield s
    s.close()


def _batching(site: FaultSite, size: int, seconds: float) -> None:
    settings = site.config / "settings.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace(
            "[crawl]\n", f"[crawl]\nstore_batch = {size}\nstore_batch_seconds = {seconds}\n"
        ),
        encoding="utf-8",
    )


def _stored_while_running(site: FaultSite, at_least: int, timeout: float) -> tuple[int, bool]:
    """Wait (up to ``timeout`` s) until the store holds ``at_least`` articles: (stored, whether the
    crawl was still running then)."""
    proc = site.crawl_process()
    try:
        site.wait_for_downloads(at_least, proc)
        deadline = time.monotonic() + timeout
        stored = site.stored_count()
        while stored < at_least and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            stored = site.stored_count()
        running = proc.poll() is None
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, out + err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return stored, running


def test_a_batch_that_is_not_full_is_committed_after_its_seconds(slow_site: FaultSite) -> None:
    _batching(slow_site, size=10_000, seconds=1.0)  # never full: only the clock commits
    stored, running = _stored_while_running(slow_site, at_least=6, timeout=10)
    assert stored >= 6 and running, "nothing was committed before the crawl ended"
    assert slow_site.stored_count() == len(slow_site.in_week())


def test_a_full_batch_is_committed_at_once(slow_site: FaultSite) -> None:
    _batching(slow_site, size=5, seconds=3600.0)  # the clock never commits: only a full batch
    stored, running = _stored_while_running(slow_site, at_least=5, timeout=10)
    assert stored >= 5 and running, "nothing was committed before the crawl ended"
    assert slow_site.stored_count() == len(slow_site.in_week())


def test_an_outlet_s_last_batch_is_committed_when_it_ends(slow_site: FaultSite) -> None:
    # neither full nor old enough: what waits is committed when the outlet's crawl ends (a
    # feed's or sitemap's answer also commits what waits before it, whenever it comes)
    _batching(slow_site, size=10_000, seconds=3600.0)
    result = slow_site.crawl()
    assert result.returncode == 0, result.stdout + result.stderr
    assert slow_site.stored_count() == len(slow_site.in_week())
