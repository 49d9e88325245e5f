"""Novaya Gazeta Europe (novayagazeta.eu, Russian and English): read from its JSON API.

The site is a JavaScript application fed by ``https://novayagazeta.eu/api/v1/…``
(``shared/outlets-more.md`` §3, sources RSSB-N and ZOT-N). Discovery reads the API's front
page listing ``/api/v1/get/main`` (``?lang=en`` for English): ``records[].blocks[]`` with
``slug`` (``yyyy/mm/dd/slug``), ``title``, ``authors[].name`` and ``date`` (Unix ms). An RSS
feed ``/feed/rss`` appears in many public configurations but was never verified live. Each
article is fetched as ``/api/v1/get/record?slug=<yyyy/mm/dd/slug>``; the stored URL stays the
public ``https://novayagazeta.eu/articles/<yyyy>/<mm>/<dd>/<slug>``.

Article URLs: ``/articles/<yyyy>/<mm>/<dd>/<slug>``, also ``/en/articles/…`` (the same
article). English slugs end ``-en`` (some ``-en-news``); a Russian news slug may end ``-news``.
Mirrors (nimble.ndns.io, vpnovaya.eu) are not the outlet's hosts; the old novayagazeta.ru is
another outlet.

The document: ``record`` with ``lang``, ``title`` (HTML), ``subtitle``, ``lead``, ``date``
(Unix ms), ``authors[]`` (``name``; ``locale[]`` with ``lang``, ``name``, ``surname`` for the
English spelling), ``tags``, ``typeRubricDisplayName``, ``previewUrl``/``previewCaption`` and
``body[]``: typed blocks ``text`` (HTML), ``text/quote``, ``image/single``, ``embed/native``,
``text/framed`` and ``person``. Read here: the title as text; ``subtitle``; ``lead`` as the
lead (else the first paragraph); ``date``; the authors (English names on an English record),
leaving out the newsroom itself ("Новая газета Европа", its departments); ``tags``; the rubric
as section; the body from the ``text`` and ``text/quote`` blocks. Not body: images and their
captions, embeds, ``text/framed`` boxes (asides, "read also") and ``person`` cards (an
interviewee's portrait). No modification time is known in the API: none is read.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

from pipelines.extract.rules.base import clean, unique
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

NAME = "novayagazeta-api"
RECORD_PATH = "/api/v1/get/record"
API_PREFIX = "/api/v1/"
ARTICLE_PATH = re.compile(
    r"^/(?:en/)?articles/(?P<slug>(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/[a-z0-9-]+)$"
)
SLUG = re.compile(r"^\d{4}/\d{2}/\d{2}/[a-z0-9-]+$")
ENGLISH_SLUG = re.compile(r"-en(?:-news)?$")
TEXT_BLOCKS = {"text": "div", "text/quote": "blockquote"}
NOT_TEXT = frozenset({"image/single", "embed/native", "text/framed", "person"})
# the newsroom as an author ("Новая газета Европа", "Видеоотдел «Новой газеты Европа»")
NEWSROOM = re.compile(
    r"нов(?:ая|ой|ую|ою)\W+газет(?:а|ы|е|у|ой|ою)\W+европ|novaya\s+gazeta\s+europe", re.I
)


def normalise(url: str) -> str:
    """The article's URL without ``www.``, the ``/en`` prefix or a trailing ``/``."""
    parts = urlsplit(url.strip())
    host = parts.netloc[4:] if parts.netloc.lower().startswith("www.") else parts.netloc
    path = parts.path.rstrip("/") if len(parts.path) > 1 else parts.path
    if path.startswith("/en/articles/"):
        path = path[3:]
    return urlunsplit((parts.scheme, host, path, parts.query, parts.fragment))


def is_article_url(url: str, language: str | None = None) -> bool:
    """An article; with ``language``, one of that edition (English slugs end ``-en``)."""
    m = ARTICLE_PATH.match(urlsplit(url).path)
    if not m:
        return False
    return language is None or (language == "en") == bool(ENGLISH_SLUG.search(m["slug"]))


def published_day(url: str) -> tuple[int, int, int] | None:
    m = ARTICLE_PATH.match(urlsplit(url).path)
    return (int(m["y"]), int(m["m"]), int(m["d"])) if m else None


def api_url(url: str) -> str:
    """``/articles/2023/03/22/slug`` -> ``/api/v1/get/record?slug=2023/03/22/slug``."""
    parts = urlsplit(normalise(url))
    m = ARTICLE_PATH.match(parts.path)
    if not m:
        return url
    return urlunsplit((parts.scheme, parts.netloc, RECORD_PATH, f"slug={m['slug']}", ""))


