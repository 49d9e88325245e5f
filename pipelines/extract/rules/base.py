"""What every rule set shares: page lookups (meta, JSON-LD, CSS) and field defaults.

A rule set is a class with one short method per field (``title``, ``subtitle``, ``authors``,
``published``, ``modified``, ``lead``, ``paragraphs``, ``links``, ``tags``, ``section``,
``language``). ``Rules`` implements each field from structured metadata (JSON-LD, OpenGraph,
``<h1>``), so a CMS module overrides only what its markup does better. A redesign gets a new
class (``class V2(V1)``) rather than edited selectors, so archived pages still parse.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import urljoin

from lxml import html as lxml_html
from lxml.cssselect import CSSSelector

from pipelines.dates import parse_date
from pipelines.extract.metadata import ARTICLE_TYPES, PAGE_TYPES, Metadata

WS = re.compile(r"\s+")
_TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014:-]{1,2}\s+")
_WIRE_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\bи\b|&)\s*", re.IGNORECASE)
_BY = re.compile(r"^\s*(?:by|от|автор(?:ы)?:?)\s+", re.IGNORECASE)
_SELECTORS: dict[str, CSSSelector] = {}


def clean(text: str | None) -> str:
    """Whitespace collapsed to single spaces, no-break spaces included; stripped."""
    return WS.sub(" ", (text or "").replace("\xa0", " ")).strip()


def text_of(element: Any) -> str:
    """Visible text of an element (scripts and styles excluded)."""
    if element is None:
        return ""
    parts = [
        t
        for t in element.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")
        if isinstance(t, str)
    ]
    return clean("".join(parts))


def css(selector: str) -> CSSSelector:
    """A compiled CSS selector (compiled once per process; selectors are constants)."""
    compiled = _SELECTORS.get(selector)
    if compiled is None:
        compiled = _SELECTORS[selector] = CSSSelector(selector)
    return compiled


def split_authors(text: str) -> list[str]:
    """'By A, B and C' -> ['A', 'B', 'C']."""
    text = _BY.sub("", clean(text))
    return [name for name in (clean(p) for p in _WIRE_SPLIT.split(text)) if name]


def unique(items: Iterator[str] | list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item.casefold() not in {s.casefold() for s in seen}:
            seen[item] = None
    return list(seen)


class Page:
    """A parsed HTML page with the lookups every rule set needs."""

    def __init__(self, tree: lxml_html.HtmlElement, url: str) -> None:
        self.tree = tree
        self.url = url
        self._jsonld: list[dict[str, Any]] | None = None
        self._meta: dict[tuple[str, str], list[str]] | None = None

    def select(self, selector: str, root: Any = None) -> list[Any]:
        return css(selector)(self.tree if root is None else root)

    def first(self, selector: str, root: Any = None) -> Any:
        found = self.select(selector, root)
        return found[0] if found else None

    def text(self, selector: str, root: Any = None) -> str:
        return text_of(self.first(selector, root))

    def meta(self, *keys: str) -> str:
        """Content of the first non-empty ``<meta name|property|itemprop=key>``."""
        index = self._meta_index()
        for key in keys:
            key = key.lower()
            for attr in ("property", "name", "itemprop"):
                for value in index.get((attr, key), ()):
                    if value:
                        return value
        return ""

    def _meta_index(self) -> dict[tuple[str, str], list[str]]:
        """(attribute, lower-cased key) -> cleaned contents, in page order (built once)."""
        if self._meta is None:
            self._meta = {}
            for node in self.tree.iter("meta"):
                content = node.get("content")
                if content is None:
                    continue
                for attr in ("property", "name", "itemprop"):
                    key = node.get(attr)
                    if key:
                        self._meta.setdefault((attr, key.lower()), []).append(clean(content))
        return self._meta

    def absolute(self, href: str) -> str:
        return urljoin(self.url, href.strip())

    @property
    def jsonld(self) -> list[dict[str, Any]]:
        """Article-like JSON-LD objects (``@graph`` flattened), in page order."""
        if self._jsonld is None:
            found: list[dict[str, Any]] = []
            for script in self.tree.xpath('//script[@type="application/ld+json"]'):
                try:
                    data = json.loads(script.text or "", strict=False)
                except ValueError:
                    continue
                found.extend(_flatten(data))
            self._jsonld = [d for d in found if _types(d) & ARTICLE_TYPES]
            self._jsonld.sort(key=lambda d: bool(_types(d) & PAGE_TYPES))
        return self._jsonld

    def ld(self, key: str) -> Any:
        """First value of ``key`` among the article JSON-LD objects."""
        for obj in self.jsonld:
            value = obj.get(key)
            if value not in (None, "", [], {}):
                return value
        return None


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"])


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type", [])
    return {kind} if isinstance(kind, str) else {k for k in kind if isinstance(k, str)}


def strip_site_suffix(title: str, site_names: list[str], host: str) -> str:
    """'Headline | RFE/RL' -> 'Headline' when the last segment names the site."""
    title = clean(title)
    host_letters = re.sub(r"[^a-zа-я0-9]", "", host.lower())
    names = {re.sub(r"[^a-zа-я0-9]", "", n.lower()) for n in site_names if n}
    parts = _TITLE_SEPARATORS.split(title)
    while len(parts) > 1:
        last = re.sub(r"[^a-zа-я0-9]", "", parts[-1].lower())
        if last and (last in names or (len(last) >= 3 and last in host_letters)):
            title = title[: title.rfind(parts[-1])].rstrip()
            title = re.sub(r"\s*[|\u2013\u2014:-]{1,2}$", "", title)
            parts = parts[:-1]
        else:
            break
    return title


class Rules:
    """Field defaults from structured metadata; CMS rule sets override what they know better."""

    name: ClassVar[str] = "base"

    def __init__(self, page: Page) -> None:
        self.page = page

    # -- identity ---------------------------------------------------------------------------
    def site_names(self) -> list[str]:
        publisher = self.page.ld("publisher")
        names = [self.page.meta("og:site_name", "application-name")]
        if isinstance(publisher, dict):
            names.append(clean(str(publisher.get("name", ""))))
        return [n for n in names if n]

    # -- fields -----------------------------------------------------------------------------
    def title(self) -> str:
        headline = self.page.ld("headline") or self.page.ld("name")
        candidates = [
            clean(headline) if isinstance(headline, str) else "",
            self.page.meta("og:title", "twitter:title"),
            self.page.text("h1"),
            text_of(self.page.tree.find(".//title")),
        ]
        host = self.page.url.split("/")[2] if "//" in self.page.url else ""
        for candidate in candidates:
            if candidate:
                return strip_site_suffix(candidate, self.site_names(), host)
        return ""

    def subtitle(self) -> str | None:
        return None

    def standfirst(self) -> str | None:
        """A separate standfirst (summary under the headline), if the markup has one."""
        return None

    def authors(self) -> list[str]:
        names: list[str] = []
        value = self.page.ld("author")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "Organization" not in str(item.get("@type", "")):
                names.extend(split_authors(str(item.get("name", ""))))
            elif isinstance(item, str):
                names.extend(split_authors(item))
        if not names:
            names = split_authors(self.page.meta("author", "article:author", "byl"))
            names = [n for n in names if not n.startswith("http")]
        return unique(names)

    def published_from_metadata(self) -> datetime | None:
        """Publication time from JSON-LD or ``<meta>``: what the CMS says, not what it shows."""
        return _first_date(
            self.page.ld("datePublished"),
            self.page.meta("article:published_time", "datePublished", "pubdate", "date"),
        )

    def published(self) -> datetime | None:
        return self.published_from_metadata() or _first_date(
            self.page.tree.xpath("string((//time[@datetime])[1]/@datetime)")
        )

    def modified(self) -> datetime | None:
        return _first_date(
            self.page.ld("dateModified"),
            self.page.meta("article:modified_time", "dateModified", "og:updated_time"),
        )

    def tags(self) -> list[str]:
        tags = [clean(t) for t in self.page.tree.xpath('//meta[@property="article:tag"]/@content')]
        if not tags:
            keywords = self.page.ld("keywords") or self.page.meta("keywords", "news_keywords")
            if isinstance(keywords, list):
                tags = [clean(str(k)) for k in keywords]
            elif isinstance(keywords, str):
                tags = [clean(k) for k in keywords.split(",")]
        return unique([t for t in tags if t])

    def section(self) -> str | None:
        value = self.page.ld("articleSection") or self.page.meta("article:section")
        if isinstance(value, list):
            value = value[0] if value else None
        return clean(str(value)) or None if value else None

    def language(self) -> str | None:
        value = (
            self.page.tree.get("lang")
            or self.page.meta("og:locale", "language", "content-language")
            or (self.page.ld("inLanguage") if isinstance(self.page.ld("inLanguage"), str) else "")
        )
        code = re.split(r"[-_]", value.strip().lower())[0] if value else ""
        return code if re.fullmatch(r"[a-z]{2,3}", code) else None

    def paragraphs(self) -> list[str]:
        raise NotImplementedError

    def links(self) -> list[tuple[str, str]]:
        return []

    def refine(self, meta: Metadata) -> None:
        """An outlet's rule module corrects the metadata cascade's fields here (the generic
        path only), saying so in ``meta.sources``; the default changes nothing."""


def _first_date(*values: Any) -> datetime | None:
    for value in values:
        if isinstance(value, list):
            value = value[0] if value else None
        parsed = parse_date(str(value)) if value else None
        if parsed is not None:
            return parsed
    return None


def anchors(element: Any, page: Page) -> list[tuple[str, str]]:
    """(anchor text, absolute href) of the http(s) links inside an element."""
    found = []
    for a in element.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        absolute = page.absolute(href)
        if absolute.startswith(("http://", "https://")):
            found.append((text_of(a), absolute))
    return found
