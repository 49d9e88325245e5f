"""Downloader middlewares and the throttle: what a hostile web must not do to a crawl.

- ``BackoffRetryMiddleware``: retries with exponential back-off that honour ``Retry-After``.
- ``PoliteAutoThrottle``: AutoThrottle that learns the pace from answers, not from errors.
- ``BoundedCompressionMiddleware``: a body that inflates past ``DOWNLOAD_MAXSIZE`` (a gzip bomb)
  is refused as ``too-large`` while it is being decompressed.
- ``OutletRedirectMiddleware`` / ``OutletMetaRefreshMiddleware``: an article is never followed
  off its outlet's hosts (``redirect-offsite``) nor round a loop (``redirect-loop``).
- ``failure_reason``: the bad-page reason of a failed download (pure).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import HtmlResponse, Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.response import get_meta_refresh, response_status_message

log = logging.getLogger(__name__)


class PageRefused(IgnoreRequest):
    """A download the crawl refuses on purpose; ``reason`` is the bad-page label.

    A subclass of ``IgnoreRequest`` so that Scrapy drops the request quietly; the spider's
    errbacks record it (a robots.txt ``IgnoreRequest`` is not a ``PageRefused``).
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason
        self.detail = detail


def failure_reason(exc: BaseException) -> tuple[str, int | None]:
    """``(reason, http_status)`` of a failed article download, for ``BadPage``.

    ``too-large``, ``redirect-offsite``, ``redirect-loop`` (refused by the middlewares here),
    ``http-<status>``, else ``network-<the underlying error>``: ``network-ConnectionLost``
    rather than the wrapper Scrapy raises around Twisted's failure.
    """
    if isinstance(exc, PageRefused):
        return exc.reason, None
    if isinstance(exc, HttpError):
        status = exc.response.status
        return f"http-{status}", status
    if isinstance(exc, DownloadCancelledError) and "max size" in str(exc):
        return "too-large", None
    return "network-" + type(_root_cause(exc)).__name__, None


def _root_cause(exc: BaseException) -> BaseException:
    """The Twisted error under Scrapy's wrappers (``DownloadFailedError`` -> ``ResponseFailed``
    -> its first reason, e.g. ``ConnectionLost``)."""
    seen: set[int] = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        reasons = getattr(exc, "reasons", None) or []  # twisted.web._newclient.ResponseFailed
        inner = [getattr(r, "value", None) for r in reasons]
        named = [e for e in inner if isinstance(e, BaseException)]
        public = [e for e in named if not type(e).__name__.startswith("_")]  # not _DataLoss
        if public or named:
            exc = (public or named)[0]
            continue
        if exc.__cause__ is not None and type(exc).__module__.startswith("scrapy"):
            exc = exc.__cause__
            continue
        break
    return exc


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry, with exponential back-off and ``Retry-After`` on 429 and 503.

    Settings: ``RETRY_BACKOFF_BASE`` (seconds, doubled per retry), ``RETRY_BACKOFF_MAX`` and
    ``RETRY_AFTER_MAX`` (the longest ``Retry-After`` honoured; longer waits give up at once).
    """

    def __init__(self, settings) -> None:  # noqa: ANN001 - Scrapy's Settings
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 300.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        o = cls(crawler.settings)
        o.crawler = crawler
        return o

    async def process_response(  # type: ignore[override]  # Scrapy awaits it
        self, request: Request, response: Response
    ) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        delay = self.backoff_base * (2 ** request.meta.get("retry_times", 0))
        delay = min(delay, self.backoff_max)
        if response.status in (429, 503):
            header = response.headers.get(b"Retry-After")
            asked = retry_after_seconds(header.decode("latin-1") if header else None)
            if asked is not None:
                if asked > self.retry_after_max:
                    log.warning(
                        "%s asks to wait %.0fs (Retry-After), more than %.0fs: giving up",
                        request.url,
                        asked,
                        self.retry_after_max,
                    )
                    self.crawler.stats.inc_value("retry/retry_after_too_long")
                    return response
                delay = asked
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        await self._wait(delay)
        return retry

    async def process_exception(  # type: ignore[override]  # Scrapy awaits it
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        """Network errors (a reset connection, a timeout) are retried with the same back-off."""
        retry = super().process_exception(request, exception)
        if isinstance(retry, Request):
            delay = self.backoff_base * (2 ** request.meta.get("retry_times", 0))
            await self._wait(min(delay, self.backoff_max))
        return retry

    async def _wait(self, delay: float) -> None:
        # Only this request waits (the slot goes on with others); PoliteAutoThrottle keeps the
        # slow error answer from adding the slot's inflated delay on top of this wait.
        if delay > 0:
            self.crawler.stats.inc_value("retry/backoff_seconds", int(delay))
            await asyncio.sleep(delay)


class PoliteAutoThrottle(AutoThrottle):
    """AutoThrottle that ignores the latency of answers the back-off handles (429, 5xx, ...).

    Scrapy's AutoThrottle sets the slot's delay from every response's latency and, for a non-200
    answer, only ever raises it. A slow ``503 Retry-After: 1`` (an overloaded server takes long
    to say so) thus raised the delay towards ``AUTOTHROTTLE_MAX_DELAY`` (30 s, jittered to
    45 s) and kept it there while the server kept failing: the next retry waited that delay
    instead of the one second asked, and the outlet's later requests paid it too. Those
    answers are the back-off's business (it honours ``Retry-After``); the pace is learnt from
    the others.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        codes = crawler.settings.getlist("RETRY_HTTP_CODES")
        self.ignored_statuses = {int(code) for code in codes} | {429, 503}

    def _adjust_delay(self, slot: Any, latency: float, response: Response) -> None:
        if response.status in self.ignored_statuses:
            return
        super()._adjust_delay(slot, latency, response)


