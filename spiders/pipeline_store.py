"""The store pipeline: one transaction per article (article, version, mentions, quotes,
candidate clippings, its frontier entry done, its gone page forgotten), bad pages recorded (a
404/410 also as a gone page), and the outlet's counts written when the spider closes.

A write that fails (the store locked, gone, or full) is tried again, then counted as a store
error of the outlet, which fails the run; the page stays in the frontier for the next run.
"""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy.orm import Session

from spiders.crawlstore import crawl_store
from spiders.items import BadPage, FetchedPage, SourceRead, Unscheduled
from spiders.state import Window
from spiders.storeerrors import (
    note_store_error,
    note_store_ok,
    store_stopped,
    write_attempts,
)
from spiders.summary import outlet_counts, outlet_verdict, stored_counts
from store import frontier, gone, guard, queries
from store.guard import StoreWriteError

log = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.store = crawl_store(crawler)
        self.week_ends = settings.get("CSOWATCH_WEEK_ENDS", "friday")
        run_id = settings.getint("CSOWATCH_RUN_ID")
        if not run_id:  # e.g. `scrapy shell`: nothing is crawled, nothing is stored
            raise NotConfigured("no crawl run: the store is written by csowatch/scrapy crawl")
        self.run_id: int = run_id

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = cls(crawler)
        # the outlet's counts are written once the spider is closed, when its reason is known
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def process_item(self, item: Any) -> Any:
        if store_stopped(self.crawler) and isinstance(
            item, BadPage | Unscheduled | FetchedPage | SourceRead
        ):
            note_store_error(self.crawler, "not tried: the store kept failing")
            return item
        try:
            if isinstance(item, BadPage):
                self._bad_page(item)
            elif isinstance(item, SourceRead):
                self._source(item)
            elif isinstance(item, Unscheduled):
                guard.write(
                    self.store,
                    lambda s: frontier.finish_pending(s, item.outlet, item.kind, item.url),
                    attempts=write_attempts(self.crawler),
                )
            elif isinstance(item, FetchedPage) and item.article is not None:
                self._article(item)
            else:
                return item
        except StoreWriteError as exc:
            note_store_error(self.crawler, str(exc), getattr(item, "url", None))
            return item
        note_store_ok(self.crawler)
        return item

    def _source(self, item: SourceRead) -> None:
        """A feed's or sitemap's answer: its validators, the frontier entries it scheduled and
        (a child sitemap) its own entry done or tried once more, in one transaction. A store
        error here leaves the validators unsaved, so the next run reads the source in full."""
        stats = self.crawler.stats
        empty = item.kind == "feed" and item.ok and item.items == 0
        if empty:
            stats.inc_value("csowatch/feeds_empty")

        def work(session: Session) -> int:
            fs = queries.update_fetch_state(
                session,
                item.url,
                item.outlet,
                item.kind,
                item.etag,
                item.last_modified,
                item.status,
                item.items,
                error=None if item.ok else item.detail,
            )
            frontier.add_pending(session, item.outlet, item.scheduled, self.run_id)
            if item.frontier_url is not None:
                if item.ok:
                    frontier.finish_pending(session, item.outlet, "sitemap", item.frontier_url)
                else:
                    frontier.retry_pending(
                        session, item.outlet, "sitemap", item.frontier_url, item.detail
                    )
            return int(fs.empty_runs or 0)

        empty_runs = guard.write(self.store, work, attempts=write_attempts(self.crawler))
        limit = self.crawler.settings.getint("CSOWATCH_EMPTY_FEED_ALERT_RUNS", 3)
        if empty and empty_runs >= limit:
            stats.set_value(
                "csowatch/dead_feeds", [*stats.get_value("csowatch/dead_feeds", []), item.url]
            )
            log.error(
                "%s: feed %s has yielded nothing for %d runs in a row",
                item.outlet,
                item.url,
                empty_runs,
            )

    def _bad_page(self, item: BadPage) -> None:
        """A page that failed: recorded as a bad page (a 404/410 also as a gone page, see
        ``store.gone``), in the frontier once more if the failure is passing. A page already
        known gone that still answers 404/410 is a re-check, not a new bad page: it is counted
        as ``gone_rechecked`` and left out of the outlet's failure ratio."""
        stats = self.crawler.stats

        def work(session: Session) -> tuple[bool, bool]:
            status = item.http_status
            recheck = (
                status is not None
                and status in gone.GONE_STATUSES
                and gone.record_gone(session, item.outlet, item.url, status).checks > 1
            )
            if not recheck:
                queries.record_bad_page(
                    session,
                    self.run_id,
                    item.outlet,
                    item.url,
                    item.reason,
                    item.http_status,
                    detail=item.detail,
                )
            if item.passing:  # worth another try by the next run
                return recheck, frontier.retry_pending(
                    session, item.outlet, "article", item.url, f"{item.reason} {item.detail}"
                )
            frontier.finish_pending(session, item.outlet, "article", item.url)
            return recheck, False

        recheck, kept = guard.write(self.store, work, attempts=write_attempts(self.crawler))
        if recheck:
            stats.inc_value("csowatch/gone_rechecked")
            log.info("%s: still gone: %s (%s)", item.outlet, item.url, item.reason)
        else:
            stats.inc_value("csowatch/bad_pages")
            stats.inc_value(f"csowatch/bad_page/{item.reason}")
            log.warning("%s: bad page %s (%s) %s", item.outlet, item.url, item.reason, item.detail)
        if kept:
            stats.inc_value("csowatch/kept_for_next_run")

    def _article(self, item: FetchedPage) -> None:
        article = item.article
        assert article is not None
        stats = self.crawler.stats
        spider_window: Window = self.crawler.spider.window  # type: ignore[union-attr]
        window = Window(
            item.window_since or spider_window.since, item.window_until or spider_window.until
        )
        outside = bool(
            not item.known and article.published and not window.contains(article.published)
        )

        def work(session: Session) -> str:
            frontier.finish_pending(session, item.outlet, "article", item.canonical)
            gone.forget_gone(session, item.outlet, item.canonical)  # it answered again
            if outside:
                queries.remember_skipped(
                    session,
                    item.canonical,
                    item.outlet,
                    item.lastmod,
                    published=article.published,
                )
                return "outside_window"
            result = queries.save_article(
                session,
                article,
                outlet_key=item.outlet,
                fetched_at=item.fetched_at,
                http_status=item.status,
                sitemap_lastmod=item.lastmod,
                week_ends_on=self.week_ends,
                search_terms=item.search_terms,
            )
            return result.status

        stats.inc_value(
            f"csowatch/{guard.write(self.store, work, attempts=write_attempts(self.crawler))}"
        )

    def close_spider(self) -> None:
        spider = self.crawler.spider
        stats = self.crawler.stats.get_stats()
        lastmods = getattr(spider, "lastmods", {})
        if lastmods and stats.get("start_time") and not store_stopped(self.crawler):
            try:
                guard.write(
                    self.store, lambda s: queries.record_lastmods(s, lastmods, stats["start_time"])
                )
            except StoreWriteError as exc:
                note_store_error(self.crawler, str(exc))

    def spider_closed(self, spider: Any, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        counts = outlet_counts(stats)
        verdict = outlet_verdict(
            counts,
            dead_feeds=stats.get("csowatch/dead_feeds", []),
            store_error=stats.get("csowatch/store_error"),
            finish_reason=reason,
            source_error=stats.get("csowatch/source_error"),
        )

        def work(session: Session) -> None:
            queries.record_outlet_stats(
                session,
                self.run_id,
                spider.outlet.key,
                stored_counts(counts, queries.COUNT_FIELDS),
                verdict.status,
                verdict.message,
            )

        try:
            guard.write(self.store, work, attempts=write_attempts(self.crawler))
        except StoreWriteError as exc:
            note_store_error(self.crawler, str(exc))
