"""Plain data shapes passed between the pure steps (extract, mentions, quotes, digest).

No Scrapy and no database here: these are what the core functions take and return.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

MentionVia = Literal["name", "person", "link"]
MentionField = Literal["title", "lead", "body"]
# an article's texts in reading order: the title, the lead, then the body paragraphs
FIELD_ORDER: dict[str, int] = {"title": 0, "lead": 1, "body": 2}


@dataclass
class Mention:
    """One place where an article names a tracked CSO.

    ``field`` says which text the offsets refer to: the title, the lead (standfirst) or a body
    paragraph (``paragraph`` is then its index in ``Article.paragraphs``; None otherwise).
    ``start``/``end`` are character offsets into that text; ``surface`` is text[start:end].
    ``evidence`` says what made it count (``pipelines.mentions.evidence``: "alias", "link",
    "role", "person", "initial", "quoted", "cue", "capital", "name-syntax", "surname" with the
    full name elsewhere, "elsewhere" for an ambiguous name counted because the article names the CSO
    unambiguously elsewhere) and ``confidence`` how far an editor can trust it ("high",
    "medium", "low"; see ``pipelines.mentions.find.CONFIDENCE``). Both are stored; they are ""
    on a mention stored before the store kept them (revision 0014) until it is rematched.
    """

    cso: str
    surface: str
    field: MentionField
    paragraph: int | None
    start: int
    end: int
    via: MentionVia = "name"
    in_title: bool = False
    in_lead: bool = False
    evidence: str = ""
    confidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Placed(Protocol):
    """Anything that says where in an article it stands: a ``Mention`` or a stored mention row."""

    @property
    def field(self) -> str: ...
    @property
    def paragraph(self) -> int | None: ...
    @property
    def start(self) -> int: ...


def text_order(mention: Placed) -> tuple[int, int, int]:
    """Sort key for reading order: title, lead, body paragraphs (an unknown field last)."""
    return (FIELD_ORDER.get(mention.field, 3), mention.paragraph or 0, mention.start)


@dataclass
class Quote:
    """A direct quote: ``text`` is exactly what stands between the marks.

    ``paragraph`` is the index of the paragraph where the quote opens, ``paragraphs`` every
    paragraph it spans; ``start``/``end`` are offsets of the text inside the opening paragraph
    (``end`` in the closing one when it spans several). ``speaker`` is None for unnamed sources.
    """

    text: str
    speaker: str | None
    paragraph: int
    paragraphs: list[int]
    partial: bool = False
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Article:
    """An extracted article: everything the later steps and the store need."""

    url: str
    canonical_url: str
    outlet: str | None = None
    article_id: str | None = None  # the outlet's own id (Pangea numeric id, MT "a75300")
    title: str = ""
    subtitle: str | None = None
    lead: str | None = None
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None  # always timezone-aware UTC
    modified: datetime | None = None
    language: str | None = None
    section: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # links found in the body: (anchor text, absolute href); used for `link` mentions
    links: list[tuple[str, str]] = field(default_factory=list)
    # which rule set found the body ("pangea", "moscowtimes", "generic", or "pangea+generic"
    # when the outlet's rules found none and the generic extractor stepped in)
    extractor: str | None = None
    # what was odd about the page and how the extraction settled it (a charset that lied, a
    # JSON-LD block that did not parse, conflicting or implausible dates, an over-long author
    # field), in the order met
    extraction_notes: list[str] = field(default_factory=list)
    # which source of the metadata cascade gave each field ({"published": "json-ld",
    # "authors": "meta:author", "title": "h1"}); empty when the outlet's own rules gave them
    field_sources: dict[str, str] = field(default_factory=dict)
    # "article" (a page of an outlet) or "statement": the CSO ``author_cso`` (its registry id)
    # speaking for itself, on its Telegram channel or its website
    kind: str = "article"
    author_cso: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict in the shape `csowatch extract` prints."""
        return {
            "url": self.url,
            "canonical_url": self.canonical_url,
            "outlet": self.outlet,
            "article_id": self.article_id,
            "title": self.title,
            "subtitle": self.subtitle,
            "lead": self.lead,
            "authors": list(self.authors),
            "published": _iso(self.published),
            "modified": _iso(self.modified),
            "language": self.language,
            "section": self.section,
            "paragraphs": list(self.paragraphs),
            "text": self.text,
            "tags": list(self.tags),
            "quotes": [q.to_dict() for q in self.quotes],
            "mentions": [m.to_dict() for m in self.mentions],
            "extractor": self.extractor,
            "extraction_notes": list(self.extraction_notes),
            "field_sources": dict(self.field_sources),
            "kind": self.kind,
            "author_cso": self.author_cso,
        }


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat().replace("+00:00", "Z")


class StoryPrint(Protocol):
    """What the store keeps to group copies of one story (``pipelines.stories.Print``):
    the MinHash ``signature`` of ``size`` shingles, its LSH ``bands`` keys (none: too short to
    group), the key of the article's own URL and those of the sources its body links to."""

    @property
    def signature(self) -> bytes: ...
    @property
    def size(self) -> int: ...
    @property
    def bands(self) -> tuple[int, ...]: ...
    @property
    def url_key(self) -> int | None: ...
    @property
    def sources(self) -> tuple[int, ...]: ...
    @property
    def link_days(self) -> int: ...

    def same_story(self, signature: bytes, size: int) -> bool:
        """Whether a stored article with this signature and size is a copy of this one."""
        ...