class _SizeWarningFilter(logging.Filter):
    """Scrapy logs a refused oversized body itself; the bad page's own line says it once."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "during decompression" not in record.getMessage()


class BoundedCompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's decompression, which stops at ``DOWNLOAD_MAXSIZE`` (or the request's
    ``download_maxsize`` meta) while inflating, 64 KiB at a time: a gzip bomb never reaches
    memory. The refusal is a ``PageRefused("too-large")`` the spider records as a bad page."""

    def __init__(self, stats: Any = None, *, crawler: Crawler | None = None) -> None:
        super().__init__(stats, crawler=crawler)
        scrapy_log = logging.getLogger(HttpCompressionMiddleware.__module__)
        if not any(isinstance(f, _SizeWarningFilter) for f in scrapy_log.filters):
            scrapy_log.addFilter(_SizeWarningFilter())

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        try:
            return super().process_response(request, response)
        except IgnoreRequest as exc:
            cause = exc.__cause__
            if cause is None or not hasattr(cause, "max_size"):
                raise
            limit = request.meta.get("download_maxsize", self._max_size)
            encoding = b",".join(response.headers.getlist("Content-Encoding")).decode("latin-1")
            raise PageRefused(
                "too-large",
                f"{len(response.body)} bytes of {encoding} inflate past the {limit} bytes allowed",
            ) from None


class _OutletRedirects:
    """Redirect checks shared by the HTTP and the ``<meta refresh>`` redirect middlewares."""

    crawler: Crawler

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        seen = [*request.meta.get("redirect_urls", []), request.url]
        if _without_fragment(redirected.url) in {_without_fragment(u) for u in seen}:
            raise PageRefused("redirect-loop", " -> ".join([*seen, redirected.url])[:400])
        outlet = getattr(self.crawler.spider, "outlet", None)
        if request.meta.get("canonical") and outlet is not None and not outlet.owns(redirected.url):
            raise PageRefused("redirect-offsite", f"{request.url} -> {redirected.url}")
        try:
            return super()._redirect(redirected, request, reason)  # type: ignore[misc]
        except PageRefused:
            raise
        except IgnoreRequest:  # Scrapy's "max redirections reached"
            raise PageRefused(
                "redirect-loop", f"more than {len(seen) - 1} redirects from {seen[0]}"
            ) from None


class OutletRedirectMiddleware(_OutletRedirects, RedirectMiddleware):
    """``RedirectMiddleware`` that refuses loops and, for articles, other hosts."""


class OutletMetaRefreshMiddleware(_OutletRedirects, MetaRefreshMiddleware):
    """``MetaRefreshMiddleware`` with the same refusals; a page that only reloads itself
    (``<meta http-equiv="refresh" content="60">``) is the page, not a redirect loop."""

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if not isinstance(response, HtmlResponse):
            return super().process_response(request, response)
        head = _head(response)
        _, url = get_meta_refresh(head, ignore_tags=self._ignore_tags)
        if url and _without_fragment(url) == _without_fragment(request.url):
            return response
        result = super().process_response(request, head)
        return response if result is head else result


# Scrapy reads a meta refresh (and the page's <base>) in the first 4,096 characters of
# ``response.text``, which decodes and keeps the whole page: twice a page's size held in the
# reactor's process for every response waiting for the analysis pool, which decodes it again.
# The same 4,096 characters come from a head of at most 4 bytes a character, cut after a ">"
# (never inside a UTF-8 sequence), so an undeclared encoding is guessed from whole characters.
META_REFRESH_HEAD_BYTES = 4 * 4096


def _head(response: HtmlResponse) -> HtmlResponse:
    body = response.body
    if len(body) <= META_REFRESH_HEAD_BYTES:
        return response
    cut = body.rfind(b">", 0, META_REFRESH_HEAD_BYTES) + 1 or META_REFRESH_HEAD_BYTES
    return response.replace(body=body[:cut])


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]
