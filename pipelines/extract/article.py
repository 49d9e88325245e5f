"""One page in, one ``Article`` out: ``extract_article(html, url, outlet, spider=...)``.

Pure: no Scrapy, no database, no module state. Steps: decode bytes (``decode_html``, the one
decoder of the project: the declared charset unless it garbles the text, else UTF-8, else
detection), parse with lxml, pick the rule set (the outlet's ``spider`` family, else detected
from the markup or the host: see ``pipelines.extract.rules``), read each field.

Field decisions
- ``lead``: the standfirst when the page has one (Pangea: meta/og description; The Moscow
  Times: ``div.article__intro``), else the first body paragraph, so every article has an excerpt
  for the digest.
- ``article_id``: the outlet's id from the URL (``pipelines.urls.article_id``): Pangea
  ``"31512345"``, The Moscow Times ``"a75300"``.
- ``published`` / ``modified``: aware UTC datetimes; None when the page does not say.
- ``language``: ``<html lang>`` / ``og:locale`` / JSON-LD, else "ru" or "en" by script ratio.

Errors (all carry a ``reason`` code)::

    ExtractionError            reason
    ├── NotHTMLError           "not-html"   binary data, or text with no markup
    │   └── CharsetError       "not-html"   bytes that no charset decodes plausibly
    ├── EmptyDocumentError     "empty"      nothing (or only whitespace) to parse
    ├── ParseError             "unparseable" lxml could not build a tree
    └── NoBodyError            "no-body"    a page, but no article text in it
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import datetime

import lxml.etree
from charset_normalizer import from_bytes
from lxml import html as lxml_html
from w3lib.encoding import html_to_unicode

from pipelines.dates import to_utc
from pipelines.extract.metadata import read_metadata
from pipelines.extract.rules import (
    DOCUMENTS,
    FAMILIES,
    OUTLET_RULES,
    detect_family,
    document_family,
    rules_for,
)
from pipelines.extract.rules.base import Page
from pipelines.extract.rules.document import DocumentError, parse_json
from pipelines.language import detect_language
from pipelines.types import Article
from pipelines.urls import article_id, canonical_url


class ExtractionError(Exception):
    """A page that yields no article; ``reason`` is a short stable code for stats and logs."""

    reason = "error"

    def __init__(self, message: str = "", *, reason: str | None = None) -> None:
        if reason:
            self.reason = reason
        super().__init__(message or self.reason)


class NotHTMLError(ExtractionError):
    reason = "not-html"


class EmptyDocumentError(ExtractionError):
    reason = "empty"


class ParseError(ExtractionError):
    reason = "unparseable"


class NoBodyError(ExtractionError):
    reason = "no-body"


class CharsetError(NotHTMLError):
    """Bytes that no charset decodes plausibly (binary data, noise)."""


# More than this share of U+FFFD after decoding means the charset was wrong.
MAX_REPLACEMENT_SHARE = 0.01
_SINGLE_BYTE = ("cp12", "cp866", "iso8859", "koi8", "mac-", "ascii", "latin")
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"PK\x03\x04")
_TAG = re.compile(r"<\s*[a-zA-Z!?/]")


def decode_html(data: bytes, content_type: str = "") -> str:
    """Decode HTML (see ``decode_html_noted``, which also says what it had to correct)."""
    return decode_html_noted(data, content_type)[0]


def decode_html_noted(data: bytes, content_type: str = "") -> tuple[str, str | None]:
    """Decode HTML: HTTP header, then BOM and ``<meta charset>``, then what the bytes are.

    What was declared is believed unless it garbles the text (U+FFFD) or a single-byte charset
    was declared for bytes that are valid UTF-8. Then: a page that is mostly UTF-8 with a few
    stray bytes (a footer in another charset, a cut character) stays UTF-8; anything else is
    decoded with the charset charset-normalizer detects (an undeclared windows-1251 page, or
    one whose header says utf-8). ``CharsetError`` is left for bytes that no charset decodes
    plausibly (binary data, noise); ``EmptyDocumentError`` for a body of whitespace.
    """
    if not data.strip():
        raise EmptyDocumentError("empty document")
    encoding, text = html_to_unicode(content_type or None, data)
    note = None
    if _garbled(text) and content_type:
        encoding, text = html_to_unicode(None, data)  # the header lied: try the BOM and <meta>
        note = f"charset: the header's charset garbles the text; {encoding} used"
    if not _garbled(text):
        if _single_byte(encoding) and _is_utf8(data):
            # declared windows-1251 (say), written in UTF-8
            return data.decode("utf-8"), f"charset: {encoding} declared, the bytes are UTF-8"
        return text, note
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly, f"charset: {encoding} declared; mostly UTF-8, a few bytes replaced"
    detected, name = _detected(data)
    if detected is not None:
        return detected, f"charset: {encoding} declared, the bytes are {name}"
    raise CharsetError(f"{text.count(chr(0xFFFD))} undecodable characters")


def _garbled(text: str) -> bool:
    bad = text.count("\ufffd")
    return bad > 0 and bad / max(len(text), 1) > MAX_REPLACEMENT_SHARE


def _single_byte(encoding: str) -> bool:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith(_SINGLE_BYTE)


def _is_utf8(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few undecodable bytes: far more valid multi-byte characters than
    replacements (a real UTF-8 page); a single-byte page has next to none."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return text if good >= 5 * bad else None


def _detected(data: bytes) -> tuple[str | None, str]:
    best = from_bytes(data[:500_000]).best()
    if best is None:
        return None, ""
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None, best.encoding
    return (None if _garbled(text) else text), best.encoding


def _refuse_binary(data: bytes) -> None:
    """A known file signature or many NUL bytes: not a page, whatever a charset would make."""
    if data.lstrip()[:4] in _BINARY_MAGIC or data[:4] in _BINARY_MAGIC:
        raise NotHTMLError("binary data (a known file signature)")
    sample = data[:4096]
    if sample.count(b"\x00") > len(sample) // 10 and not sample.startswith(
        (b"\xff\xfe", b"\xfe\xff")
    ):
        raise NotHTMLError("binary data (NUL bytes)")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # below 32, but tab, newlines, form feed
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _check_text(text: str) -> str:
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise EmptyDocumentError("empty document")
    head = text[:4096]
    controls = len(_CONTROL.findall(head))
    if controls > len(head) // 20 or "\ufffd" * 8 in head:
        raise NotHTMLError("binary data")
    if not _TAG.search(text[:100_000]):
        raise NotHTMLError("no markup")
    return text


def _parse(text: str, url: str) -> lxml_html.HtmlElement:
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str with an encoding decl
    # characters XML forbids (stray control bytes in a page's script or text) make
    # trafilatura's XML output unparseable, and with it the whole body: drop them
    text = _NOT_XML.sub("", text)
    try:
        parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
        tree = lxml_html.document_fromstring(text, parser=parser, base_url=url)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as error:
        raise ParseError(str(error) or "unparseable document") from error
    if tree is None or tree.find(".//body") is None and not tree.text_content().strip():
        raise EmptyDocumentError("no document body")
    return tree


def extract_article(
    html: str | bytes,
    url: str,
    outlet: str | None = None,
    *,
    spider: str | None = None,
    rules: str | None = None,
) -> Article:
    """Extract one article page; raises ``ExtractionError`` (with a reason) when there is none.

    ``outlet`` is the outlet's configuration key (kept on the result); ``spider`` its CMS family
    ("pangea" | "moscowtimes" | "generic"); without it the family is detected from the page.
    An API family ("meduza" | "novayagazeta", or an API URL of theirs without ``spider``) reads
    a JSON document instead of a page: ``extract_document``.
    ``rules``: the outlet's own rule module (``OUTLET_RULES``, e.g. "guardian"), read on the
    path of the family it builds on.
    """
    if html is None or len(html) == 0:
        raise EmptyDocumentError("empty document")
    api = spider if spider in DOCUMENTS else None if spider else document_family(url)
    if api is not None:
        return extract_document(html, url, outlet, family=api)
    if isinstance(html, bytes):
        _refuse_binary(html)
    notes: list[str] = []
    if isinstance(html, bytes):
        text, charset_note = decode_html_noted(html)
        notes.extend([charset_note] if charset_note else [])
    else:
        text = html
    tree = _parse(_check_text(text), url)
    page = Page(tree, url)
    if rules in OUTLET_RULES:
        family = OUTLET_RULES[rules][0]
    else:
        family = spider if spider in FAMILIES else detect_family(page)
    rule_set = rules_for(page, family, rules)
    paragraphs = rule_set.paragraphs()
    extractor = rule_set.name
    if not paragraphs and family == "telegram":
        # a post without text of the channel's own (a photo, a forward): nothing to fall back on
        raise NoBodyError("no text of the channel's own in the post (telegram rules)")
    if not paragraphs and family != "generic":
        # The outlet's rules found no body (a redesign?): the generic extractor steps in, and
        # the result says so, so that the crawl's health counts it.
        paragraphs = rules_for(page, "generic").paragraphs()
        extractor = f"{rule_set.name}+generic"
    if not paragraphs:
        raise NoBodyError(f"no article body found ({rule_set.name} rules)")
    body_text = "\n".join(paragraphs)
    sources: dict[str, str] = {}
    if family == "generic":
        meta = read_metadata(page, paragraphs)
        rule_set.refine(meta)
        notes.extend(meta.notes)
        sources = meta.sources
        title, authors = meta.title, meta.authors
        published, modified = meta.published, meta.modified
    else:  # the outlet's rules know its markup (an unsigned story, an "Updated:" time); the
        # cascade (and its cost) only when they find no title
        title, authors = rule_set.title(), rule_set.authors()
        published, modified = rule_set.published(), rule_set.modified()
        if not title:
            meta = read_metadata(page, paragraphs)
            notes.extend(meta.notes)
            title, sources = meta.title, meta.sources
    return ExtractedArticle(
        url=url,
        canonical_url=_canonical(page, url),
        outlet=outlet,
        article_id=article_id(url, family if family != "generic" else None),
        title=title,
        subtitle=rule_set.subtitle(),
        lead=rule_set.standfirst() or paragraphs[0],
        authors=authors,
        published=to_utc(published) if published is not None else None,
        modified=to_utc(modified) if modified is not None else None,
        language=rule_set.language() or detect_language(body_text),
        section=rule_set.section(),
        paragraphs=paragraphs,
        tags=rule_set.tags(),
        links=rule_set.links(),
        extractor=extractor,
        published_local=published,
        extraction_notes=notes,
        field_sources=sources,
    )


def extract_document(
    data: str | bytes, url: str, outlet: str | None = None, *, family: str
) -> ExtractedArticle:
    """One article out of an API family's JSON document (``rules.DOCUMENTS``); ``url`` is
    where it was fetched, the article's ``url`` its public page. The HTML path's errors and
    reasons, plus ``not-json`` (an answer that is no JSON object: an HTML page, a cut-off
    body) and ``no-document`` (JSON without the article's document)."""
    text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data
    if not text.strip():
        raise EmptyDocumentError("empty document")
    rules = DOCUMENTS[family]
    try:
        doc = rules.read(parse_json(text), url)
    except DocumentError as exc:
        raise ExtractionError(str(exc), reason=exc.reason) from None
    paragraphs = [p.text for p in doc.paragraphs]
    if not paragraphs:
        raise NoBodyError(f"no article body in the API document ({rules.NAME} rules)")
    return ExtractedArticle(
        url=doc.url,
        canonical_url=canonical_url(doc.url) or doc.url,
        outlet=outlet,
        title=doc.title,
        subtitle=doc.subtitle,
        lead=doc.lead or paragraphs[0],
        authors=doc.authors,
        published=doc.published,
        modified=doc.modified,
        language=doc.language or detect_language("\n".join(paragraphs)),
        section=doc.section,
        paragraphs=paragraphs,
        tags=doc.tags,
        links=[link for p in doc.paragraphs for link in p.links],
        extractor=rules.NAME,
        published_local=doc.published,
        extraction_notes=doc.notes,
    )


@dataclass
class ExtractedArticle(Article):
    """An ``Article`` plus ``published_local``: the publication time in the offset the page
    gave (``published`` is the same instant in UTC; the store and the digest count an article
    under its UTC day). The store keeps the UTC instant only."""

    published_local: datetime | None = None


def _canonical(page: Page, url: str) -> str:
    """``canonical_url`` of the request URL (a page's own ``rel=canonical`` is not trusted:
    mirrors and previews point it elsewhere)."""
    return canonical_url(url) or url
