"""Title, publication date and authors of any page: a cascade of sources, each checked.

``read_metadata(page, body=None)`` returns a ``Metadata`` (title, authors, published, modified,
notes, and which source gave each field). Pure: no network, no module state besides compiled
constants.

Precedence (the first source that gives a plausible value wins):

- **date** (published): schema.org JSON-LD ``datePublished`` (``NewsArticle``/``Article``/...,
  ``@graph`` flattened), then ``<meta>`` (``article:published_time``, ``og:published_time``,
  ``itemprop=datePublished``, ``pubdate``, ``DC.date.issued``, ``parsely-pub-date``,
  ``sailthru.date``, ...), then ``<time datetime>`` (``itemprop``/``pubdate`` first, then in the
  article header), then a visible date ("17 октября 2021, 14:05", «17 жовтня 2021 о 14:05»,
  or a day on a line beside the headline, "07 Dezember, 2022"),
  then htmldate's ``find_date`` (what trafilatura uses). When the sources disagree by more than
  a day, htmldate votes too and the day most of them give wins (a note says so). A date from
  the URL (``/2021/10/17/``) is a check: a date far from it is noted, and a weak one (header
  ``<time>``, visible text) is replaced by the URL's day. ``modified`` is kept apart
  (``dateModified``, ``article:modified_time``, ``og:updated_time``) and never used as the
  publication date. A date in the future or before 1990 is dropped with a note. Numeric dates
  with dots (``10.12.2022``) are day first. The page's own offset is kept on ``published``;
  ``Article.published`` is the UTC instant (the store and the digest count an article under
  its UTC day; ``published_local`` keeps the page's day).
- **authors**: JSON-LD ``author`` (strings, lists, ``Person`` with ``name`` or
  ``givenName``/``familyName``, ``@id`` references into ``@graph``), then ``<meta>``
  (``author``, ``article:author`` when not a URL, ``byl``, ``parsely-author``,
  ``sailthru.author``, ``dc.creator``), then bylines in the markup (``rel=author``,
  ``itemprop=author``, ``.author-name``), then trafilatura's own finding, then a name on the
  headline's date line ("11.12.2019 - Amelie Loevenich"), then byline patterns in the text
  ("By ...", "Posted on ... by ...", "Von ...", «Автор:», «Текст:», «Авторка:»; the label must
  open its line, see ``pipelines.extract.bylines``), then a JSON-LD ``Organization``. A JSON-LD
  author that is only the first of the ``<meta>`` byline's names gives way to that fuller
  list. Names are cleaned (no "By", e-mail, "Staff", handles, HTML, job titles before or
  after, a trailing date, a month or weekday, the outlet's own name unless it is a person's),
  split on "and"/«и»/commas and deduplicated; a source that only gives handles
  ("edilson.la.rosa"), organisations, domains or words of a sentence ("Deutsche Welle",
  "mdr.de") yields to a later one that names a person, and is kept when none does. A JSON-LD
  author that a printed byline element holds with others gives way to it; a given name only
  takes the full name a printed byline or the author's JSON-LD description gives.
- **title**: the visible headline (``<h1>``, a kicker inside it dropped) when a metadata title
  confirms it, else JSON-LD ``headline`` / ``og:title`` without the site-name suffix, else an
  ``<h1>`` inside ``<title>``, else ``<title>`` without the suffix, else trafilatura's title.
"""

from __future__ import annotations

import html as html_lib
import itertools
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from pipelines.dates import day_in_text, parse_date_local
from pipelines.extract.bylines import (
    bylines_in_text,
    calendar_word,
    clean,
    element_text,
    header_byline,
    header_day,
    text_byline,
)

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
ARTICLE_TYPES = {
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
    "Review",
    "Recipe",
    "VideoObject",
    "WebPage",
    "ItemPage",
    "CreativeWork",
}
# the types of a page around an article, or of a thing in it: article-like, ranked after articles
PAGE_TYPES = {"WebPage", "ItemPage", "CreativeWork", "VideoObject"}
MAX_AUTHOR_CHARS = 300  # a longer author field is not a byline (a bio, a whole paragraph)
MAX_NAME_CHARS = 60
MIN_LONE_HEADLINE = 10  # characters: a shorter lone <h1> is a label ("...", "Home")

# -- meta tags ---------------------------------------------------------------------------------
PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "og:article:published_time",
    "published_time",
    "publish-date",
    "publishdate",
    "publish_date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "citation_publication_date",
    "citation_date",
    "article.published",
    "date",
    "article_date_original",
    "cxenseparse:recs:publishtime",
    "originalpublicationdate",
)
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "article:modified",
    "last-modified",
    "dc.date.modified",
    "dcterms.modified",
)
AUTHOR_META = (
    "author",
    "article:author",
    "og:article:author",
    "byl",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
    "twitter:data1",
)
TITLE_META = ("og:title", "twitter:title", "dc.title", "headline", "title", "parsely-title")
SITE_META = ("og:site_name", "application-name", "publisher", "twitter:site", "copyright")

