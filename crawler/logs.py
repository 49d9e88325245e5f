"""The crawl's log: a network failure is one line, never a traceback.

Scrapy logs some download errors with their traceback (robots.txt that could not be fetched,
for one); for an operator reading a cron mail, "DNS lookup failed for www.rferl.org" is the
whole story. ``one_line_network_errors()`` puts a filter on those loggers that folds such a
record into one line; any other error keeps its traceback.
"""

from __future__ import annotations

import logging

# Exceptions of the network, by class name (Twisted's, Scrapy's and the standard library's).
NETWORK_ERRORS = frozenset(
    {
        "CannotResolveHostError",
        "DNSLookupError",
        "ConnectionRefusedError",
        "ConnectionLost",
        "ConnectionDone",
        "ConnectError",
        "TCPTimedOutError",
        "TimeoutError",
        "ResponseNeverReceived",
        "ResponseFailed",
        "DownloadTimeoutError",
        "DownloadConnectionRefusedError",
        "DownloadFailedError",
        "ConnectionResetError",
        "SSLError",
    }
)


class OneLineNetworkErrors(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            names = {type(e).__name__ for e in _chain(exc)}
            if names & NETWORK_ERRORS:
                record.exc_info = None
                record.exc_text = None
        return True


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


# The loggers that log download errors with their traceback (Scrapy replaces its root handler
# as crawlers start, so the filter goes on the loggers themselves).
LOGGERS = (
    "scrapy.downloadermiddlewares.robotstxt",
    "scrapy.core.scraper",
    "scrapy.core.engine",
    "scrapy.core.downloader",
    "scrapy.utils.signal",
)


def one_line_network_errors() -> None:
    """Fold network tracebacks into one line on the loggers that print them."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, OneLineNetworkErrors) for f in logger.filters):
            logger.addFilter(OneLineNetworkErrors())
