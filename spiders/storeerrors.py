"""Store errors during a crawl: counted per outlet, logged in one line each, and an outlet
whose store keeps failing is stopped (what it scheduled stays in the frontier)."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro

from store import guard

log = logging.getLogger(__name__)

# After this many store failures in a row the outlet's spider is closed: writing is hopeless.
MAX_IN_A_ROW = 3
_ROW_KEY = "csowatch/store_errors_in_a_row"


def note_store_error(
    crawler: Crawler, message: str, url: str | None = None, *, lost: int = 1
) -> None:
    """Count a write that failed on every attempt (``lost`` items not stored: a whole batch);
    stop the spider after a few in a row."""
    stats = crawler.stats
    assert stats is not None
    stats.inc_value("csowatch/store_errors", lost)
    if stats.get_value("csowatch/stopped_for_store"):
        return  # already said; the page stays in the frontier
    stats.inc_value(_ROW_KEY)
    if stats.get_value("csowatch/store_error") is None:
        stats.set_value("csowatch/store_error", message)
    spider = crawler.spider
    name = getattr(spider, "name", "?")
    what = f"{url} not stored" if url else ""
    if lost > 1:
        what = f"{lost} items not stored" + (f", {url} among them" if url else "")
    log.error("%s: store error: %s%s", name, message, f" ({what})" if what else "")
    if stats.get_value(_ROW_KEY, 0) >= MAX_IN_A_ROW and crawler.engine is not None:
        stats.set_value("csowatch/stopped_for_store", 1)
        log.error("%s: the store keeps failing; stopping this outlet", name)
        deferred_from_coro(crawler.engine.close_spider_async(reason="store_error"))


def store_stopped(crawler: Crawler) -> bool:
    """True once the outlet was stopped for its store: later items are not even tried (they
    stay in the frontier), so a dead store does not hold the crawl for minutes."""
    return bool(crawler.stats and crawler.stats.get_value("csowatch/stopped_for_store"))


def write_attempts(crawler: Crawler) -> int:
    """Attempts for the next write: all of them, or one while the store is failing."""
    failing = crawler.stats is not None and crawler.stats.get_value(_ROW_KEY, 0) > 0
    return 1 if failing else guard.ATTEMPTS


def note_store_ok(crawler: Crawler) -> None:
    """A write went through: the run of failures is over."""
    if crawler.stats is not None:
        crawler.stats.set_value(_ROW_KEY, 0)