# -- author cleaning -----------------------------------------------------------------------------
# a slash between names with a space beside it ("E. Barreneche / J. I. da Silva") separates
# them; without one it is one credit, an agency's and its desk's ("dpa/lno", "AFP/The Local")
_AUTHOR_SPLIT = re.compile(
    r"\s*(?:,|;|\||\s/|/\s|&|\+|\band\b|\bund\b|\bet\b|\by\b|\bи\b|\bта\b|\bі\b)\s*",
    re.IGNORECASE,
)
_AUTHOR_PREFIX = re.compile(
    r"^\s*(?:zeige alle beiträge von|alle beiträge von|show all (?:articles|posts) (?:of|by)"
    r"|view all posts by|all posts by|more from|posts by|articles by|beitrag von|post author by"
    r"|post author|auteur|autor(?:[/*:_]in(?:nen)?|in)?|author|par|vom|von der|verfasst von"
    r"|eingestellt von"
    r"|ein beitrag von)\b[:\s]*"
    r"|^\s*(?:(?:written|posted|reported|published|story|text|photos?)\s+)?(?:by|von|from|por)"
    r"\b[:\s]*"
    r"|^\s*(?:автор(?:ы)?(?:\s+текста)?|текст|фото|редактор|подготовил[аи]?"
    r"|материал подготовил[аи]?"
    r"|автор(?:ка)?|текст підготував|текст підготувала|авторка)\s*[:—–-]\s*"
    r"|^\s*(?:автор(?:ка|ы|и)?|авторка|текст)\s+(?=[А-ЯЁІЇЄҐ])"
    r"|^\s*(?:autor(?:in)?|text|author|autore|auteur|par|door)\s*:\s*"
    r"|^\s*(?:(?:text|fotos?)\s+(?:und|&)\s+(?:interview|fotos?|text)|interview)\s*:\s*"
    r"|^\s*interview\s+(?=[A-ZÄÖÜ])",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_URL = re.compile(r"\bhttps?://\S*|\bwww\.\S+\.\S+")
_HANDLE = re.compile(r"(?:^|\s)@\w+")
_NOT_NAME = re.compile(
    r"^(?:staff|staff writers?|staff reporters?|[\w.]+ staff|admin|administrator|guest|anonymous"
    r"|unknown|none|null|no author|name|follow|share|author|autor|автор|editor|editors"
    r"|posted|datum|date|stand|text|interview|fotos?|photos?"
    r"|.+\s(?:says|said|sagt|schreibt|writes)"
    r"|[0-9\W_]+)$",
    re.IGNORECASE,
)
_TRAILING = re.compile(
    r"\s*,\s*(?:staff writer|staff reporter|correspondent|reporter|contributor"
    r"|senior editor|editor|for [A-Z][\w.]*(?: [A-Z][\w.]*){0,4})\s*$",
    re.IGNORECASE,
)
# "Brendan Carlin For The Mail On Sunday": the outlet a freelance wrote for
_TRAILING_FOR = re.compile(r"(?i:\s+for)\s+(?:[Tt]he\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,4}\s*$")
_ORG_WORDS = re.compile(
    r"(?i)\b(?:foundation|stiftung|zeitung|times|news|media|medien|magazin\w*|verlag|online|gmbh"
    r"|e\.\s?v|ag|inc|ltd|llc|press|presse|radio|tv|welle|rundfunk|journal|post|daily|tribune"
    r"|herald|gazette|редакция|редакція|газета|журнал|новости|новини|агентство|ria|tass)\b"
)
_JOB_SUFFIX = re.compile(
    r"(?i)\s+(?:chefredakteur(?:in)?|redakteur(?:in)?|stand|mo|di|mi|do|fr|sa|so|shares?"
    r"|tiempo de lectura|follow|folgen)\.?$"
)
# a job before the name: "Autor: Rechtsanwalt Sebastian Einbock", "корреспондент Иван Петров"
_JOB_PREFIX = re.compile(
    r"(?i)^(?:rechtsanwalt|rechtsanwältin|redakteur(?:in)?|korrespondent(?:in)?|reporter(?:in)?"
    r"|journalist(?:in)?|correspondent|корреспондент(?:ка)?|журналист(?:ка)?|обозреватель"
    r"|кореспондент(?:ка)?)\s+(?=\w)"
)
_TRAILING_DATE = re.compile(r"\s+(?:(?:am|on|le|vom|um|den|от)\s+)?\d.*$", re.IGNORECASE)
_DATEISH = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}")

# -- dates in text and URL ------------------------------------------------------------------
# year, month and day each set off ("/2021/10/17/", "/2021-1-7-"): an issue number after the
# year ("/artikel/2023/43/") is no month and day; eight digits run together are URL_DATE_COMPACT's
URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/_-](0[1-9]|1[0-2]|[1-9])[/_-](0[1-9]|[12]\d|3[01]|[1-9])(?:/|[_-]|\.|$)"
)
URL_DATE_COMPACT = re.compile(
    r"[/_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)"
)
_VISIBLE_DATE = re.compile(
    r"\b\d{1,2}\s+(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр"
    r"|січ|лют|берез|квіт|травн|червн|липн|серп|верес|жовт|листопад|груд)\w*\s+\d{4}"
    r"(?:\s*(?:г\.|года|р\.|року)?\s*,?\s*(?:в\s+|о\s+)?\d{1,2}:\d{2})?",
    re.IGNORECASE,
)
_UK_MONTHS = {
    "січ": "января",
    "лют": "февраля",
    "берез": "марта",
    "квіт": "апреля",
    "травн": "мая",
    "червн": "июня",
    "липн": "июля",
    "серп": "августа",
    "верес": "сентября",
    "жовт": "октября",
    "листопад": "ноября",
    "груд": "декабря",
}

_TIME_XPATHS = (
    (
        "time",
        (
            '//time[@itemprop="datePublished"]/@datetime',
            "//time[@pubdate]/@datetime",
            '//*[@itemprop="datePublished"]/@datetime',
            '//*[@itemprop="datePublished"]/@content',
        ),
    ),
    (
        "header time",
        (
            "//article//header//time/@datetime",
            '//header//time[not(contains(@class, "updated"))]/@datetime',
            '//article//time[not(contains(@class, "updated"))]/@datetime',
        ),
    ),
)
_WEAK_DATE_SOURCES = frozenset({"header time", "visible"})
_WS = re.compile(r"\s+")
_TAGS = re.compile(r"<[^>]{0,500}>")
_TITLE_SEP = re.compile(r"\s+[|\u2013\u2014:·•»-]{1,2}\s+")
# title segments that name no story but a part of every site: WordPress's classic themes title a
# post "Site » Blog Archive » Post" (German "Blog Archiv"); what comes before one is the site
_SITE_SEGMENTS = {"blogarchive", "blogarchiv"}


@dataclass
class Metadata:
    """What the cascade found; ``sources`` says where each field came from."""

    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None  # aware; the page's own offset when it gave one
    modified: datetime | None = None
    notes: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)


# ============================================================================ page lookups
class MetaTags:
    """Every ``<meta>`` of a page, read once: lower-cased name/property/itemprop -> contents."""

    def __init__(self, tree: Any) -> None:
        self.values: dict[str, list[str]] = {}
        for node in tree.iter("meta"):
            content = node.get("content")
            if content is None or not content.strip():
                continue
            for attr in ("property", "name", "itemprop", "http-equiv"):
                key = node.get(attr)
                if key:
                    self.values.setdefault(key.strip().lower(), []).append(clean(content))

    def first(self, *keys: str) -> str:
        for key in keys:
            for value in self.values.get(key, ()):
                if value:
                    return value
        return ""

    def all(self, *keys: str) -> list[tuple[str, str]]:
        return [(key, value) for key in keys for value in self.values.get(key, ())]


