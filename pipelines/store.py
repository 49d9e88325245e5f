"""The store pipeline: one transaction per article (article, version, mentions, quotes,
candidate clippings), bad pages recorded, and the outlet's counts written when the spider closes.
"""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy.crawler import Crawler

from crawler.items import BadPage, FetchedPage
from crawler.summary import outlet_counts, outlet_verdict, stored_counts
from store import queries
from store.db import open_store

log = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.store = open_store(settings.get("CSOWATCH_DATABASE_URL"))
        self.week_ends = settings.get("CSOWATCH_WEEK_ENDS", "friday")
        self.run_id: int | None = settings.getint("CSOWATCH_RUN_ID") or None
        self.own_run = self.run_id is None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def outlet(self) -> Any:
        return self.crawler.spider.outlet  # type: ignore[union-attr]

    def open_spider(self) -> None:
        o = self.outlet
        with self.store.session() as session:
            queries.upsert_outlet(session, o.key, o.name, o.site_url, o.language, o.spider)
            if self.own_run:
                window = self.crawler.spider.window  # type: ignore[union-attr]
                self.run_id = queries.start_run(
                    session,
                    since=window.since.date(),
                    until=window.until.date(),
                    options={"outlets": [o.key], "via": "scrapy crawl"},
                )
            session.commit()

    def process_item(self, item: Any) -> Any:
        stats = self.crawler.stats
        if isinstance(item, BadPage):
            stats.inc_value("csowatch/bad_pages")
            stats.inc_value(f"csowatch/bad_page/{item.reason}")
            log.warning("%s: bad page %s (%s) %s", item.outlet, item.url, item.reason, item.detail)
            with self.store.session() as session:
                queries.record_bad_page(
                    session, self.run_id, item.outlet, item.url, item.reason, item.http_status
                )
                session.commit()
            return item
        if not isinstance(item, FetchedPage) or item.article is None:
            return item
        article = item.article
        window = self.crawler.spider.window  # type: ignore[union-attr]
        with self.store.session() as session:
            if not item.known and article.published and not window.contains(article.published):
                stats.inc_value("csowatch/outside_window")
                queries.remember_skipped(
                    session,
                    item.canonical,
                    item.outlet,
                    item.lastmod,
                    published=article.published,
                )
                session.commit()
                return item
            result = queries.save_article(
                session,
                article,
                outlet_key=item.outlet,
                fetched_at=item.fetched_at,
                http_status=item.status,
                sitemap_lastmod=item.lastmod,
                week_ends_on=self.week_ends,
            )
            session.commit()
        stats.inc_value(f"csowatch/{result.status}")
        return item

    def close_spider(self) -> None:
        spider = self.crawler.spider
        stats = self.crawler.stats.get_stats()
        state = getattr(spider, "state", None)
        if state is not None and stats.get("start_time"):
            state.record_lastmods(spider.lastmods, stats["start_time"])  # type: ignore[union-attr]
        counts = outlet_counts(stats)
        verdict = outlet_verdict(
            counts,
            dead_feeds=getattr(self.crawler.spider, "dead_feeds", []),
        )
        with self.store.session() as session:
            queries.record_outlet_stats(
                session,
                self.run_id,
                self.outlet.key,
                stored_counts(counts, queries.COUNT_FIELDS),
                verdict.status,
                verdict.message,
            )
            if self.own_run:
                queries.finish_run(session, self.run_id, verdict.status)
            session.commit()
