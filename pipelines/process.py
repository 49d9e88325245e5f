"""From a fetched page to an analysed Article: extract, then find mentions and quotes.

``analyse_page`` is the pure core (no Scrapy, no database) shared by the crawl, ``csowatch
extract`` and ``csowatch reprocess``; ``spiders.pipeline_process`` is the thin Scrapy layer.
"""

from __future__ import annotations

import logging
import re
from html import unescape

from pipelines.extract import (
    CharsetError,
    EmptyDocumentError,
    ExtractionError,
    decode_html_noted,
    extract_article,
)
from pipelines.mentions import find_mentions
from pipelines.quotes import find_quotes
from pipelines.registry import Registry
from pipelines.types import Article
from pipelines.urlrules import UrlRules, classify_url

log = logging.getLogger(__name__)

# A page whose heading says "not found" and whose body is shorter than this is a soft 404.
SOFT_404_MAX_BODY = 1000
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
    """Decode HTML with ``pipelines.extract.decode_html`` (HTTP header, then BOM and ``<meta
    charset>``, then what the bytes are); what it cannot decode is a bad page: ``empty-body``
    (nothing but whitespace) or ``wrong-charset`` (bytes no charset decodes plausibly)."""
    return decode_page_noted(body, content_type)[0]


def decode_page_noted(body: bytes, content_type: str = "") -> tuple[str, str | None]:
    """``decode_page``, and what it had to correct ("charset: utf-8 declared, the bytes are
    cp1251"), for the article's notes."""
    try:
        return decode_html_noted(body, content_type)
    except EmptyDocumentError:
        raise PageError("empty-body") from None
    except CharsetError as exc:
        raise PageError("wrong-charset", str(exc)) from None


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
    rules: str | None = None,
    url_rules: UrlRules | None = None,
) -> Article:
    """Extract the article and annotate it with mentions (when a registry is given) and quotes.

    ``rules``: the outlet's rule module (``extract_article``); ``url_rules``: the outlet's URL
    rules, whose ``id`` group (found in the canonical URL) is the article's id."""
    text, charset_note = (
        decode_page_noted(html, content_type) if isinstance(html, bytes) else (html, None)
    )
    try:
        article = extract_article(text, url, outlet, spider=spider, rules=rules)
    except ExtractionError as exc:
        heading = soft_404_heading(text)
        if heading is not None:
            raise PageError("soft-404", f"{heading!r} and no article body") from None
        raise PageError(getattr(exc, "reason", "no-body"), str(exc)) from None
    if charset_note:
        article.extraction_notes.insert(0, charset_note)
    if canonical:
        article.canonical_url = canonical
    if url_rules:
        ident = classify_url(article.canonical_url, url_rules).ident
        if ident:
            article.article_id = ident
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