_JSON_COMMENT = re.compile(r"^\s*(?:<!--|//<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\]\]>|\]\]>)\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _loads(text: str) -> Any:
    """JSON, then the same with the usual breakage repaired (comments, CDATA, trailing commas,
    raw newlines, several objects in one script); raises ValueError when nothing parses."""
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    repaired = _TRAILING_COMMA.sub(r"\1", _JSON_COMMENT.sub("", text.strip())).strip().rstrip(";")
    try:
        return json.loads(repaired, strict=False)
    except ValueError:
        pass
    decoder, found, position = json.JSONDecoder(strict=False), [], 0
    while position < len(repaired):
        while position < len(repaired) and repaired[position] in " \t\r\n,":
            position += 1
        if position >= len(repaired):
            break
        obj, position = decoder.raw_decode(repaired, position)  # ValueError propagates
        found.append(obj)
    return found


def _flatten(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if isinstance(data.get(key), (list, dict)):
                yield from _flatten(data[key], depth + 1)


def types_of(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type", [])
    kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
    return {k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


@dataclass
class JsonLd:
    """The article-like JSON-LD objects of a page (best first) and every object by ``@id``."""

    articles: list[dict[str, Any]] = field(default_factory=list)
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    broken: int = 0

    def get(self, key: str) -> Any:
        for obj in self.articles:
            value = obj.get(key)
            if value not in (None, "", [], {}):
                return value
        return None

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
            return self.by_id.get(str(value["@id"]), value)
        return value


def read_jsonld(tree: Any) -> JsonLd:
    found = JsonLd()
    objects: list[dict[str, Any]] = []
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        text = script.text or ""
        if not text.strip():
            continue
        try:
            data = _loads(text)
        except ValueError:
            found.broken += 1
            continue
        objects.extend(_flatten(data))
    for obj in objects:
        if isinstance(obj.get("@id"), str) and len(obj) > 2:
            found.by_id.setdefault(obj["@id"], obj)
    articles = [o for o in objects if types_of(o) & ARTICLE_TYPES]

    def rank(obj: dict[str, Any]) -> int:
        kinds = types_of(obj)
        if kinds & (ARTICLE_TYPES - PAGE_TYPES):
            return 0
        return 1

    found.articles = sorted(articles, key=rank)
    return found


# ============================================================================ authors
def _strip_markup(text: str) -> str:
    if "<" in text or "&" in text:
        text = html_lib.unescape(_TAGS.sub(" ", text))
    return clean(text)


def _name_ok(name: str, site_keys: set[str]) -> bool:
    if not name or len(name) > MAX_NAME_CHARS or len(name) < 2:
        return False
    if _NOT_NAME.match(name) or name.lower().startswith(("http", "www.")):
        return False
    if _DATEISH.search(name) or re.match(r"\d+\.?\s", name):  # "18. Oktober"
        return False
    if not re.search(r"[^\W\d_]", name) or calendar_word(name):
        return False
    if len(name.split()) > 6:
        return False
    key = _letters(name)
    if not key or key not in site_keys:
        return True
    # the outlet's own name is no byline, unless it is a person's (a personal blog)
    words = name.split()
    return not (
        _ORG_WORDS.search(name) or len(words) == 1 or not all(w[0].isupper() for w in words)
    )


# the markup's bylines, and (one scan of the page) its hCard authors
_MARKUP_AUTHOR = etree.XPath(
    'boolean(self::*[@rel="author" or @itemprop="author" or contains(@class, "author-name")'
    ' or contains(@class, "byline__author") or contains(@class, "author__name")])'
)
_MARKUP_BYLINES = etree.XPath(
    '//*[@rel="author" or @itemprop="author" or contains(@class, "author-name")'
    ' or contains(@class, "byline__author") or contains(@class, "author__name")'
    ' or contains(@class, "vcard") and contains(@class, "author")]'
)


def _handle_like(name: str) -> bool:
    """A user handle rather than a byline: one token with dots/underscores, or all lower case."""
    return " " not in name and (bool(re.search(r"[._]", name)) or name.islower())


_DOMAIN = re.compile(r"(?i)(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}")
_LEGAL = re.compile(
    r"(?i)\b(?:e\.\s?v|gmbh|ag|se|kg|ltd|inc|llc|stiftung|verband|verein|institut|bund|agentur"
    r"|agency|anstalt|ministerium|amt|university|universität|department)\b|\w(?:stiftung|verband)\b"
)
_ARTICLE_WORDS = "the die der das la le el les los il"
_ARTICLES = frozenset(_ARTICLE_WORDS.split())


def _outlet_like(name: str, site_keys: set[str]) -> bool:
    """An organisation or the site itself rather than a person: a domain ("mdr.de"), a legal
    form or body ("Bund der Energieverbraucher e.V", "Hanns-Seidel-Stiftung"), a press word
    ("Deutsche Welle"), or the site's own name unless it reads as a person's (a personal blog:
    "Gregory Szorc" on gregoryszorc.com)."""
    if _DOMAIN.fullmatch(name) or _ORG_WORDS.search(name) or _LEGAL.search(name):
        return True
    key = _letters(name)
    words = name.split()
    if key not in site_keys and not (
        len(words) > 1
        and words[0].casefold() in _ARTICLES
        and _letters(name[len(words[0]) :]) in site_keys
    ):
        return False
    return not (
        2 <= len(words) <= 3
        and words[0].casefold() not in _ARTICLES
        and all(w[:1].isupper() and not w.isupper() for w in words)
    )


_PARTICLE_WORDS = (
    "von van vom zu zur der den de da das do dos di del della la le du des y e bin ibn al el ten"
    " ter und and"
)
_PARTICLES = frozenset(_PARTICLE_WORDS.split())


def _phrase_like(name: str) -> bool:
    """Words of a sentence rather than a name: a lower-case word that is no name particle
    beside a capitalised one ("Zuletzt geändert", "deinen Hochzeitsbloggern"); a name written
    all in lower case is a handle, not this."""
    words = name.split()
    return any(w[:1].isupper() for w in words) and any(
        w[:1].islower() and w not in _PARTICLES for w in words
    )


# a byline that is a given name only ("Nils", "Todd", "Stefanus"), and the surname after it
_GIVEN_NAME = re.compile(r"[A-ZÄÖÜÉА-ЯЁІЇЄҐ][a-zäöüßéèáíóúñа-яёіїєґ]{2,14}")
_SURNAME = r"[A-ZÄÖÜÉА-ЯЁІЇЄҐ][\w'’]+(?:-[A-ZÄÖÜ]\w+)?"
_NOT_SURNAME_WORDS = (
    "und and the der die das ist sagt says said schreibt writes hat has war was auf von with mit"
    " in im am um an bei zu zum zur at on of for to"
)
_NOT_SURNAMES = frozenset(_NOT_SURNAME_WORDS.split())


def _letters(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^a-zа-яёіїєґ0-9]", "", text)


def clean_authors(raw: str | Iterable[str], site_names: Iterable[str] = ()) -> list[str]:
    """Author strings -> names: no "By", no e-mail or handle, no job title, no outlet name,
    split on "and"/«и»/commas, deduplicated (case-insensitively, a name inside a longer one
    dropped)."""
    site_keys = {_letters(s) for s in site_names if s and len(_letters(s)) >= 3}
    values = [raw] if isinstance(raw, str) else list(raw)
    names: list[str] = []
    for value in values:
        text = _strip_markup(str(value))
        if not text or len(text) > MAX_AUTHOR_CHARS:
            continue
        text = clean(re.sub(r"\([^)]*\)", " ", text))
        text = _EMAIL.sub(" ", text)
        if "/" in text or "www." in text:  # "Frank Bueltge - http://bueltge.de"; not a lone one
            text = clean(_URL.sub(" ", text)) or text
        text = _HANDLE.sub(" ", text)
        text = _AUTHOR_PREFIX.sub("", text)
        for part in _AUTHOR_SPLIT.split(text):
            part = _AUTHOR_PREFIX.sub("", clean(part))
            part = _TRAILING.sub("", part)
            trimmed = _TRAILING_FOR.sub("", part)  # a name of two words or more before it
            part = trimmed if " " in trimmed.strip() else part
            part = part.strip(" \t.,;:|-–—·•*~\"'«»→›")
            part = _JOB_PREFIX.sub("", _JOB_SUFFIX.sub("", _TRAILING_DATE.sub("", part)))
            if _name_ok(part, site_keys):
                names.append(part)
    return dedupe_names(names)


def dedupe_names(names: list[str]) -> list[str]:
    out: list[str] = []
    keys: list[str] = []
    for name in names:
        key = name.casefold()
        if key in keys:
            continue
        out.append(name)
        keys.append(key)
    return [
        n
        for n in out
        if not any(
            n.casefold() != m.casefold() and f" {n.casefold()}" in f" {m.casefold()}" for m in out
        )
    ]


def _person_names(value: Any, ld: JsonLd, *, persons_only: bool) -> list[str]:
    names: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items[:30]:
        item = ld.resolve(item)
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            kinds = types_of(item)
            if persons_only and kinds & {"Organization", "NewsMediaOrganization", "Corporation"}:
                continue
            name = item.get("name")
            if isinstance(name, list):
                name = name[0] if name else None
            if isinstance(name, dict):
                name = name.get("@value")
            if not name and (item.get("givenName") or item.get("familyName")):
                name = f"{item.get('givenName') or ''} {item.get('familyName') or ''}"
            if isinstance(name, str):
                names.append(name)
    return names


# ============================================================================ dates
# A year (or a Unix time, or a day.month.yy date): text without one is no date of its own.
_HAS_YEAR = re.compile(r"\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2}\b")


def url_day(url: str) -> date | None:
    """The day a URL names (``/2021/10/17/``, ``/2021-10-17-``, ``/20211017/``), or None."""
    for pattern in (URL_DATE, URL_DATE_COMPACT):
        match = pattern.search(url or "")
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None


def visible_date(text: str) -> datetime | None:
    """A Russian/Ukrainian visible date ("17 октября 2021, 14:05", «17 жовтня 2021 о 14:05»)."""
    match = _VISIBLE_DATE.search(text)
    if not match:
        return None
    found = match[0]
    for stem, ru in _UK_MONTHS.items():
        found = re.sub(rf"\b{stem}\w*", ru, found, flags=re.IGNORECASE)
    found = re.sub(r"\s*(?:г\.|года|р\.|року)\s*", " ", found)
    found = re.sub(r",?\s*(?:в|о)\s+(\d{1,2}:\d{2})", r", \1", found)
    return parse_date_local(found, ("ru",))


def plausible(value: datetime | None, now: datetime) -> bool:
    return value is not None and EARLIEST <= value <= now + timedelta(days=1)


# ============================================================================ trafilatura's byline
def _author_discard_xpaths() -> tuple[Any, Any] | None:
    """Trafilatura's ``AUTHOR_DISCARD_XPATHS`` turned into two tests of one element: is it, or
    one of its ancestors, discarded (``ancestor-or-self::``); are any of its descendants
    (``.//``). None when trafilatura's expressions are not the two this relies on."""
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS

    paths = [" ".join(x.path.split()) for x in AUTHOR_DISCARD_XPATHS]
    if len(paths) != 2 or not paths[0].startswith(".//*[") or paths[1] != "//time|//figure":
        return None
    namespaces = {"re": "http://exslt.org/regular-expressions"}
    predicates = paths[0].removeprefix(".//*")
    own = etree.XPath(
        f"ancestor-or-self::*{predicates}|ancestor-or-self::time|ancestor-or-self::figure",
        namespaces=namespaces,
    )
    inner = etree.XPath(f".//*{predicates}|.//time|.//figure", namespaces=namespaces)
    return own, inner


_AUTHOR_DISCARD = _author_discard_xpaths()


# trafilatura 2.3's AUTHOR_XPATHS, whitespace normalised: ``_author_candidates`` answers them
_AUTHOR_XPATHS = (
    "//*[self::a or self::address or self::div or self::link or self::p or self::span or"
    " self::strong][ @rel='author' or @id='author' or @class='author' or @itemprop='author name'"
    " or rel='me' or @data-testid='AuthorCard' or @data-testid='AuthorURL' or re:test(@class,"
    " 'author-?name|AuthorName|authorName')]|//author",
    "//*[self::a or self::div or self::h3 or self::h4 or self::p or self::span][ @class='byline'"
    " or @class='username' or @class='byl' or @class='BBL' or contains(@itemprop, 'author') or"
    " re:test(@id, 'author|zuozhe|bianji|xiaobian') or re:test(@class, 'author|channel-name|"
    "zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name')]",
    "//*[ contains(@data-component, 'Byline') or contains(@itemprop, 'author') or re:test(@id,"
    " '[Aa]uthor') or re:test(@class, '[Aa]uthor|screenname|writer|[Bb]yline')]",
)
_AUTHOR_TAGS = (
    frozenset({"a", "address", "div", "link", "p", "span", "strong"}),
    frozenset({"a", "div", "h3", "h4", "p", "span"}),
)
_AUTHOR_CLASS = (
    re.compile("author-?name|AuthorName|authorName"),
    re.compile("author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name"),
    re.compile("[Aa]uthor|screenname|writer|[Bb]yline"),
)
_AUTHOR_ID = (re.compile("author|zuozhe|bianji|xiaobian"), re.compile("[Aa]uthor"))


def _author_candidates(tree: Any) -> list[list[Any]] | None:
    """What trafilatura's three ``AUTHOR_XPATHS`` select in ``tree``, in one walk of the tree
    in Python instead of three XPath walks that call Python's ``re`` once per element (15 ms
    a page against 4). None when trafilatura's expressions are not the ones written here.

    Attributes tests as in XPath 1.0: a missing attribute is the empty string, ``re:test`` is
    ``re.search``; ``rel='me'`` (no ``@`` in trafilatura's expression) is a child element
    ``<rel>`` whose text is "me"."""
    from trafilatura.xpaths import AUTHOR_XPATHS

    if tuple(" ".join(x.path.split()) for x in AUTHOR_XPATHS) != _AUTHOR_XPATHS:
        return None
    rel_me = {rel.getparent() for rel in tree.iter("rel") if rel.text_content() == "me"}
    found: list[list[Any]] = [[], [], []]
    for element in tree.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        get = element.get
        kind, ident, prop = get("class") or "", get("id") or "", get("itemprop") or ""
        if (
            tag in _AUTHOR_TAGS[0]
            and (
                get("rel") == "author"
                or ident == "author"
                or kind == "author"
                or prop == "author name"
                or get("data-testid") in ("AuthorCard", "AuthorURL")
                or _AUTHOR_CLASS[0].search(kind)
                or element in rel_me
            )
            or tag == "author"
        ):
            found[0].append(element)
        if tag in _AUTHOR_TAGS[1] and (
            kind in ("byline", "username", "byl", "BBL")
            or "author" in prop
            or _AUTHOR_ID[0].search(ident)
            or _AUTHOR_CLASS[1].search(kind)
        ):
            found[1].append(element)
        if (
            "Byline" in (get("data-component") or "")
            or "author" in prop
            or _AUTHOR_ID[1].search(ident)
            or _AUTHOR_CLASS[2].search(kind)
        ):
            found[2].append(element)
    return found


MAX_AUTHOR_TESTS = 20  # candidates tested one by one; past these, the whole page at once


def _ancestors_of(elements: set[Any]) -> set[Any]:
    """Every element holding one of ``elements``."""
    holders: set[Any] = set()
    for element in elements:
        for ancestor in element.iterancestors():
            if ancestor in holders:
                break  # and so are its own ancestors
            holders.add(ancestor)
    return holders


def trafilatura_author(tree: Any) -> str | None:
    """``trafilatura.metadata.extract_author(tree)``, the same answer at a quarter of the cost
    (it took a tenth of the page's time where it ran).

    Trafilatura copies the whole tree, deletes the discarded sections (comments, sidebars,
    dates, figures: ``AUTHOR_DISCARD_XPATHS``) from the copy and takes the first byline element
    (``AUTHOR_XPATHS``) with 3-119 characters of text. Both lists test attributes only, so
    deleting sections only removes candidates: here the candidates are found in the page
    itself (``_author_candidates``), each is skipped when it or an ancestor is discarded, and
    only a candidate holding a discarded section is copied and pruned (a deleted element's
    tail joins its neighbour's text, which changes the spacing of the name). Past
    ``MAX_AUTHOR_TESTS`` candidates (comment threads list hundreds), the discarded sections
    of the whole page are found once instead."""
    from copy import deepcopy

    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.metadata import extract_author, normalize_authors
    from trafilatura.utils import trim
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS

    candidates = _author_candidates(tree)
    if _AUTHOR_DISCARD is None or candidates is None:
        return extract_author(tree)  # pragma: no cover - another trafilatura's expressions
    own, inner = _AUTHOR_DISCARD
    tested, discarded, holders = 0, set[Any](), set[Any]()
    for found in candidates:
        for element in found:
            if tested < MAX_AUTHOR_TESTS:  # a few candidates: test each one
                tested += 1
                out, holds = bool(own(element)), bool(inner(element))
            else:  # many (a comment thread): find the page's discarded sections once
                if tested == MAX_AUTHOR_TESTS:
                    tested += 1
                    discarded = {e for x in AUTHOR_DISCARD_XPATHS for e in x(tree)}
                    holders = _ancestors_of(discarded)
                out = element in discarded or any(a in discarded for a in element.iterancestors())
                holds = element in holders
            if out:
                continue
            if holds:
                element = prune_unwanted_nodes(deepcopy(element), AUTHOR_DISCARD_XPATHS)
            content = trim(" ".join(element.itertext()))
            if content and 2 < len(content) < 120:
                return normalize_authors(None, content)
    return None


# ============================================================================ the cascade
@dataclass
class _Reader:
    page: Any  # pipelines.extract.rules.base.Page (tree, url)
    body: list[str] | None
    now: datetime
    meta: MetaTags = field(init=False)
    ld: JsonLd = field(init=False)
    notes: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.meta = MetaTags(self.page.tree)
        self.ld = read_jsonld(self.page.tree)
        if self.ld.broken:
            self.notes.append(f"json-ld: {self.ld.broken} block(s) did not parse, skipped")

    # -- helpers ------------------------------------------------------------------------------
    def outlet_names(self) -> list[str]:
        """The outlet's own names (og:site_name, the JSON-LD publisher): never an author."""
        names = [v for _, v in self.meta.all("og:site_name", "application-name")]
        publisher = self.ld.resolve(self.ld.get("publisher"))
        for item in publisher if isinstance(publisher, list) else [publisher]:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                names.append(item["name"])
        return [clean(n) for n in names if n]

    def site_names(self) -> list[str]:
        names = [v for _, v in self.meta.all(*SITE_META)]
        publisher = self.ld.resolve(self.ld.get("publisher"))
        for item in publisher if isinstance(publisher, list) else [publisher]:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                names.append(item["name"])
        url = _ARCHIVED.sub("", self.page.url)  # an archived copy: the site's own address
        host = url.split("/")[2] if "//" in url else ""
        host = host.split(":")[0].removeprefix("www.")
        if host:
            names.append(host)
            names.append(host.rsplit(".", 1)[0])
            names.append(_main_label(host))  # "myoos" of foren.myoos.de: "… | MyOOS Forum"
        # "Achtsam durch die Krise | Die FURCHE": each segment may be the site's name
        segments = [p for n in names for p in _TITLE_SEP.split(n) if p != n]
        return [clean(n).lstrip("@") for n in names + segments if n]

    def _library(self, name: str, call: Any) -> Any:
        """A trafilatura/htmldate helper's answer; a crash in the library is noted, not raised."""
        try:
            return call()
        except Exception as error:  # noqa: BLE001 - a bug in a library is not the page's fault
            self.notes.append(f"{name} failed: {type(error).__name__}")
            return None

    def _date(self, text: Any, source: str, *, day_first: bool = False) -> datetime | None:
        if isinstance(text, list):
            text = text[0] if text else None
        if isinstance(text, dict):
            text = text.get("@value")
        if not isinstance(text, (str, int, float)) or not str(text).strip():
            return None
        text = str(text).strip()
        if not _HAS_YEAR.search(text):
            # "11:02", "17 October": the parser would fill in today's day or year
            note = f"date: {source} {text[:40]!r} names no year, ignored"
            if note not in self.notes:
                self.notes.append(note)
            return None
        if re.match(r"^\d{1,2}\.\d{1,2}\.\d{4}", text) or (
            day_first and re.match(r"^\d{1,2}[./-]\d{1,2}[./-]\d{4}", text)
        ):
            # "01-11-2023 10:29" in a European <time datetime>: day first
            text = re.sub(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})", r"\3-\2-\1", text)
            text = re.sub(r"^(\d{4})-(\d)-", r"\1-0\2-", text)
            text = re.sub(r"^(\d{4}-\d{2})-(\d)\b", r"\1-0\2", text)
        value = parse_date_local(text)
        if value is None:
            return None
        if not plausible(value, self.now):
            self.notes.append(f"date: {source} {str(text)[:40]!r} is implausible, ignored")
            return None
        return value

    # -- title --------------------------------------------------------------------------------
    def title(self) -> str:
        """The cascade below, then one override: a page with a single headline (``<h1>``, not
        the site's name) that says something else than the metadata title shows that one to its
        readers, and the metadata title is often the SEO one ("Bürgerbeteiligung für Windpark
        Steinheim | EnBW" for the headline "Umweltfreundliche Geldanlage: Bürgerbeteiligung am
        Windpark Steinheim"). A headline holding the title, or held in it, is no other title:
        the kicker or the site name it adds is why the cascade chose as it did."""
        sites = self.site_names()
        og = self.meta.first("og:title", "twitter:title") or ""
        title_tag = clean(self.page.tree.findtext(".//title") or "")
        h1s = self._headlines(sites)
        found = self._title_cascade(h1s, sites, og, title_tag)
        if len(h1s) == 1 and len(h1s[0]) >= MIN_LONE_HEADLINE and found:
            headline, title = _loose(h1s[0]), _loose(found)
            # a lone <h1> that is a whole segment of the title ("Site » Post") is the site's name
            segment = any(
                headline == _loose(p) for t in (title_tag, og) for p in _TITLE_SEP.split(t)
            )
            if headline not in title and title not in headline and not segment:
                self.notes.append(f"title: the page's one headline over {found[:60]!r}")
                self.sources["title"] = "h1"
                return h1s[0]
        return found

    def _headlines(self, sites: list[str]) -> list[str]:
        """The page's first ``<h1>`` texts, without the ones naming the site: its name, or a
        link to its home page and nothing else (a blog's header: ``<h1><a href="/">Site``)."""
        site_keys = {_letters(n) for n in sites}
        h1s = []
        for element in self.page.tree.iter("h1"):
            text = _headline_text(element)
            if text and not _home_link(element, text):
                h1s.append(text)
        return [h for h in h1s[:5] if _letters(h) not in site_keys and len(h) < 400]

    def _title_cascade(self, h1s: list[str], sites: list[str], og: str, title_tag: str) -> str:
        headline = self.ld.get("headline")
        headline = _strip_markup(headline) if isinstance(headline, str) else ""
        stripped = [_loose(strip_site(t, sites)) for t in (headline, og, title_tag) if t]
        structured = [_loose(t) for t in (headline, og) if t]
        loose_title = _loose(title_tag)
        # 1. a headline that a metadata title gives exactly (the site name stripped)
        # 2. a headline inside the JSON-LD headline / og:title ("Kicker: Headline")
        for test in (
            lambda h: _loose(h) in stripped,
            lambda h: any(len(h) >= 5 and _loose(h) in m for m in structured),
        ):
            for h1 in h1s:
                if test(h1):
                    self.sources["title"] = "h1"
                    return h1
        # 3. the JSON-LD / OpenGraph title; 4. a headline inside <title>; 5. <title>
        for name, candidate in (("json-ld", headline), ("og", og)):
            if candidate:
                self.sources["title"] = name
                return strip_site(candidate, sites)
        for h1 in h1s:
            if len(h1) >= 5 and _loose(h1) in loose_title:
                self.sources["title"] = "h1"
                return h1
        for name, candidate in (("json-ld", headline), ("og", og), ("title", title_tag)):
            if candidate:
                self.sources["title"] = name
                return strip_site(candidate, sites)
        if h1s:
            self.sources["title"] = "h1"
            return h1s[0]
        from trafilatura.metadata import extract_title

        found = self._library("trafilatura title", lambda: extract_title(self.page.tree))
        if found:
            self.sources["title"] = "trafilatura"
            return clean(found)
        return ""

    # -- authors ------------------------------------------------------------------------------
    def authors(self) -> list[str]:
        sites = self.outlet_names()
        steps: list[tuple[str, Any]] = [
            ("json-ld", lambda: _person_names(self.ld.get("author"), self.ld, persons_only=True)),
            ("meta", self._meta_authors),
            ("markup", self._markup_authors),
            ("trafilatura", self._trafilatura_authors),
            ("header", lambda: header_byline(self.page.tree)),
            ("text", lambda: text_byline(self.page.tree, self.body)),
            (
                "json-ld-org",
                lambda: _person_names(self.ld.get("author"), self.ld, persons_only=False),
            ),
        ]
        site_keys = {_letters(n) for n in self.site_names()} - {""}
        weak: tuple[str, list[str]] | None = None
        for name, step in steps:
            raw = step()
            if any(len(str(r)) > MAX_AUTHOR_CHARS for r in raw):
                self.notes.append(f"authors: an over-long {name} author field ignored")
            names = clean_authors(raw, sites)
            if not names:
                continue
            if all(_handle_like(n) or _outlet_like(n, site_keys) or _phrase_like(n) for n in names):
                # "edilson.la.rosa", "mdr.de", "Deutsche Welle": a later source may name a person
                weak = weak or (name, names)
                continue
            if (
                weak is not None
                and not any(n.islower() for n in weak[1])
                and {_letters(n) for n in names} == {_letters(n) for n in weak[1]}
            ):
                break  # "Herr Rein" for the page's "Herr_Rein": the handle as printed (a login
                # in lower case, "edilson.la.rosa", gives way to "Edilson La Rosa")
            self.sources["authors"] = name
            if name == "json-ld":
                names = self._fuller_byline(name, names, sites)
            return self._full_names(names)
        if weak is not None:
            self.sources["authors"] = weak[0]
            return weak[1]
        return []

    def _full_names(self, names: list[str]) -> list[str]:
        """A byline that is only a given name ("Nils", "Stefanus": a user name) where the
        page's printed bylines (``bylines.bylines_in_text``) give the full one
        ("Eine Kolumne von Nils Pickert"), or the author's JSON-LD description opens with it
        ("Stefanus Stahl - Maschinenbauer, ..."): the full name. A full name elsewhere (the
        site's name, an author box, a caption) is not enough: a blog's byline is often the
        given name only, and that is what its readers see."""
        given = [n for n in names if _GIVEN_NAME.fullmatch(n) and not calendar_word(n)]
        if not given:
            return names
        persons = {
            str(obj.get("name")).casefold(): obj["description"]
            for obj in self.ld.by_id.values()
            if "Person" in types_of(obj) and isinstance(obj.get("description"), str)
        }
        out = []
        for name in names:
            full = None
            if name in given:
                own = rf"(?i:{re.escape(name)})\s+(?P<surname>{_SURNAME})"
                texts = itertools.chain(
                    [persons.get(name.casefold(), "")],
                    (byline for byline, _ in bylines_in_text(self.page.tree, self.body)),
                )  # lazily: the page's bylines are read only when the description has none
                for match in (re.match(own + r"\b", text) for text in texts):
                    if match and match["surname"].casefold() not in _NOT_SURNAMES:
                        full = f"{name} {match['surname']}"
                        self.notes.append(f"authors: {name!r} is {full!r} on the page")
                        break
            out.append(full or name)
        return dedupe_names(out)

    def _fuller_byline(self, source: str, names: list[str], sites: list[str]) -> list[str]:
        """The printed byline over a JSON-LD author that it does not hold (the JSON-LD is often
        only the first of the story's authors, or the editor who last touched it):

        - the ``<meta>`` byline when it names everyone the JSON-LD names and more;
        - one markup byline element that does ("von Rudolf Fischer, Simon Kohler"): one
          element, not the markup's whole list, which also holds related stories' authors;
        - the ``<meta>`` byline when the markup names everyone it names and the JSON-LD author
          is in neither (two sources against one).

        (Not trafilatura's search nor the text's bylines: each costs a tenth of the page's time,
        for a few pages in a thousand.)"""
        if source != "json-ld":
            return names
        keys = {n.casefold() for n in names}
        byline = clean_authors(self._meta_authors(), sites)
        if len(byline) > len(names) and keys <= {n.casefold() for n in byline}:
            self.notes.append(f"authors: the byline names {len(byline)}, the {source} {len(names)}")
            return byline
        markup = self._markup_authors()
        for element in markup:
            listed = clean_authors(element, sites)
            if len(listed) > len(names) and keys <= {n.casefold() for n in listed}:
                self.notes.append(
                    f"authors: the byline names {len(listed)}, the {source} {len(names)}"
                )
                return listed
        printed = {n.casefold() for n in clean_authors(markup, sites)}
        if (
            byline
            and not keys & {n.casefold() for n in byline}
            and all(n.casefold() in printed for n in byline)
        ):
            self.notes.append(
                f"authors: the byline and the page say {byline}, the {source} {names}"
            )
            return byline
        return names

    def _meta_authors(self) -> list[str]:
        for key in AUTHOR_META:
            values = [v for v in self.meta.values.get(key, ()) if not v.startswith("http")]
            if key == "twitter:data1" and self.meta.first("twitter:label1").lower() not in (
                "written by",
                "autor",
                "verfasst von",
                "автор",
            ):
                continue
            if values:
                return values
        return []

    def _markup_authors(self) -> list[str]:
        found, hcard = [], None
        for element in _MARKUP_BYLINES(self.page.tree):
            if _MARKUP_AUTHOR(element):
                found.append(element)
            elif hcard is None and "comment" not in (element.get("class") or ""):
                # the page's first hCard author (a post's header: "by <span class='author
                # vcard'>"); later ones are related posts' and comments'
                hcard = element
                found.append(element)
        names: list[str] = []
        if len(found) > 8:
            return []  # author lists in a sidebar or a comment thread, not the byline
        for element in found[:6]:
            if element.tag in ("link", "meta"):
                continue
            inner = element.xpath('.//*[@itemprop="name"]')
            text = element_text(inner[0]) if inner else element_text(element)
            if text and len(text) <= 80:
                names.append(text)
        return names

    def _trafilatura_authors(self) -> list[str]:
        found = self._library("trafilatura author", lambda: trafilatura_author(self.page.tree))
        return found.split(";") if found else []

    # -- dates --------------------------------------------------------------------------------
    def published(self) -> datetime | None:
        """The cascade for the publication date; see the module docstring."""
        candidates = self._date_candidates()
        from_url = url_day(self.page.url)
        if not candidates:
            found = self._htmldate()
            if found is not None:
                candidates.append(("htmldate", found))
        if not candidates:
            return None
        source, chosen = candidates[0]
        days = [c[1].date() for c in candidates]
        if max(days) - min(days) > timedelta(days=1):
            # several sources disagree: the day most of them give, htmldate voting too
            # (ties: the first source)
            found = self._htmldate()
            if found is not None:
                candidates.append(("htmldate", found))
                days.append(found.date())
            votes = {d: sum(abs((d - e).days) <= 1 for e in days) for d in days}
            best = max(days, key=lambda d: (votes[d], -days.index(d)))
            source, chosen = candidates[days.index(best)]
            self.notes.append(
                "date: conflicting publication dates "
                + ", ".join(f"{s} {v:%Y-%m-%d}" for s, v in candidates[:4])
                + f"; {source} kept"
            )
        if from_url is not None and abs((chosen.date() - from_url).days) > 1:
            if source in _WEAK_DATE_SOURCES:
                self.notes.append(
                    f"date: {source} says {chosen:%Y-%m-%d}, the URL {from_url:%Y-%m-%d}: URL kept"
                )
                self.sources["published"] = "url"
                return datetime(from_url.year, from_url.month, from_url.day, tzinfo=UTC)
            self.notes.append(f"date: {source} says {chosen:%Y-%m-%d}, the URL {from_url:%Y-%m-%d}")
        self.sources["published"] = source
        return chosen

    def _date_candidates(self) -> list[tuple[str, datetime]]:
        """(source, date) from the page's own machine-readable dates, strongest first."""
        candidates: list[tuple[str, datetime]] = []
        value = self._date(self.ld.get("datePublished"), "json-ld datePublished")
        if value is not None:
            candidates.append(("json-ld", value))
        for key, text in self.meta.all(*PUBLISHED_META):
            value = self._date(text, f"meta {key}")
            if value is not None:
                candidates.append((f"meta {key}", value))
                break
        for source, xpaths in _TIME_XPATHS:
            value = self._first_time(xpaths)
            if value is not None:
                candidates.append((source, value))
                break
        if not candidates:
            value = self._visible()
            if value is not None:
                candidates.append(("visible", value))
        return candidates

    def _first_time(self, xpaths: tuple[str, ...]) -> datetime | None:
        tree = self.page.tree
        for xpath in xpaths:
            for text in tree.xpath(xpath)[:2]:
                value = self._date(text, "time", day_first=True)
                if value is not None:
                    return self._as_shown(text, value)
        return None

    def _as_shown(self, attribute: Any, value: datetime) -> datetime:
        """A ``<time>`` whose own text shows another day than its ``datetime`` ("Publié le 29
        juin 2019" over ``2019-07-03T10:18``, the time it was last edited): readers see the
        text's day, and so does the digest."""
        element = attribute.getparent() if hasattr(attribute, "getparent") else None
        shown = clean(element.text_content()) if element is not None else ""
        day = day_in_text(shown) if 0 < len(shown) <= 80 else None
        if day is None or abs((day - value.date()).days) <= 1:
            return value
        chosen = datetime(day.year, day.month, day.day, tzinfo=value.tzinfo)
        if not plausible(chosen, self.now):
            return value
        self.notes.append(f"date: <time> shows {day:%Y-%m-%d} over its datetime {value:%Y-%m-%d}")
        return chosen

    def _visible(self) -> datetime | None:
        texts = [
            element_text(e)
            for e in self.page.tree.xpath(
                '//*[contains(@class, "date") or contains(@class, "time") or self::time]'
            )[:10]
        ]
        for text in texts:
            if text and len(text) < 120:
                value = visible_date(text)  # ru/uk with the time
                if value is not None and plausible(value, self.now):
                    return value
        day = header_day(self.page.tree)
        if day is not None:
            value = datetime(day.year, day.month, day.day, tzinfo=UTC)
            if plausible(value, self.now):
                return value
        return None

    def _htmldate(self) -> datetime | None:
        from htmldate import find_date

        found = self._library(
            "htmldate",
            lambda: find_date(
                self.page.tree,
                url=self.page.url or None,
                original_date=True,
                extensive_search=True,
                max_date=(self.now + timedelta(days=1)).strftime("%Y-%m-%d"),
            ),
        )
        return self._date(found, "htmldate") if found else None

    def modified(self) -> datetime | None:
        value = self._date(self.ld.get("dateModified"), "json-ld dateModified")
        if value is not None:
            return value
        for key, text in self.meta.all(*MODIFIED_META):
            value = self._date(text, f"meta {key}")
            if value is not None:
                return value
        return None


_KICKER = re.compile(
    r"kicker|dachzeile|overline|topline|roofline|supertitle|super-title|eyebrow|spitzmarke|rubric",
    re.IGNORECASE,
)
_NOT_KICKER = re.compile(r"title|headline", re.IGNORECASE)


def _is_kicker(element: Any) -> bool:
    kind = element.get("class") or ""
    return bool(_KICKER.search(kind)) and not _NOT_KICKER.search(kind.replace("kicker", ""))


# an archived copy's links go through the archive: /web/20140226054445/http://site/
_ARCHIVED = re.compile(r"^(?:https?://web\.archive\.org)?/web/[^/]+/", re.IGNORECASE)


def _main_label(host: str) -> str:
    """The label a site's name is usually made of: ``myoos`` of ``foren.myoos.de``,
    ``guardian`` of ``www.guardian.co.uk``; "" when shorter than 4 letters (too short to tell a
    site's name by inside a longer title segment)."""
    labels = host.split(".")
    if len(labels) < 2:
        return ""
    main = labels[-2]
    if main in _SECOND_LEVEL and len(labels) >= 3:
        main = labels[-3]
    return main if len(main) >= 4 else ""


_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "or", "ne", "edu"}


def _home_link(element: Any, text: str) -> bool:
    """Whether an element's text is all one link to a site's home page."""
    links = element.findall(".//a")
    if len(links) != 1 or element_text(links[0]) != text:
        return False
    href = _ARCHIVED.sub("", (links[0].get("href") or "").strip())
    if not href or href.startswith("#"):
        return False
    parts = urlsplit(href)
    return parts.path in ("", "/") and not parts.query


def _headline_text(element: Any) -> str:
    """Text of an ``<h1>`` without a kicker ("Klimaschutz: " above the headline)."""
    parts = []
    kicked = False
    for child in element.iter():
        if child is element:
            continue
        if isinstance(child.tag, str) and _is_kicker(child):
            kicked = True
    if not kicked:
        return element_text(element)
    copy_ = lxml_html.fromstring(lxml_html.tostring(element))
    for child in list(copy_.iter()):
        if child is not copy_ and _is_kicker(child):
            child.drop_tree()
    parts.append(element_text(copy_))
    return clean(" ".join(parts)).lstrip(":–—-| ").strip()


def _loose(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\u2010-\u2015\u2212-]", "-", text)
    text = re.sub(r"[\"'«»„“”‘’‚]", "", text)
    return _WS.sub(" ", text).strip()


def strip_site(title: str, site_names: list[str]) -> str:
    """'Headline | Site' / 'Site - Headline' -> 'Headline' when a segment names the site."""
    title = _strip_markup(title)
    keys = {_letters(n) for n in site_names if len(_letters(n)) >= 3}
    parts = _TITLE_SEP.split(title)
    if len(parts) < 2:
        return title

    def is_site(part: str) -> bool:
        key = _letters(part)
        return bool(key) and any(
            key == k or (len(key) >= 4 and (key in k or k in key)) for k in keys
        )

    marked = [i for i, part in enumerate(parts[:-1]) if _letters(part) in _SITE_SEGMENTS]
    if marked:  # "Site » Blog Archive » Post": all up to the marker is the site's
        last = parts[marked[-1]]
        title = title[title.find(last) + len(last) :]
        title = re.sub(r"^\s*[|\u2013\u2014:·•»-]{1,2}\s*", "", title)
        parts = parts[marked[-1] + 1 :]

    while len(parts) > 1 and is_site(parts[-1]):
        title = title[: title.rfind(parts[-1])]
        title = re.sub(r"\s*[|\u2013\u2014:·•»-]{1,2}\s*$", "", title)
        parts = parts[:-1]
    while len(parts) > 1 and is_site(parts[0]):
        title = title[title.find(parts[0]) + len(parts[0]) :]
        title = re.sub(r"^\s*[|\u2013\u2014:·•»-]{1,2}\s*", "", title)
        parts = parts[1:]
    return clean(title)


def read_metadata(
    page: Any, body: list[str] | None = None, now: datetime | None = None
) -> Metadata:
    """The metadata cascade on one parsed page (``page.tree``, ``page.url``); never raises on
    odd markup: what cannot be read is skipped and said in ``notes``."""
    reader = _Reader(page, body, now or datetime.now(UTC))
    result = Metadata()
    result.title = reader.title()
    result.authors = reader.authors()
    result.published = reader.published()
    result.modified = reader.modified()
    if (
        result.modified is not None
        and result.published is not None
        and result.modified < result.published - timedelta(days=1)
    ):
        reader.notes.append("date: dateModified is before datePublished, modified dropped")
        result.modified = None
    result.notes = reader.notes
    result.sources = reader.sources
    return result
