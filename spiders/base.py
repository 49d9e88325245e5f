"""One discovery base for every outlet: feeds, sitemap indexes, news sitemaps, robots.txt.

A spider class is made per configured outlet (see ``crawler.spiderloader``); the CMS family
modules (``pangea``, ``moscowtimes``, ``generic``) only say which URLs are articles and how to
use dates hidden in URLs and ids. The spider yields ``FetchedPage`` items for article pages and
``BadPage`` items for pages that failed; the item pipelines do the rest.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar

import feedparser
import scrapy
from protego import Protego
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.asyncio import sleep
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import sitemap_urls_from_robots
from twisted.python.failure import Failure

from pipelines.dates import parse_date
from pipelines.urlrules import UrlMatch, classify_url, rule_key
from pipelines.urls import article_key, canonical_url, is_article_url
from spiders.crawlstore import crawl_store
from spiders.items import BadPage, FetchedPage, SourceRead, Unscheduled
from spiders.middlewares import PageRefused, failure_reason
from spiders.outlet import Outlet
from spiders.sitemaps import SitemapEntry, SitemapError, parse_sitemap
from spiders.state import CrawlState, Window
from store.frontier import Pending

log = logging.getLogger(__name__)

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # also the download cap of feeds and sitemaps
# Sitemap indexes nest at most this deep (index -> index -> index -> sitemap): an endless
# index that links a new index every time is cut there.
MAX_SITEMAP_DEPTH = 3
# A feed or sitemap date more than this ahead of the clock is not believed.
FUTURE_SLACK = timedelta(days=1)
# How often ``start()`` looks again whether the downloader has room for the next article.
FEED_POLL_SECONDS = 0.05


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
        self._skipped_gone: set[str] = set()
        self._outside: set[str] = set()
        # The newest sitemap lastmod seen per article this run (whichever source listed it first)
        self.lastmods: dict[str, datetime] = {}
        self._child_sitemaps = 0  # child sitemaps requested this run (capped: max_sitemaps)
        self._sitemaps_capped = False
        # Articles the sources scheduled and the downloader has not taken yet: compact frontier
        # entries (and whether the page is known), made into requests only when there is room,
        # so a sitemap of 20,000 pages costs a deque of small records, not 20,000 requests.
        self._articles: deque[tuple[Pending, bool]] = deque()

    # -- start ---------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        self.state = CrawlState.load(
            crawl_store(self.crawler),
            self.outlet.key,
            self.window,
            self.settings.getint("CSOWATCH_RUN_ID") or None,
            key_of=self.key_of,
        )
        # What an earlier run scheduled and did not finish comes first, whatever the sources
        # answer now (they may well say 304 Not Modified).
        for entry in self.state.resumable:
            if entry.kind == "sitemap":
                self.crawler.stats.inc_value("csowatch/resumed")
                yield self._source_request(entry.url, "sitemap", frontier_url=entry.url)
            elif self._resume(entry):
                self.crawler.stats.inc_value("csowatch/resumed")
        if self.outlet.robots_sitemaps:
            yield self._source_request(self.outlet.base_url + "/robots.txt", "robots")
        for url in self.outlet.feeds:
            yield self._source_request(url, "feed")
        for url in self.outlet.sitemaps:
            yield self._source_request(url, "sitemap")
        for url in self.outlet.listings:
            yield self._source_request(url, "listing")
        async for request in self._feed_articles():
            yield request

    async def _feed_articles(self) -> AsyncIterator[scrapy.Request]:
        """Hand the scheduled articles to Scrapy one at a time, only while the engine has room
        (``engine.needs_backout()``: the downloader's slots and the scraper's, which the
        analysis pool keeps busy), so memory stays flat however many pages the sitemaps list.
        Ends once nothing is queued here and the engine is quiet twice in a row: no source
        is left in flight that could schedule more."""
        engine = self.crawler.engine
        assert engine is not None
        quiet = 0
        while True:
            if self._articles:
                quiet = 0
                if engine.needs_backout():
                    await sleep(FEED_POLL_SECONDS)
                    continue
                entry, known = self._articles.popleft()
                yield self._article_request(entry, known)
                continue
            quiet = quiet + 1 if _engine_quiet(engine) else 0
            if quiet >= 2:
                return
            await sleep(FEED_POLL_SECONDS)

    def _resume(self, entry: Pending) -> bool:
        """Queue an article an earlier run scheduled; whether it is still to be fetched."""
        window = Window(
            entry.window_since or self.window.since, entry.window_until or self.window.until
        )
        c = Candidate(entry.url, entry.published, entry.lastmod, entry.source or "frontier")
        return self._queue(self.consider(c, window=window, resumed=True)) > 0

    def _queue(self, planned: Iterable[tuple[Pending, bool]]) -> int:
        """Put articles on the queue ``start()`` feeds from; returns how many."""
        before = len(self._articles)
        self._articles.extend(planned)
        return len(self._articles) - before

    def _article_request(self, entry: Pending, known: bool) -> scrapy.Request:
        return scrapy.Request(
            self.outlet.fetch_url(entry.url),
            callback=self.parse_article,
            errback=self.article_failed,
            meta={
                "canonical": entry.url,
                "lastmod": entry.lastmod,
                "published": entry.published,
                "known": known,
                "source": entry.source,
                "window_since": entry.window_since,
                "window_until": entry.window_until,
            },
        )

    def _source_request(self, url: str, kind: str, **meta: Any) -> scrapy.Request:
        assert self.state is not None
        fetch = self.outlet.fetch_url(url)
        headers = self.state.conditional_headers(fetch) if kind != "robots" else {}
        callback = {
            "robots": self.parse_robots,
            "feed": self.parse_feed,
            "listing": self.parse_listing,
        }.get(kind, self.parse_sitemap)
        return scrapy.Request(
            fetch,
            callback=callback,
            errback=self.source_failed,
            headers=headers,
            meta={
                "source_kind": kind,
                "handle_httpstatus_list": [304],
                "download_maxsize": MAX_SITEMAP_BYTES,
                "download_warnsize": MAX_SITEMAP_BYTES // 2,
                **meta,
            },
            dont_filter=kind == "robots",
        )

    # -- sources -------------------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        if response.status != 200:
            return
        self._check_crawl_delay(response.body)
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            if self.outlet.owns(url) and url not in self.outlet.sitemaps:
                yield self._source_request(url, "sitemap")

    def _check_crawl_delay(self, robots: bytes) -> None:
        """A robots.txt ``Crawl-delay`` longer than the wait in force is said once a run (the
        outlet's ``crawl_delay`` is where it is kept: the downloader's delay is fixed when
        the crawl opens the site) and counted in ``csowatch/robots_crawl_delay``."""
        agent = self.settings.get("USER_AGENT") or "*"
        try:
            asked = Protego.parse(robots.decode("utf-8", "replace")).crawl_delay(agent)
        except Exception:  # a robots.txt protego cannot read says nothing about delays
            return
        in_force = self.settings.getfloat("DOWNLOAD_DELAY")
        if asked and asked > in_force:
            self.crawler.stats.set_value("csowatch/robots_crawl_delay", asked)
            log.warning(
                "%s: robots.txt asks for Crawl-delay %g s, the crawl waits %g s: set "
                "crawl_delay = %g in the outlet's configuration",
                self.outlet.key,
                asked,
                in_force,
                asked,
            )

    def parse_feed(self, response: Response) -> Iterator[Any]:
        if response.status == 304:
            yield self._not_modified(response, "feed")
            return
        parsed = feedparser.parse(response.body)
        entries = parsed.get("entries", [])
        problem = feed_problem(response, parsed)
        if problem:
            yield self._source_broken(response, "feed", problem)
            return
        planned: list[tuple[Pending, bool]] = []
        for entry in entries:
            link = entry.get("link")
            if not link:
                continue
            published = _feed_date(entry, "published") or _feed_date(entry, "updated")
            planned.extend(self.consider(Candidate(link, published, None, "feed")))
        yield self._source_ok(response, "feed", len(entries), [p for p, _ in planned])
        # queued only once the store has the frontier entries (the answer commits them)
        self._queue(planned)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        """A listing page (``listings`` in the outlet's configuration): every link on it that
        the outlet's ``articles`` patterns accept is a candidate. Only the configured pages are
        read, nothing they link to but articles (no recursive crawl); the count of article
        links is the source's item count, so a page that stops listing any (a redesign) raises
        the empty-source alert like an empty feed."""
        if response.status == 304:
            yield self._not_modified(response, "listing")
            return
        if not isinstance(response, HtmlResponse):
            kind = _header(response, b"Content-Type") or "no Content-Type"
            yield self._source_broken(response, "listing", f"not an HTML page ({kind})")
            return
        planned: list[tuple[Pending, bool]] = []
        found: set[str] = set()
        for href in response.css("a::attr(href)").getall():
            link = response.urljoin(href.strip())
            public = canonical_url(self.outlet.public_url(link))
            if not public or public in found or not self.outlet.owns(public):
                continue
            if classify_url(public, self.outlet.url_rules).article is not True:
                continue  # navigation, sections, other listings: not counted, not followed
            found.add(public)
            planned.extend(self.consider(Candidate(link, None, None, "listing")))
        yield self._source_ok(response, "listing", len(found), [p for p, _ in planned])
        self._queue(planned)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        if response.status == 304:
            yield self._not_modified(response, "sitemap")
            return
        body = _sitemap_body(response)
        if body is None:
            yield self._source_broken(response, "sitemap", "not a sitemap")
            return
        try:
            kind, entries = parse_sitemap(body)
        except SitemapError as exc:
            yield self._source_broken(response, "sitemap", str(exc))
            return
        requests: list[scrapy.Request] = []
        planned: list[tuple[Pending, bool]] = []
        if kind == "sitemapindex":
            depth = response.meta.get("sitemap_depth", 0) + 1
            for entry in entries:
                lastmod = parse_date(entry.lastmod) if entry.lastmod else None
                if self.outlet.owns(entry.loc) and self.follow_sitemap(entry.loc, lastmod):
                    if not self._may_fetch_sitemap(response.url, depth):
                        continue
                    requests.append(
                        self._source_request(
                            entry.loc, "sitemap", frontier_url=entry.loc, sitemap_depth=depth
                        )
                    )
                else:
                    self.crawler.stats.inc_value("csowatch/sitemaps_skipped")
        else:
            candidates = [_sitemap_candidate(entry) for entry in entries]
            for candidate in self.select_from_sitemap(candidates):
                planned.extend(self.consider(candidate))
        scheduled = [_pending(r) for r in requests] + [p for p, _ in planned]
        yield self._source_ok(response, "sitemap", len(entries), scheduled)
        yield from requests
        self._queue(planned)

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
        public = self.public_article_url(url) or url
        return self.state.lookup(public, self.key_of(public)) is not None

    def public_article_url(self, url: str) -> str | None:
        """The canonical public address of a URL a source listed (a preview copy of the
        outlet's own article included), or None when it has none."""
        return canonical_url(self.outlet.public_url(url), self.outlet.preview_hosts)

    def published_from_url(self, url: str) -> date | None:
        """A publication day the URL itself gives away (The Moscow Times), else None."""
        return None

    # -- the outlet's URL rules (``articles``/``exclude``: pipelines.urlrules) ------------------

    def url_verdict(self, public: str) -> UrlMatch:
        return classify_url(public, self.outlet.url_rules)

    def is_article(self, public: str, verdict: UrlMatch | None = None) -> bool:
        """The outlet's rules decide when they say something, else the CMS family's."""
        verdict = verdict or self.url_verdict(public)
        if verdict.article is not None:
            return verdict.article
        return is_article_url(public, self.family)

    def key_of(self, public: str, verdict: UrlMatch | None = None) -> str:
        """The dedupe key: host:id from the rules' ``id`` group, else the family's, else the
        canonical URL."""
        verdict = verdict or self.url_verdict(public)
        return rule_key(public, verdict.ident) or article_key(public) or public

    def url_days(self, public: str, verdict: UrlMatch | None = None) -> tuple[date, date] | None:
        """The days the URL says the article was published in (one day, or a whole month), or
        None: the rules' date groups, else the family's ``published_from_url``."""
        verdict = verdict or self.url_verdict(public)
        if verdict.first_day is not None and verdict.last_day is not None:
            return verdict.first_day, verdict.last_day
        day = self.published_from_url(public)
        return (day, day) if day is not None else None

    # -- candidates -----------------------------------------------------------------------

    def consider(
        self, c: Candidate, *, window: Window | None = None, resumed: bool = False
    ) -> Iterator[tuple[Pending, bool]]:
        """Turn a discovered URL into an article to fetch (its frontier entry, and whether the
        page is known), or count why it was skipped (not an article, gone and not yet due,
        known and unchanged, outside the window).
        ``resumed``: an entry of the frontier, already judged to be in ``window`` (its run's)."""
        assert self.state is not None
        window = window or self.window
        c = self._without_future_dates(c)
        stats = self.crawler.stats
        public = self.public_article_url(c.url)
        verdict = self.url_verdict(public) if public else None
        if not public or not self.outlet.owns(public) or not self.is_article(public, verdict):
            stats.inc_value("csowatch/not_article_url")
            return
        key = self.key_of(public, verdict)
        if c.lastmod is not None and c.lastmod >= self.lastmods.get(public, c.lastmod):
            self.lastmods[public] = c.lastmod
        if key in self._requested:
            return
        if key not in self._seen_keys:
            self._seen_keys.add(key)
            stats.set_value("csowatch/discovered", len(self._seen_keys))
        if not resumed and public in self.state.gone:
            # answered 404/410 and not yet due for another check (``store.gone``)
            self._skipped_gone.add(public)
            stats.set_value("csowatch/gone_skipped", len(self._skipped_gone))
            return
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
        elif not resumed and not self._may_be_in_window(c, public, verdict):
            self.note_outside_window(public)
            return
        self._requested.add(key)
        yield (
            Pending(
                kind="article",
                url=public,
                lastmod=c.lastmod,
                published=c.published,
                source=c.source,
                window_since=window.since,
                window_until=window.until,
            ),
            known is not None,
        )

    def note_outside_window(self, url: str) -> None:
        """Count a URL left out for its date, once however many sources list it."""
        key = self.key_of(self.public_article_url(url) or url)
        if key not in self._outside:
            self._outside.add(key)
            self.crawler.stats.set_value("csowatch/outside_window", len(self._outside))

    def _without_future_dates(self, c: Candidate) -> Candidate:
        """A feed or sitemap date more than a day ahead (``pubDate`` 2099) is untrustworthy:
        it is dropped, so the page's own date decides (the store checks it against the window)."""
        limit = datetime.now(UTC) + FUTURE_SLACK

        def believed(when: datetime | None) -> datetime | None:
            if when is None or (when if when.tzinfo else when.replace(tzinfo=UTC)) <= limit:
                return when
            return None

        published, lastmod = believed(c.published), believed(c.lastmod)
        if published is c.published and lastmod is c.lastmod:
            return c
        self.crawler.stats.inc_value("csowatch/future_dates")
        dated = c.published if published is None and c.published is not None else c.lastmod
        log.warning(
            "%s: %s %s is dated in the future (%s); the page's own date decides",
            self.outlet.key,
            c.source,
            c.url,
            f"{dated:%Y-%m-%d %H:%M}" if dated else "?",
        )
        return Candidate(c.url, published, lastmod, c.source)

    def _may_fetch_sitemap(self, parent: str, depth: int) -> bool:
        """Whether a child sitemap of ``parent`` at ``depth`` is within the run's limits
        (``MAX_SITEMAP_DEPTH`` levels, ``CSOWATCH_MAX_SITEMAPS`` children per outlet and run);
        the first refusal is logged, every one counted (``csowatch/sitemaps_capped``)."""
        limit = self.settings.getint("CSOWATCH_MAX_SITEMAPS", 500)
        if depth <= MAX_SITEMAP_DEPTH and self._child_sitemaps < limit:
            self._child_sitemaps += 1
            return True
        self.crawler.stats.inc_value("csowatch/sitemaps_capped")
        if not self._sitemaps_capped:
            self._sitemaps_capped = True
            why = (
                f"sitemap indexes nest deeper than {MAX_SITEMAP_DEPTH} levels"
                if depth > MAX_SITEMAP_DEPTH
                else f"more than {limit} child sitemaps (crawl.max_sitemaps)"
            )
            log.warning("%s: %s (at %s): not followed further", self.outlet.key, why, parent)
        return False

    def _may_be_in_window(self, c: Candidate, public: str, verdict: UrlMatch | None) -> bool:
        if c.published is not None:
            return self.window.contains(c.published)
        days = self.url_days(public, verdict)
        if days is not None:
            first, last = days
            return first <= self.window.until.date() and self.window.since.date() <= last
        return True

    def parse_article(self, response: Response) -> Iterator[FetchedPage]:
        yield FetchedPage.from_response(response, self.outlet.key)

    def article_failed(self, failure: Failure) -> Iterator[BadPage | Unscheduled]:
        request = failure.request  # type: ignore[attr-defined]
        canonical = request.meta.get("canonical", request.url)
        if failure.check(IgnoreRequest) and not failure.check(HttpError, PageRefused):
            self.crawler.stats.inc_value("csowatch/forbidden_by_robots")
            yield Unscheduled(self.outlet.key, canonical, "robots")
            return
        error: Any = failure.value
        reason, status = failure_reason(error)
        yield BadPage(
            outlet=self.outlet.key,
            url=canonical,
            reason=reason,
            http_status=status,
            detail=str(failure.value)[:500],
        )

    # -- source bookkeeping ------------------------------------------------------------

    def source_failed(self, failure: Failure) -> Iterator[SourceRead | Unscheduled]:
        request = failure.request  # type: ignore[attr-defined]
        kind = request.meta.get("source_kind", "source")
        if kind == "robots":
            return  # a site without robots.txt is fine; the robots middleware copes
        if failure.check(IgnoreRequest) and not failure.check(HttpError, PageRefused):
            self.crawler.stats.inc_value("csowatch/forbidden_by_robots")
            frontier_url = request.meta.get("frontier_url")
            if frontier_url:
                yield Unscheduled(self.outlet.key, frontier_url, "robots", kind="sitemap")
            return
        error: Any = failure.value
        detail = (
            f"HTTP {error.response.status}"
            if failure.check(HttpError)
            else type(error).__name__ + ": " + (str(error) or "no detail")
        )
        yield self._source_read(request, kind, ok=False, items=0, detail=detail)

    def _not_modified(self, response: Response, kind: str) -> SourceRead:
        self.crawler.stats.inc_value("csowatch/sources_not_modified")
        return self._source_read(response.request, kind, ok=True, items=None, response=response)

    def _source_ok(
        self, response: Response, kind: str, items: int, scheduled: list[Pending]
    ) -> SourceRead:
        return self._source_read(
            response.request, kind, ok=True, items=items, response=response, scheduled=scheduled
        )

    def _source_broken(self, response: Response, kind: str, detail: str) -> SourceRead:
        return self._source_read(response.request, kind, ok=False, items=0, detail=detail)

    def _source_read(
        self,
        request: scrapy.Request | None,
        kind: str,
        *,
        ok: bool,
        items: int | None,
        detail: str = "",
        response: Response | None = None,
        scheduled: list[Pending] | None = None,
    ) -> SourceRead:
        """How a feed or sitemap answered and what it scheduled, for the store pipeline to
        write in one transaction (validators never without the pages they listed)."""
        assert request is not None
        stats = self.crawler.stats
        url = response.url if response is not None else request.url
        stats.inc_value(f"csowatch/sources_{'ok' if ok else 'failed'}")
        if not ok:
            log.error("%s: %s %s failed: %s", self.outlet.key, kind, url, detail)
            if stats.get_value("csowatch/source_error") is None:
                stats.set_value("csowatch/source_error", f"{kind} {url}: {detail}")
        etag = last_modified = None
        if response is not None and ok:
            etag = _header(response, b"ETag")
            last_modified = _header(response, b"Last-Modified")
        status = response.status if response is not None else None
        return SourceRead(
            outlet=self.outlet.key,
            url=url,
            kind="feed" if kind == "listing" else kind,  # a listing page is kept as a feed
            ok=ok,
            items=items,
            status=status if ok else (status or 0),
            etag=etag,
            last_modified=last_modified,
            detail=detail,
            scheduled=scheduled or [],
            frontier_url=request.meta.get("frontier_url"),
            window_since=self.window.since,
            window_until=None if self.window.open_ended else self.window.until,
        )


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _pending(request: scrapy.Request) -> Pending:
    """The frontier entry of a child sitemap the spider requests."""
    return Pending(kind="sitemap", url=request.meta.get("frontier_url") or request.url)


def _engine_quiet(engine: Any) -> bool:
    """Nothing downloading, waiting in the scheduler or being parsed: no source in flight."""
    scheduler = engine.scheduler
    return (
        not engine.downloader.active
        and engine.scraper.slot is not None
        and engine.scraper.slot.is_idle()
        and (scheduler is None or not scheduler.has_pending_requests())
    )


def feed_problem(response: Response, parsed: Any) -> str | None:
    """Why a feed's answer (``parsed`` by feedparser) is not a feed, in a few words for the run
    summary; None when it is one. feedparser reads an HTML page (a feed that moved to the
    site's home page, a "Page not found" answered with 200) as a feed without entries and
    without an error. An empty body is an empty feed (the empty-feed alert counts those)."""
    if parsed.get("entries") or not response.body.strip():
        return None
    if not parsed.get("bozo") and parsed.get("version"):
        return None  # an RSS or Atom document without items
    ctype = (_header(response, b"Content-Type") or "").split(";", 1)[0].strip().lower()
    head = response.body[:1024].lstrip().lower()
    if ctype in ("text/html", "application/xhtml+xml") or head.startswith(
        (b"<!doctype html", b"<html")
    ):
        return f"not a feed: the answer is an HTML page ({ctype or 'no Content-Type'})"
    if parsed.get("bozo"):
        return f"not a feed: {parsed.get('bozo_exception')}"
    return f"not a feed: no RSS or Atom document ({ctype or 'no Content-Type'})"


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