def _slug(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.path.rstrip("/") != RECORD_PATH:
        return None
    slug = (parse_qs(parts.query).get("slug") or [""])[0].strip("/")
    return slug if SLUG.match(slug) else None


def is_document_url(url: str) -> bool:
    return _slug(url) is not None


def is_listing_url(url: str) -> bool:
    """An API URL that lists articles (``/api/v1/get/main``)."""
    path = urlsplit(url).path
    return path.startswith(API_PREFIX) and path.rstrip("/") != RECORD_PATH


def public_url(url: str) -> str:
    """The article page of a ``get/record?slug=`` URL (same host); other URLs unchanged."""
    slug = _slug(url)
    if slug is None:
        return url
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/articles/" + slug, "", ""))


def read(data: dict[str, Any], url: str) -> Document:
    """The article in a ``/api/v1/get/record`` answer (``url``: where it was fetched)."""
    record = data.get("record")
    if not isinstance(record, dict):
        raise DocumentError("no-document", "the API answer has no 'record'")
    public = public_url(url)
    language = string(record.get("lang")).lower() or None
    paragraphs, notes = _body(record.get("body"), public)
    return Document(
        url=public,
        title=string(record.get("title")),
        subtitle=string(record.get("subtitle")) or None,
        lead=string(record.get("lead")) or None,
        authors=authors(record.get("authors"), language),
        published=unix_time(record.get("date")),
        language=language if language and re.fullmatch(r"[a-z]{2,3}", language) else None,
        section=string(record.get("typeRubricDisplayName")) or None,
        tags=_tags(record.get("tags")),
        paragraphs=paragraphs,
        notes=notes,
    )


def authors(value: Any, language: str | None) -> list[str]:
    """The record's authors: the English spelling (``locale``) on a record in another language
    than Russian, else ``name``; the newsroom itself is no author."""
    names = []
    for author in value if isinstance(value, list) else []:
        author = obj(author)
        name = string(author.get("name"))
        if language and language != "ru":
            locales = author.get("locale")
            for local in locales if isinstance(locales, list) else []:
                local = obj(local)
                if string(local.get("lang")) == language:
                    spelt = clean(f"{string(local.get('name'))} {string(local.get('surname'))}")
                    name = spelt or name
                    break
        if name and not NEWSROOM.search(name):
            names.append(name)
    return unique(names)


def _tags(value: Any) -> list[str]:
    tags = []
    for tag in value if isinstance(value, list) else []:
        if isinstance(tag, dict):
            tag = tag.get("name") or tag.get("title")
        tags.append(string(tag))
    return unique([t for t in tags if t])


def _body(blocks: Any, url: str) -> tuple[list[Paragraph], list[str]]:
    found: list[Paragraph] = []
    unknown: dict[str, int] = {}
    for block in blocks if isinstance(blocks, list) else []:
        block = obj(block)
        kind, data = str(block.get("type", "")), block.get("data")
        tag = TEXT_BLOCKS.get(kind)
        if tag is not None and isinstance(data, str):
            found.extend(html_paragraphs(f"<{tag}>{data}</{tag}>", url))
        elif kind not in NOT_TEXT:
            unknown[kind or "?"] = unknown.get(kind or "?", 0) + 1
    notes = [
        "novayagazeta: body blocks of unknown types left out: "
        + ", ".join(f"{kind} ×{n}" for kind, n in sorted(unknown.items()))
    ]
    return found, notes if unknown else []


def listing(data: dict[str, Any], site_url: str) -> list[ListingEntry]:
    """The articles of a ``/api/v1/get/main`` answer: ``records[].blocks[]`` with a ``slug``
    (blocks without a date are not articles: banners, rubric headers)."""
    records = data.get("records")
    if not isinstance(records, list):
        raise DocumentError("no-document", "the API listing has no 'records'")
    entries = []
    for record in records:
        blocks = obj(record).get("blocks")
        for block in blocks if isinstance(blocks, list) else []:
            block = obj(block)
            slug = block.get("slug")
            if not isinstance(slug, str) or "date" not in block:
                continue
            slug = slug.strip("/")
            if SLUG.match(slug):
                entries.append(
                    ListingEntry(f"{site_url}/articles/{slug}", unix_time(block.get("date")))
                )
    return entries
