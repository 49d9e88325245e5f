"""One discovery base for every outlet: feeds, sitemap indexes, news sitemaps, robots.txt.

A spider class is made per configured outlet (see ``crawler.spiderloader``); the CMS family
modules (``pangea``, ``moscowtimes``, ``generic``) only say which URLs are articles and how to
use dates hidden in URLs and ids. The spider yields ``FetchedPage`` items for article pages and
``BadPage`` items for pages that failed; the item pipelines do the rest.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import date, datetime
from typing import Any, ClassVar

import feedparser
import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import sitemap_urls_from_robots
from twisted.python.failure import Failure

from crawler.config import Outlet
from crawler.items import BadPage, FetchedPage
from crawler.state import CrawlState, Window
from pipelines.dates import parse_date
from pipelines.urls import article_key, canonical_url, is_article_url
from spiders.sitemaps import SitemapEntry, SitemapError, parse_sitemap

log = logging.getLogger(__name__)

MAX_SITEMAP_BYTES = 50 * 1024 * 1024


class Candidate:
    """An article URL found by discovery, with what the source said about its dates."""

    __slots__ = ("url", "published", "lastmod", "source")

    def __init__(
        self, url: str, published: datetime | None, lastmod: datetime | None, source: str
    ) -> None:
        self.url = url
        self.published = published
        self.lastmod = lastmod
        self.source = source


class DiscoverySpider(scrapy.Spider):
    """Base spider: subclasses are bound to one outlet by the spider loader."""

    outlet: ClassVar[Outlet]
    family: ClassVar[str] = "generic"

    def __init__(
        self,
        since: str | datetime | None = None,
        until: str | datetime | None = None,
        days: int | str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.window = Window.from_args(since, until, days)
        self.state: CrawlState | None = None
        self._seen_keys: set[str] = set()
        self._requested: set[str] = set()
        self._skipped_known: set[str] = set()
        self.dead_feeds: list[str] = []
        self._outside: set[str] = set()
        # The newest sitemap lastmod seen per article this run (whichever source listed it first)
        self.lastmods: dict[str, datetime] = {}

    # -- start ---------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        self.state = CrawlState.load(
            self.settings.get("CSOWATCH_DATABASE_URL"), self.outlet.key, self.window
        )
        if self.outlet.robots_sitemaps:
            yield self._source_request(self.outlet.base_url + "/robots.txt", "robots")
        for url in self.outlet.feeds:
            yield self._source_request(url, "feed")
        for url in self.outlet.sitemaps:
            yield self._source_request(url, "sitemap")

    def _source_request(self, url: str, kind: str, **meta: Any) -> scrapy.Request:
        assert self.state is not None
        fetch = self.outlet.fetch_url(url)
        headers = self.state.conditional_headers(fetch) if kind != "robots" else {}
        callback = {"robots": self.parse_robots, "feed": self.parse_feed}.get(
            kind, self.parse_sitemap
        )
        return scrapy.Request(
            fetch,
            callback=callback,
            errback=self.source_failed,
            headers=headers,
            meta={"source_kind": kind, "handle_httpstatus_list": [304], **meta},
            dont_filter=kind == "robots",
        )

    # -- sources -------------------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        if response.status != 200:
            return
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            if self.outlet.owns(url) and url not in self.outlet.sitemaps:
                yield self._source_request(url, "sitemap")

    def parse_feed(self, response: Response) -> Iterator[Any]:
        if self._not_modified(response, "feed"):
            return
        parsed = feedparser.parse(response.body)
        entries = parsed.get("entries", [])
        if not entries and parsed.get("bozo"):
            self._source_broken(response, "feed", f"not a feed: {parsed.get('bozo_exception')}")
            return
        self._source_ok(response, "feed", len(entries))
        for entry in entries:
            link = entry.get("link")
            if not link:
                continue
            published = _feed_date(entry, "published") or _feed_date(entry, "updated")
            yield from self.consider(Candidate(link, published, None, "feed"))

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        if self._not_modified(response, "sitemap"):
            return
        body = _sitemap_body(response)
        if body is None:
            self._source_broken(response, "sitemap", "not a sitemap")
            return
        try:
            kind, entries = parse_sitemap(body)
        except SitemapError as exc:
            self._source_broken(response, "sitemap", str(exc))
            return
        self._source_ok(response, "sitemap", len(entries))
        if kind == "sitemapindex":
            for entry in entries:
                lastmod = parse_date(entry.lastmod) if entry.lastmod else None
                if self.outlet.owns(entry.loc) and self.follow_sitemap(entry.loc, lastmod):
                    yield self._source_request(entry.loc, "sitemap")
                else:
                    self.crawler.stats.inc_value("csowatch/sitemaps_skipped")
            return
        candidates = [_sitemap_candidate(entry) for entry in entries]
        for candidate in self.select_from_sitemap(candidates):
            yield from self.consider(candidate)

    # -- family hooks ---------------------------------------------------------------------

    def follow_sitemap(self, url: str, lastmod: datetime | None) -> bool:
        """Whether a child sitemap of an index can hold articles of the window."""
        return lastmod is None or lastmod >= self.window.since

    def select_from_sitemap(self, candidates: list[Candidate]) -> Iterable[Candidate]:
        """Drop sitemap entries that cannot be in the window (default: lastmod before it)."""
        for c in candidates:
            if (
                c.published is None
                and c.lastmod is not None
                and c.lastmod < self.window.since
                and not self.is_known(c.url)
            ):
                self.note_outside_window(c.url)
                continue
            yield c

    def is_known(self, url: str) -> bool:
        assert self.state is not None
        public = canonical_url(self.outlet.public_url(url)) or url
        return self.state.lookup(public, article_key(public) or public) is not None

    def published_from_url(self, url: str) -> date | None:
        """A publication day the URL itself gives away (The Moscow Times), else None."""
        return None

    # -- candidates -----------------------------------------------------------------------

    def consider(self, c: Candidate) -> Iterator[scrapy.Request]:
        """Turn a discovered URL into an article request, or count why it was skipped."""
        assert self.state is not None
        stats = self.crawler.stats
        public = canonical_url(self.outlet.public_url(c.url))
        if not public or not self.outlet.owns(public) or not is_article_url(public, self.family):
            stats.inc_value("csowatch/not_article_url")
            return
        key = article_key(public) or public
        if c.lastmod is not None and c.lastmod >= self.lastmods.get(public, c.lastmod):
            self.lastmods[public] = c.lastmod
        if key in self._requested:
            return
        if key not in self._seen_keys:
            self._seen_keys.add(key)
            stats.set_value("csowatch/discovered", len(self._seen_keys))
        known = self.state.lookup(public, key)
        if known is not None:
            # Sources come in any order: a feed may list a page before the sitemap that says
            # it changed, so a known page is only "skipped" until a newer lastmod turns up.
            if not self.state.changed_since(known, c.lastmod):
                self._skipped_known.add(key)
                stats.set_value("csowatch/skipped_known", len(self._skipped_known))
                return
            self._skipped_known.discard(key)
            stats.set_value("csowatch/skipped_known", len(self._skipped_known))
            stats.inc_value("csowatch/refetch_changed")
        elif not self._may_be_in_window(c, public):
            self.note_outside_window(public)
            return
        self._requested.add(key)
        yield scrapy.Request(
            self.outlet.fetch_url(public),
            callback=self.parse_article,
            errback=self.article_failed,
            meta={
                "canonical": public,
                "lastmod": c.lastmod,
                "known": known is not None,
                "source": c.source,
            },
        )

    def note_outside_window(self, url: str) -> None:
        """Count a URL left out for its date, once however many sources list it."""
        key = article_key(canonical_url(self.outlet.public_url(url)) or url) or url
        if key not in self._outside:
            self._outside.add(key)
            self.crawler.stats.set_value("csowatch/outside_window", len(self._outside))

    def _may_be_in_window(self, c: Candidate, public: str) -> bool:
        if c.published is not None:
            return self.window.contains(c.published)
        day = self.published_from_url(public)
        if day is not None:
            return self.window.since.date() <= day <= self.window.until.date()
        return True

    def parse_article(self, response: Response) -> Iterator[FetchedPage]:
        yield FetchedPage.from_response(response, self.outlet.key)

    def article_failed(self, failure: Failure) -> Iterator[BadPage]:
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            self.crawler.stats.inc_value("csowatch/forbidden_by_robots")
            return
        status = None
        if failure.check(HttpError):
            status = failure.value.response.status
            reason = f"http-{status}"
        else:
            reason = "network-" + type(failure.value).__name__
        yield BadPage(
            outlet=self.outlet.key,
            url=request.meta.get("canonical", request.url),
            reason=reason,
            http_status=status,
            detail=str(failure.value)[:500],
        )

    # -- source bookkeeping ------------------------------------------------------------

    def source_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        kind = request.meta.get("source_kind", "source")
        if kind == "robots":
            return  # a site without robots.txt is fine; the robots middleware copes
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            self.crawler.stats.inc_value("csowatch/forbidden_by_robots")
            return
        detail = (
            f"HTTP {failure.value.response.status}"
            if failure.check(HttpError)
            else type(failure.value).__name__ + ": " + str(failure.value)
        )
        self._record_source(request.url, kind, ok=False, items=0, detail=detail)

    def _not_modified(self, response: Response, kind: str) -> bool:
        if response.status != 304:
            return False
        self.crawler.stats.inc_value("csowatch/sources_not_modified")
        self._record_source(response.url, kind, ok=True, items=None, response=response)
        return True

    def _source_ok(self, response: Response, kind: str, items: int) -> None:
        self._record_source(response.url, kind, ok=True, items=items, response=response)

    def _source_broken(self, response: Response, kind: str, detail: str) -> None:
        self._record_source(response.url, kind, ok=False, items=0, detail=detail)

    def _record_source(
        self,
        url: str,
        kind: str,
        *,
        ok: bool,
        items: int | None,
        detail: str = "",
        response: Response | None = None,
    ) -> None:
        assert self.state is not None
        stats = self.crawler.stats
        stats.inc_value(f"csowatch/sources_{'ok' if ok else 'failed'}")
        if not ok:
            log.error("%s: %s %s failed: %s", self.outlet.key, kind, url, detail)
        empty_runs = self.state.record_source(
            url, kind, ok=ok, items=items, detail=detail, response=response
        )
        if kind == "feed" and ok and items == 0:
            stats.inc_value("csowatch/feeds_empty")
            limit = self.settings.getint("CSOWATCH_EMPTY_FEED_ALERT_RUNS", 3)
            if empty_runs >= limit:
                self.dead_feeds.append(url)
                log.error(
                    "%s: feed %s has yielded nothing for %d runs in a row",
                    self.outlet.key,
                    url,
                    empty_runs,
                )


def _feed_date(entry: Any, name: str) -> datetime | None:
    raw = entry.get(name)
    return parse_date(raw) if raw else None


def _sitemap_candidate(entry: SitemapEntry) -> Candidate:
    published = parse_date(entry.publication_date) if entry.publication_date else None
    lastmod = parse_date(entry.lastmod) if entry.lastmod else None
    return Candidate(entry.loc, published, lastmod, "sitemap")


def _sitemap_body(response: Response) -> bytes | None:
    body = response.body
    if gzip_magic_number(response):
        try:
            return gunzip(body, max_size=MAX_SITEMAP_BYTES)
        except Exception:
            return None
    head = body[:512].lstrip().lower()
    if head.startswith(b"<?xml") or b"<urlset" in head or b"<sitemapindex" in head:
        return body
    return None
