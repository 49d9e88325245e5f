"""Scrapy glue around ``pipelines.process.analyse_page``: ``FetchedPage`` items become analysed
articles, or ``BadPage`` items."""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy.crawler import Crawler

from pipelines.process import PageError, analyse_page
from pipelines.registry import Registry
from spiders.items import BadPage, FetchedPage

log = logging.getLogger(__name__)


class ProcessPipeline:
    """Scrapy glue: turns ``FetchedPage`` items into analysed articles, or ``BadPage`` items."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.registry: Registry | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self) -> None:
        from spiders.registry_store import registry_for_crawl

        self.registry = registry_for_crawl(self.crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        stats = self.crawler.stats
        stats.inc_value("csowatch/articles_fetched")
        spider = self.crawler.spider
        family = getattr(spider, "family", None)
        try:
            item.article = analyse_page(
                item.body,
                item.final_url,
                outlet=item.outlet,
                spider=family,
                registry=self.registry,
                content_type=item.content_type,
                canonical=item.canonical,
            )
        except PageError as exc:
            return BadPage(item.outlet, item.canonical, exc.reason, item.status, exc.detail)
        if "+" in (item.article.extractor or ""):
            stats.inc_value("csowatch/rules_fallback")
            log.warning(
                "%s: the outlet's rules found no body in %s; the generic extractor was used",
                item.outlet,
                item.canonical,
            )
        return item
