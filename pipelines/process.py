"""From a fetched page to an analysed Article: extract, then find mentions and quotes.

``analyse_page`` is the pure core (no Scrapy, no database) shared by the crawl, ``csowatch
extract`` and ``csowatch reprocess``; ``ProcessPipeline`` is the thin Scrapy layer around it.
"""

from __future__ import annotations

import codecs
import logging
import re
from html import unescape
from typing import Any, Self

from charset_normalizer import from_bytes
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
# A page whose heading says "not found" and whose body is shorter than this is a soft 404.
SOFT_404_MAX_BODY = 1000
_SINGLE_BYTE = ("cp12", "cp866", "iso8859", "koi8", "mac-", "ascii", "latin")
_NOT_FOUND = re.compile(
    r"""
    \b(?:page|article|story|content|document)s?\s+(?:(?:was|is|could|can)\s*)?not\s+(?:be\s+)?found\b
    | ^\W*not\s+found\W*$
    | \b(?:page|article)\s+(?:does\s+not|doesn't|no\s+longer)\s+exists?\b
    | \bpage\s+(?:is\s+)?(?:unavailable|no\s+longer\s+available)\b
    | \berror\s*404\b | \b404\s*(?:error|not\s+found|page)\b | ^\W*404\W*(?:$|[-–—|:])
    | \bстраниц[аы]\s+(?:не\s+найден|не\s+существует|удален|недоступн)
    | ^\W*не\s+найден[аоы]?\W*$ | \bошибка\s*404\b | \b404\s*ошибка\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_HEADINGS = re.compile(r"<(title|h1)\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]*>")


class PageError(Exception):
    """A page that cannot become an article; ``reason`` is a short label for stats."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def decode_page(body: bytes, content_type: str = "") -> str:
    """Decode HTML: HTTP header, then BOM and ``<meta charset>``, then what the bytes are.

    What was declared is believed unless it garbles the text (U+FFFD) or a single-byte charset
    was declared for bytes that are valid UTF-8. Then: a page that is mostly UTF-8 with a few
    stray bytes (a footer in another charset, a cut character) stays UTF-8; anything else is
    decoded with the charset charset-normalizer detects (an undeclared windows-1251 page, or
    one whose header says utf-8). ``wrong-charset`` is left for bytes that no charset decodes
    plausibly (binary data, noise).
    """
    if not body.strip():
        raise PageError("empty-body")
    encoding, text = html_to_unicode(content_type or None, body)
    if _garbled(text) and content_type:
        encoding, text = html_to_unicode(None, body)  # the header lied: try the BOM and <meta>
    if not _garbled(text):
        if _single_byte(encoding) and _is_utf8(body):
            return body.decode("utf-8")  # declared windows-1251 (say), written in UTF-8
        return text
    mostly = _mostly_utf8(body)
    if mostly is not None:
        return mostly
    detected = _detected(body)
    if detected is not None:
        return detected
    raise PageError("wrong-charset", f"{text.count(chr(0xFFFD))} undecodable characters")


def _garbled(text: str) -> bool:
    bad = text.count("\ufffd")
    return bad > 0 and bad / max(len(text), 1) > MAX_REPLACEMENT_SHARE


def _single_byte(encoding: str) -> bool:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith(_SINGLE_BYTE)


def _is_utf8(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(body: bytes) -> str | None:
    """UTF-8 text with a few undecodable bytes: far more valid multi-byte characters than
    replacements (a real UTF-8 page); a single-byte page has next to none."""
    text = body.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return text if good >= 5 * bad else None


def _detected(body: bytes) -> str | None:
    best = from_bytes(body[:500_000]).best()
    if best is None:
        return None
    try:
        text = body.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return None if _garbled(text) else text


def soft_404_heading(text: str, title: str | None = None) -> str | None:
    """The page's "not found" heading (``<title>``, an ``<h1>`` or the extracted title), if it
    has one: "Page not found", "404", "Страница не найдена"…; else None."""
    headings = [title or ""]
    for match in _HEADINGS.finditer(text[:300_000]):
        headings.append(match.group(2))
        if len(headings) > 6:
            break
    for raw in headings:
        heading = " ".join(unescape(_TAGS.sub(" ", raw)).split())
        if heading and len(heading) <= 200 and _NOT_FOUND.search(heading):
            return heading
    return None


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
        heading = soft_404_heading(text)
        if heading is not None:
            raise PageError("soft-404", f"{heading!r} and no article body") from None
        raise PageError(getattr(exc, "reason", "no-body"), str(exc)) from None
    if canonical:
        article.canonical_url = canonical
    if not article.paragraphs:
        raise PageError("no-body", "no paragraphs found")
    body_chars = sum(len(p) for p in article.paragraphs)
    if body_chars < SOFT_404_MAX_BODY:
        heading = soft_404_heading(text, article.title)
        if heading is not None:
            raise PageError("soft-404", f"{heading!r} over {body_chars} characters of text")
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

        self.registry = registry_for_crawl(self.crawler)

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
