"""What the API rule sets share: an outlet's JSON document read into article fields.

Some outlets are JavaScript applications whose pages hold no text until a script fetches it
from the site's JSON API (Meduza, Novaya Gazeta Europe). For those the crawl fetches the API
document instead of the page, and a rule module of this kind (``meduza``, ``novayagazeta``)
reads it: ``read(data, url)`` turns the parsed JSON into a ``Document``, ``listing(data,
site)`` turns a listing of the API into article URLs, and the URL helpers map a public article
URL to its API document and back. ``pipelines.extract.article.extract_article`` is the one
place that sends a document here instead of to the HTML rules.

Texts inside a document are HTML fragments (a paragraph, a whole body); ``html_paragraphs``
reads them with the HTML rule sets' own block walker (``rules.blocks``), so a paragraph of
the API and a paragraph of a page are split and cleaned alike.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from typing import Any

import lxml.etree
from lxml import html as lxml_html

from pipelines.extract.rules.base import Page, clean, text_of
from pipelines.extract.rules.blocks import Paragraph, paragraphs_of

# Unix times above this are milliseconds (1e11 s is the year 5138; 1e11 ms is March 1973).
_MILLISECONDS_FROM = 100_000_000_000


class DocumentError(ValueError):
    """An API answer that yields no article; ``reason`` is the bad-page reason."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass
class Document:
    """The article fields an API document gives (``url``: the article's public address)."""

    url: str
    title: str
    paragraphs: list[Paragraph]
    subtitle: str | None = None
    lead: str | None = None
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    modified: datetime | None = None
    language: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ListingEntry:
    """One article a listing of the API names: its public URL and publication time."""

    url: str
    published: datetime | None


def parse_json(text: str) -> dict[str, Any]:
    """The document's JSON object; an answer that is not one (an HTML page, a cut-off body,
    a JSON list) is a ``DocumentError`` with reason ``not-json``."""
    head = text.lstrip("\ufeff \t\r\n")[:1]
    if head == "<":
        raise DocumentError("not-json", "the API answered HTML, not a JSON document")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise DocumentError("not-json", f"the API answer does not parse as JSON ({exc})") from None
    if not isinstance(data, dict):
        raise DocumentError("not-json", f"the API answered a JSON {type(data).__name__}")
    return data


def obj(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one (documents leave fields out)."""
    return value if isinstance(value, dict) else {}


def string(value: Any) -> str:
    """A JSON string field as clean plain text (HTML markup removed); "" for anything else."""
    if not isinstance(value, str) or not value.strip():
        return ""
    if "<" not in value and "&" not in value:
        return clean(value)
    return text_of(_fragment(value))


def unix_time(value: Any) -> datetime | None:
    """A Unix time in seconds or milliseconds (a number or digits) as an aware UTC datetime."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int | float) or value <= 0:
        return None
    seconds = value / 1000 if value >= _MILLISECONDS_FROM else value
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def html_paragraphs(fragment: str, url: str, skip: str | None = None) -> list[Paragraph]:
    """The paragraphs (and their links, made absolute against ``url``) of an HTML fragment."""
    if not fragment or not fragment.strip():
        return []
    root = _fragment(fragment)
    return paragraphs_of(root, Page(root, url), skip=skip)


def _fragment(markup: str) -> Any:
    """An HTML fragment parsed under one ``<div>`` (text and elements side by side)."""
    try:
        return lxml_html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        return lxml_html.fragment_fromstring("<p>" + escape(markup) + "</p>", create_parent="div")
