"""Meduza (meduza.io, Russian; meduza.io/en, English): read from its JSON API, not its pages.

The site is a JavaScript application: an article page's HTML is a shell with build-generated
class names, filled from ``https://meduza.io/api/w5/<path>`` (``shared/outlets-more.md`` §2,
source MED-API). So the crawl discovers articles from the RSS feeds (``/rss/all``,
``/rss/en/all``) and the API's listing (``/api/w5/search?chrono=news&locale=ru|en``) and
fetches each article's API document; the stored URL stays the public one.

Article URLs: ``/[en/]<type>/<yyyy>/<mm>/<dd>/<slug>`` with type ``news``, ``feature``,
``cards``, ``short``, ``shapito``, ``slides``, ``episodes`` or ``brief``. AMP copies
``/amp/[en/]…``, ``www.``, a trailing ``/``, ``?utm_source=rss…`` and ``#…`` are the same
article.

The document: ``root`` with ``url``, ``title``, ``second_title``, ``description``,
``published_at`` / ``modified_at`` (Unix seconds), ``tag.name``, ``document_type``, ``footer``,
``image`` and ``content.body`` (HTML) or ``content.blocks`` (typed blocks ``{type, data}``:
``lead``, ``p``, ``h2``…``h4``, ``blockquote``, ``ul``/``ol``; data is HTML) or
``content.slides``. Read here: ``title``; ``second_title`` as the subtitle; ``description``
as the lead (else the first paragraph); the dates; ``tag.name`` as section and tag; the body
from ``content.body``, else the text blocks, else the slides' blocks. Not body: ``footer``
(the sign-off and donation appeal), images and captions, embeds, related-material blocks.

Authors: the facts name no author field in the API, and the archive extractor they cite takes
none from the pages either: no authors are read (news is unsigned). The blocks' type names
and the slides' shape are from one public client, not a documented schema: unverified.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from pipelines.extract.rules.blocks import Paragraph
from pipelines.extract.rules.document import (
    Document,
    DocumentError,
    ListingEntry,
    html_paragraphs,
    obj,
    string,
    unix_time,
)

NAME = "meduza-api"
API_PREFIX = "/api/w5/"
ARTICLE_PATH = re.compile(
    r"^/(?P<en>en/)?(?:news|feature|cards|short|shapito|slides|episodes|brief)"
    r"/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/[^/?#]+$"
)
# what may stand inside a body that is not its text
NOT_BODY = '[class^="DonatesTeaser"], [class^="RelatedBlock"], [class*="Embed"]'
TEXT_BLOCKS = frozenset({"lead", "p", "context_p", "h2", "h3", "h4", "h5", "blockquote", "quote"})
LIST_BLOCKS = frozenset({"ul", "ol"})


def normalise(url: str) -> str:
    """The article's URL without ``www.``, an ``/amp`` prefix or a trailing ``/``."""
    parts = urlsplit(url.strip())
    host = parts.netloc[4:] if parts.netloc.lower().startswith("www.") else parts.netloc
    path = parts.path
    if path.startswith("/amp/"):
        path = path[4:]
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit((parts.scheme, host, path, parts.query, parts.fragment))


def is_article_url(url: str, language: str | None = None) -> bool:
    """An article of the Russian site (``language="ru"``), the English one (``"en"``, paths
    under ``/en/``), or either (None)."""
    m = ARTICLE_PATH.match(urlsplit(url).path)
    if not m:
        return False
    return language is None or (language == "en") == bool(m["en"])


def published_day(url: str) -> tuple[int, int, int] | None:
    """The publication day the article's URL gives (``/news/2021/10/18/…``)."""
    m = ARTICLE_PATH.match(urlsplit(url).path)
    return (int(m["y"]), int(m["m"]), int(m["d"])) if m else None


def api_url(url: str) -> str:
    """The API document of an article: ``/news/…`` -> ``/api/w5/news/…`` on the same host."""
    parts = urlsplit(normalise(url))
    return urlunsplit((parts.scheme, parts.netloc, API_PREFIX.rstrip("/") + parts.path, "", ""))


def is_document_url(url: str) -> bool:
    path = urlsplit(url).path
    return path.startswith(API_PREFIX) and bool(ARTICLE_PATH.match(path[len(API_PREFIX) - 1 :]))


