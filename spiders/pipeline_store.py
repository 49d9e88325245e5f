"""The store pipeline: each item's writes (an article with its version, mentions, quotes,
candidate clippings, its frontier entry done and its gone page forgotten; a bad page, a 404/410
also as a gone page; a feed's or sitemap's validators with the frontier entries it scheduled),
and the outlet's counts written when the spider closes, with its extraction health judged
against its earlier runs (``spiders.health``).

Writes are batched: one transaction per ``CSOWATCH_STORE_BATCH_SIZE`` items or per
``CSOWATCH_STORE_BATCH_SECONDS``, whichever comes first (and at the spider's close), each item
in a savepoint of its own, so one item the store refuses is one store error, not a lost batch.
A feed's or sitemap's answer (its validators and the frontier entries it scheduled) commits the
batch at once: few, and what a later failure must find in the frontier.
An item counts (``csowatch/new``, ``bad_pages``, ...) once its batch is committed. A crash loses
at most the uncommitted batch: its pages are still in the frontier (their entries leave it in
the same transaction), and the next run fetches them again.

A batch that fails (the store locked, gone, or full) is tried again, then each of its items is
a store error of the outlet, which fails the run; the pages stay in the frontier for the next
run.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from twisted.internet.base import DelayedCall

from pipelines.stories import Print
from spiders.crawlstore import crawl_store
from spiders.health import (
    BASELINE_STATES,
    DROPPED,
    UNJUDGED,
    Health,
    RunCounts,
    health_rule,
    judge,
)
from spiders.items import BadPage, FetchedPage, SourceRead, Unscheduled
from spiders.state import Window
from spiders.storeerrors import (
    note_store_error,
    note_store_ok,
    store_stopped,
    write_attempts,
)
from spiders.summary import outlet_counts, outlet_verdict, stored_counts
from store import frontier, gone, guard, queries, runs, stories
from store.guard import Failed, StoreWriteError

log = logging.getLogger(__name__)

BATCH_SIZE = 50  # items per transaction ...
BATCH_SECONDS = 1.0  # ... or the oldest waiting item's age, whichever comes first


def _call_later(seconds: float, f: Callable[[], None]) -> DelayedCall:
    # the reactor Scrapy installed (imported here, not at module import, which would install
    # Twisted's default one first)
    from twisted.internet import reactor

    clock: Any = reactor
    call: DelayedCall = clock.callLater(seconds, f)
    return call


@dataclass(frozen=True)
class _Write:
    """One item's writes, waiting for its batch: ``work`` runs in the batch's transaction,
    ``done`` with its result once the batch is committed."""

    work: Callable[[Session], Any]
    done: Callable[[Any], None]
    url: str | None


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
        self.batch_size = max(1, settings.getint("CSOWATCH_STORE_BATCH_SIZE", BATCH_SIZE))
        self.batch_seconds = settings.getfloat("CSOWATCH_STORE_BATCH_SECONDS", BATCH_SECONDS)
        self._batch: list[_Write] = []
        self._batch_started = 0.0
        self._timer: DelayedCall | None = None
        # the batch's stored articles, grouped again once it committed (store.stories): only
        # PostgreSQL has concurrent writers; SQLite's serialised writes see every commit
        self._settles = self.store.engine.dialect.name == "postgresql"
        self._settle: list[tuple[int, Print]] = []

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
        if isinstance(item, BadPage):
            self._bad_page(item)
        elif isinstance(item, SourceRead):
            self._source(item)
        elif isinstance(item, Unscheduled):
            self._add(
                lambda s: frontier.finish_pending(s, item.outlet, item.kind, item.url),
                lambda _: None,
                item.url,
            )
        elif isinstance(item, FetchedPage) and item.article is not None:
            self._article(item)
        return item

    def _add(self, work: Callable[[Session], Any], done: Callable[[Any], None], url: str | None
             ) -> None:  # fmt: skip
        """Queue one item's writes for the batch; commit the batch once it is full."""
        if not self._batch:
            self._batch_started = time.monotonic()
        self._batch.append(_Write(work, done, url))
        if len(self._batch) >= self.batch_size or self.batch_seconds <= 0:
            self.flush()
        elif self._timer is None or not self._timer.active():
            self._timer = _call_later(self.batch_seconds, self._flush_due)

    def _flush_due(self) -> None:
        self._timer = None
        if self._batch and time.monotonic() - self._batch_started >= self.batch_seconds * 0.999:
            self.flush()
        elif self._batch:  # a newer batch than the one the timer was set for
            wait = self.batch_seconds - (time.monotonic() - self._batch_started)
            self._timer = _call_later(max(wait, 0.0), self._flush_due)

    def flush(self) -> None:
        """Commit the waiting items in one transaction, then count each."""
        batch, self._batch = self._batch, []
        if self._timer is not None and self._timer.active():
            self._timer.cancel()
        self._timer = None
        if not batch:
            return
        if store_stopped(self.crawler):
            note_store_error(self.crawler, "not tried: the store kept failing", lost=len(batch))
            return
        try:
            results = guard.write_each(
                self.store, [w.work for w in batch], attempts=write_attempts(self.crawler)
            )
        except StoreWriteError as exc:
            urls = [w.url for w in batch if w.url]
            note_store_error(self.crawler, str(exc), urls[0] if urls else None, lost=len(batch))
            return
        for w, result in zip(batch, results, strict=True):
            if isinstance(result, Failed):
                note_store_error(self.crawler, result.message, w.url)
            else:
                note_store_ok(self.crawler)
                w.done(result)
        self._settle_stories()

    def _settle_stories(self) -> None:
        """Group the committed batch's articles again: a copy another crawl committed while
        this batch was open joins now (``store.stories``). A failure here loses nothing but
        the grouping, which ``csowatch stories rebuild`` makes again."""
        prints = dict(self._settle)  # the committed articles (``done``), with their prints
        self._settle = []
        if not prints:
            return
        try:
            guard.write(self.store, lambda session: stories.settle(session, prints.items()))
        except (StoreWriteError, SQLAlchemyError) as exc:
            log.warning("story groups not settled: %s", exc)

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
                window_since=item.window_since,
                window_until=item.window_until,
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

        def done(empty_runs: int) -> None:
            limit = self.crawler.settings.getint("CSOWATCH_EMPTY_FEED_ALERT_RUNS", 3)
            if empty and empty_runs >= limit:
                stats.set_value(
                    "csowatch/dead_feeds",
                    [*stats.get_value("csowatch/dead_feeds", []), item.url],
                )
                log.error(
                    "%s: feed %s has yielded nothing for %d runs in a row",
                    item.outlet,
                    item.url,
                    empty_runs,
                )

        self._add(work, done, item.url)
        # committed at once (with what waits before it): the pages a source scheduled are then
        # in the frontier, and a crash or a store that fails later resumes them next run
        self.flush()

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

        def done(result: tuple[bool, bool]) -> None:
            recheck, kept = result
            if recheck:
                stats.inc_value("csowatch/gone_rechecked")
                log.info("%s: still gone: %s (%s)", item.outlet, item.url, item.reason)
            else:
                stats.inc_value("csowatch/bad_pages")
                stats.inc_value(f"csowatch/bad_page/{item.reason}")
                log.warning(
                    "%s: bad page %s (%s) %s", item.outlet, item.url, item.reason, item.detail
                )
            if kept:
                stats.inc_value("csowatch/kept_for_next_run")

        self._add(work, done, item.url)

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
                story=item.story,
            )
            stored[:] = [result.article_id]  # the last attempt's (a retried batch saves again)
            return result.status

        stored: list[int] = []

        def done(status: str) -> None:
            stats.inc_value(f"csowatch/{status}")
            if stored and item.story is not None and self._settles:
                self._settle.append((stored[0], item.story))

        self._add(work, done, item.canonical)

    def close_spider(self) -> None:
        self.flush()  # before the counts: every item of the run counted
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
        health, pooled = self._health(spider.outlet.key, counts)
        if health is not None:
            self.crawler.stats.set_value("csowatch/health", health.state)
            self.crawler.stats.set_value("csowatch/health_drops", health.drops)
        verdict = outlet_verdict(
            counts,
            dead_feeds=stats.get("csowatch/dead_feeds", []),
            store_error=stats.get("csowatch/store_error"),
            finish_reason=reason,
            source_error=stats.get("csowatch/source_error"),
            health_drops=health.drops if health is not None else None,
        )

        def work(session: Session) -> None:
            queries.record_outlet_stats(
                session,
                self.run_id,
                spider.outlet.key,
                stored_counts(counts, queries.COUNT_FIELDS),
                verdict.status,
                verdict.message,
                health=health.state if health is not None else None,
            )
            if health is not None and pooled:  # small runs judged with this one
                runs.set_runs_health(session, spider.outlet.key, pooled, health.state)

        try:
            guard.write(self.store, work, attempts=write_attempts(self.crawler))
        except StoreWriteError as exc:
            note_store_error(self.crawler, str(exc))

    def _health(self, outlet: str, counts: dict[str, Any]) -> tuple[Health | None, list[int]]:
        """The run's extraction health against the outlet's earlier runs (``spiders.health``)
        and the earlier small runs judged with it; None when the history cannot be read (the
        store failed: that is the run's verdict)."""
        rule = health_rule(self.crawler.settings.getdict("CSOWATCH_HEALTH"))
        if store_stopped(self.crawler):
            return None, []
        try:
            with self.store.read_session() as session:
                history = runs.outlet_runs(
                    session,
                    outlet,
                    before_run=self.run_id,
                    health=BASELINE_STATES,
                    with_pages=True,
                    limit=rule.baseline_runs + rule.min_pages,
                )
        except SQLAlchemyError as exc:
            log.warning("%s: the outlet's earlier runs could not be read: %s", outlet, exc)
            return None, []
        small = next(  # the newest runs that were too small to be judged
            (
                i
                for i, r in enumerate(history)
                if r.health != UNJUDGED or r.counts.get("fetched", 0) >= rule.min_pages
            ),
            len(history),
        )
        health = judge(
            RunCounts.of(counts), [RunCounts.of(r.counts) for r in history], rule, unjudged=small
        )
        pooled = [r.run_id for r in history[: health.pooled]]
        if not rule.enabled and health.state == DROPPED:
            for drop in health.drops:
                log.warning("%s: %s (not failing the run: [health] enabled = false)", outlet, drop)
            return replace(health, drops=[]), pooled
        return health, pooled
