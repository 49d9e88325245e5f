"""From a fetched page to an analysed Article: extract, then find mentions and quotes.

``analyse_page`` is the pure core (no Scrapy, no database) shared by the crawl, ``csowatch
extract`` and ``csowatch reprocess``; ``ProcessPipeline`` is the thin Scrapy layer around it.
"""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy.crawler import Crawler
from w3lib.encoding import html_to_unicode

from crawler.items import BadPage, FetchedPage
from pipelines.extract import ExtractionError, extract_article
from pipelines.mentions import find_mentions
from pipelines.quotes import find_quotes
from pipelines.registry import Registry
from pipelines.types import Article

log = logging.getLogger(__name__)

# More than this share of U+FFFD after decoding means the charset was wrong.
MAX_REPLACEMENT_SHARE = 0.01


class PageError(Exception):
    """A page that cannot become an article; ``reason`` is a short label for stats."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def decode_page(body: bytes, content_type: str = "") -> str:
    """Decode HTML by HTTP header, BOM or ``<meta charset>``; reject a wrong charset."""
    if not body.strip():
        raise PageError("empty-body")
    _, text = html_to_unicode(content_type or None, body)
    if _garbled(text) and content_type:
        _, text = html_to_unicode(None, body)  # the header lied: try the BOM and <meta charset>
    if _garbled(text):
        raise PageError("wrong-charset", f"{text.count(chr(0xFFFD))} undecodable characters")
    return text


def _garbled(text: str) -> bool:
    bad = text.count("\ufffd")
    return bad > 0 and bad / max(len(text), 1) > MAX_REPLACEMENT_SHARE


def analyse_page(
    html: str | bytes,
    url: str,
    *,
    outlet: str | None = None,
    spider: str | None = None,
    registry: Registry | None = None,
    content_type: str = "",
    canonical: str | None = None,
) -> Article:
    """Extract the article and annotate it with mentions (when a registry is given) and quotes."""
    text = decode_page(html, content_type) if isinstance(html, bytes) else html
    try:
        article = extract_article(text, url, outlet, spider=spider)
    except ExtractionError as exc:
        raise PageError(getattr(exc, "reason", "no-body"), str(exc)) from None
    if canonical:
        article.canonical_url = canonical
    if not article.paragraphs:
        raise PageError("no-body", "no paragraphs found")
    article.quotes = find_quotes(article)
    if registry is not None:
        article.mentions = find_mentions(article, registry)
    return article


class ProcessPipeline:
    """Scrapy glue: turns ``FetchedPage`` items into analysed articles, or ``BadPage`` items."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.registry: Registry | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self) -> None:
        from crawler.registry_store import registry_for_crawl

        self.registry = registry_for_crawl(self.crawler.settings)

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