def is_listing_url(url: str) -> bool:
    """An API URL that lists articles (``/api/w5/search?…``, ``/api/w5/screens/news``)."""
    return urlsplit(url).path.startswith(API_PREFIX) and not is_document_url(url)


def public_url(url: str) -> str:
    """The article page an API document belongs to (same host); other URLs unchanged."""
    parts = urlsplit(url)
    if not is_document_url(url):
        return url
    return urlunsplit((parts.scheme, parts.netloc, parts.path[len(API_PREFIX) - 1 :], "", ""))


def read(data: dict[str, Any], url: str) -> Document:
    """The article in a ``/api/w5/<path>`` answer (``url``: where it was fetched)."""
    root = data.get("root")
    if not isinstance(root, dict):
        raise DocumentError("no-document", "the API answer has no 'root' document")
    public = public_url(url)
    paragraphs, notes = _body(obj(root.get("content")), public)
    tag = string(obj(root.get("tag")).get("name"))
    return Document(
        url=public,
        title=string(root.get("title")),
        subtitle=string(root.get("second_title")) or None,
        lead=string(root.get("description")) or None,
        published=unix_time(root.get("published_at")),
        modified=unix_time(root.get("modified_at")),
        language="en" if urlsplit(public).path.startswith("/en/") else None,
        section=tag or None,
        tags=[tag] if tag else [],
        paragraphs=paragraphs,
        notes=notes,
    )


def _body(content: dict[str, Any], url: str) -> tuple[list[Paragraph], list[str]]:
    body = content.get("body")
    if isinstance(body, str) and body.strip():
        return html_paragraphs(body, url, skip=NOT_BODY), []
    skipped: dict[str, int] = {}
    blocks = content.get("blocks")
    if isinstance(blocks, list) and blocks:
        paragraphs = _blocks(blocks, url, skipped)
    else:
        paragraphs = []
        slides = content.get("slides")
        for slide in slides if isinstance(slides, list) else []:
            slide = obj(slide)
            if isinstance(slide.get("body"), str):
                paragraphs.extend(html_paragraphs(slide["body"], url, skip=NOT_BODY))
            elif isinstance(slide.get("blocks"), list):
                paragraphs.extend(_blocks(slide["blocks"], url, skipped))
    notes = [
        "meduza: blocks not read as text: "
        + ", ".join(f"{kind} ×{n}" for kind, n in sorted(skipped.items()))
    ]
    return paragraphs, notes if skipped else []


def _blocks(blocks: list[Any], url: str, skipped: dict[str, int]) -> list[Paragraph]:
    found: list[Paragraph] = []
    for block in blocks:
        block = obj(block)
        kind, data = str(block.get("type", "")), block.get("data")
        if kind in TEXT_BLOCKS and isinstance(data, str):
            tag = kind if kind in ("h2", "h3", "h4", "h5", "blockquote") else "p"
            found.extend(html_paragraphs(f"<{tag}>{data}</{tag}>", url, skip=NOT_BODY))
        elif kind in LIST_BLOCKS and isinstance(data, list):
            items = "".join(f"<li>{item}</li>" for item in data if isinstance(item, str))
            found.extend(html_paragraphs(f"<{kind}>{items}</{kind}>", url))
        elif kind in LIST_BLOCKS and isinstance(data, str):
            found.extend(html_paragraphs(f"<{kind}>{data}</{kind}>", url))
        else:
            skipped[kind or "?"] = skipped.get(kind or "?", 0) + 1
    return found


def listing(data: dict[str, Any], site_url: str) -> list[ListingEntry]:
    """The articles of a ``/api/w5/search`` answer: ``documents`` keyed by path, in the order
    of ``collection`` (every document when there is none)."""
    documents = data.get("documents")
    if not isinstance(documents, dict):
        raise DocumentError("no-document", "the API listing has no 'documents'")
    order = data.get("collection")
    keys = [k for k in order if isinstance(k, str)] if isinstance(order, list) else list(documents)
    entries = []
    for key in keys:
        doc = obj(documents.get(key))
        doc = obj(doc.get("root")) or doc  # an older answer wraps one document in "root"
        path = doc.get("url") if isinstance(doc.get("url"), str) else key
        if not path or path == "nil":
            continue
        published = unix_time(doc.get("published_at"))
        entries.append(ListingEntry(urljoin(site_url + "/", path.lstrip("/")), published))
    return entries
