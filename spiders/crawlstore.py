"""One store per crawl: opened once for a Scrapy crawler, shared by its spider, the crawl state
and the item pipelines, and closed when the spider closes."""

from __future__ import annotations

from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from store.db import Store, open_store

_ATTR = "csowatch_store"


def crawl_store(crawler: Crawler) -> Store:
    """The crawler's store, opened on first use (``CSOWATCH_DATABASE_URL``)."""
    store: Store | None = getattr(crawler, _ATTR, None)
    if store is None:
        store = open_store(crawler.settings.get("CSOWATCH_DATABASE_URL"))
        setattr(crawler, _ATTR, store)

        def _close(*_args: Any, **_kwargs: Any) -> None:
            opened: Store | None = getattr(crawler, _ATTR, None)
            if opened is not None:
                opened.close()
                setattr(crawler, _ATTR, None)

        # after every other spider_closed handler (the pipelines write in close_spider)
        crawler.signals.connect(_close, signal=signals.engine_stopped, weak=False)
    return store
