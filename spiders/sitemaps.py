"""Reading sitemaps: indexes, url sets and Google News sitemaps, in one streaming pass.

Scrapy's own ``Sitemap`` class keeps only the direct children of ``<url>``, so it loses
``news:publication_date`` (nested in ``news:news``); this reader keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from lxml import etree


class SitemapError(ValueError):
    """The body is not a readable sitemap."""


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: str | None = None
    publication_date: str | None = None
    title: str | None = None


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def parse_sitemap(body: bytes) -> tuple[str, list[SitemapEntry]]:
    """Return ``("sitemapindex" | "urlset", entries)``; raise ``SitemapError`` on garbage."""
    try:
        events = etree.iterparse(
            BytesIO(body),
            events=("start", "end"),
            recover=True,
            resolve_entities=False,
            no_network=True,
            remove_comments=True,
        )
        _, root = next(events)
    except (etree.XMLSyntaxError, StopIteration) as exc:
        raise SitemapError(f"not XML: {exc}") from None
    kind = _local(root.tag)
    if kind not in ("sitemapindex", "urlset"):
        raise SitemapError(f"root element is <{kind}>, not <urlset> or <sitemapindex>")
    entries: list[SitemapEntry] = []
    try:
        for event, elem in events:
            if event != "end" or _local(elem.tag) not in ("url", "sitemap"):
                continue
            fields: dict[str, str] = {}
            for child in elem.iter():
                name = _local(child.tag)
                if name in ("loc", "lastmod", "publication_date", "title") and child.text:
                    fields.setdefault(name, child.text.strip())
            elem.clear()
            if fields.get("loc"):
                entries.append(SitemapEntry(**fields))
    except etree.XMLSyntaxError as exc:
        if not entries:
            raise SitemapError(f"broken XML: {exc}") from None
    return kind, entries
