"""Scrapy glue around ``pipelines.process.analyse_page``: ``FetchedPage`` items become analysed
articles, or ``BadPage`` items.

The analysis runs in the process's worker pool (``spiders.workpool``; ``CSOWATCH_WORKERS``,
from ``[crawl] workers``, default one per core); ``CSOWATCH_WORKERS = 0`` runs it here, in the
reactor thread (for debugging: one process, breakpoints work).
"""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy.crawler import Crawler
from twisted.internet.defer import Deferred

from pipelines.registry import Registry
from spiders import workpool
from spiders.items import BadPage, FetchedPage
from spiders.workpool import Analysed, AnalysisPool, Job

log = logging.getLogger(__name__)


class ProcessPipeline:
    """Scrapy glue: turns ``FetchedPage`` items into analysed articles, or ``BadPage`` items."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.registry: Registry | None = None
        self.pool: AnalysisPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self) -> None:
        from spiders.registry_store import registry_for_crawl

        self.registry = registry_for_crawl(self.crawler)
        workers = self.crawler.settings.getint("CSOWATCH_WORKERS", -1)
        if workers < 0:
            workers = workpool.default_workers()
        if workers > 0:
            self.pool = workpool.acquire(workers, self.registry)
        self.crawler.stats.set_value("csowatch/analysis_workers", workers)

    def close_spider(self) -> None:
        if self.pool is not None:
            workpool.release(self.pool)
            self.pool = None

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        self.crawler.stats.inc_value("csowatch/articles_fetched")
        spider = self.crawler.spider
        outlet = getattr(spider, "outlet", None)
        job = Job(
            body=item.body,
            url=item.final_url,
            outlet=item.outlet,
            family=getattr(spider, "family", None),
            content_type=item.content_type,
            canonical=item.canonical,
            rules=outlet.rules if outlet is not None else None,
            url_rules=outlet.url_rules if outlet is not None else None,
        )
        if self.pool is None:
            return self._analysed(item, workpool.analyse(job, self.registry))
        d: Deferred[Any] = self.pool.analyse(job)
        return d.addCallback(lambda result: self._analysed(item, result))

    def _analysed(self, item: FetchedPage, result: Analysed) -> Any:
        if result.article is None:
            return BadPage(item.outlet, item.canonical, result.reason, item.status, result.detail)
        item.article = result.article
        item.search_terms = result.search_terms
        item.story = result.story
        if item.kind == "statement":  # the spider knows whose channel it read
            item.article.kind, item.article.author_cso = item.kind, item.author_cso
        stats = self.crawler.stats  # the outlet's extraction health (spiders/health.py)
        stats.inc_value("csowatch/with_body")
        if item.article.published is not None:
            stats.inc_value("csowatch/with_date")
        if item.article.authors:
            stats.inc_value("csowatch/with_authors")
        if "+" in (item.article.extractor or ""):
            self.crawler.stats.inc_value("csowatch/rules_fallback")
            log.warning(
                "%s: the outlet's rules found no body in %s; the generic extractor was used",
                item.outlet,
                item.canonical,
            )
        return item
