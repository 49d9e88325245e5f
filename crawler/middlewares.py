"""Downloader middlewares: polite retries that honour ``Retry-After``."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Self

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.utils.response import response_status_message

log = logging.getLogger(__name__)


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

    async def process_response(self, request: Request, response: Response) -> Request | Response:
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
        if delay > 0:
            self.crawler.stats.inc_value("retry/backoff_seconds", int(delay))
            await asyncio.sleep(delay)
        return retry
