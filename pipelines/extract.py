"""One page in, one ``Article`` out: ``extract_article(html, url, outlet, spider=...)``.

Pure: no Scrapy, no database, no module state. Steps: decode bytes (BOM, ``<meta charset>``,
else UTF-8, else detection), parse with lxml, pick the rule set (the outlet's ``spider`` family,
else detected from the markup or the host: see ``pipelines.rules``), read each field.

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
    ├── EmptyDocumentError     "empty"      nothing (or only whitespace) to parse
    ├── ParseError             "unparseable" lxml could not build a tree
    └── NoBodyError            "no-body"    a page, but no article text in it
"""

from __future__ import annotations

import re

import lxml.etree
from lxml import html as lxml_html
from w3lib.encoding import html_to_unicode

from pipelines.rules import detect_family, rules_for
from pipelines.rules.base import Page
from pipelines.types import Article
from pipelines.urls import article_id, canonical_url

__all__ = [
    "EmptyDocumentError",
    "ExtractionError",
    "NoBodyError",
    "NotHTMLError",
    "ParseError",
    "decode_html",
    "detect_language",
    "extract_article",
]


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


_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"PK\x03\x04")
_TAG = re.compile(r"<\s*[a-zA-Z!?/]")
_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
_LATIN = re.compile(r"[a-zA-Z]")


def _detect_encoding(data: bytes) -> str | None:
    """Fallback for undeclared charsets: strict UTF-8, else windows-1251 or a detector's guess."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None:
            return best.encoding
    except ImportError:  # pragma: no cover - charset-normalizer is a declared dependency
        pass
    return "cp1251"


def decode_html(data: bytes) -> str:
    """Bytes -> text: BOM, then ``<meta charset>``/http-equiv, then UTF-8, then detection."""
    if data.lstrip()[:4] in _BINARY_MAGIC or data[:4] in _BINARY_MAGIC:
        raise NotHTMLError("binary data (a known file signature)")
    sample = data[:4096]
    if sample.count(b"\x00") > len(sample) // 10 and not sample.startswith(
        (b"\xff\xfe", b"\xfe\xff")
    ):
        raise NotHTMLError("binary data (NUL bytes)")
    _, text = html_to_unicode(None, data, auto_detect_fun=_detect_encoding)
    return text


def _check_text(text: str) -> str:
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise EmptyDocumentError("empty document")
    head = text[:4096]
    controls = sum(1 for ch in head if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > len(head) // 20 or "\ufffd" * 8 in head:
        raise NotHTMLError("binary data")
    if not _TAG.search(text[:100_000]):
        raise NotHTMLError("no markup")
    return text


def _parse(text: str, url: str) -> lxml_html.HtmlElement:
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str with an encoding decl
    try:
        parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
        tree = lxml_html.document_fromstring(text, parser=parser, base_url=url)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as error:
        raise ParseError(str(error) or "unparseable document") from error
    if tree is None or tree.find(".//body") is None and not tree.text_content().strip():
        raise EmptyDocumentError("no document body")
    return tree


def detect_language(text: str) -> str | None:
    """ "ru" or "en" from the share of Cyrillic letters; None for text without letters."""
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    if cyrillic + latin < 20:
        return None
    return "ru" if cyrillic > latin else "en"


def extract_article(
    html: str | bytes, url: str, outlet: str | None = None, *, spider: str | None = None
) -> Article:
    """Extract one article page; raises ``ExtractionError`` (with a reason) when there is none.

    ``outlet`` is the outlet's configuration key (kept on the result); ``spider`` its CMS family
    ("pangea" | "moscowtimes" | "generic"); without it the family is detected from the page.
    """
    if html is None or len(html) == 0:
        raise EmptyDocumentError("empty document")
    text = decode_html(html) if isinstance(html, bytes) else html
    tree = _parse(_check_text(text), url)
    page = Page(tree, url)
    family = spider if spider in ("pangea", "moscowtimes", "generic") else detect_family(page)
    rules = rules_for(page, family)
    paragraphs = rules.paragraphs()
    extractor = rules.name
    if not paragraphs and family != "generic":
        # The outlet's rules found no body (a redesign?): the generic extractor steps in, and
        # the result says so, so that the crawl's health counts it.
        paragraphs = rules_for(page, "generic").paragraphs()
        extractor = f"{rules.name}+generic"
    if not paragraphs:
        raise NoBodyError(f"no article body found ({rules.name} rules)")
    body_text = "\n".join(paragraphs)
    return Article(
        url=url,
        canonical_url=_canonical(page, url),
        outlet=outlet,
        article_id=article_id(url, family if family != "generic" else None),
        title=rules.title(),
        subtitle=rules.subtitle(),
        lead=rules.standfirst() or paragraphs[0],
        authors=rules.authors(),
        published=rules.published(),
        modified=rules.modified(),
        language=rules.language() or detect_language(body_text),
        section=rules.section(),
        paragraphs=paragraphs,
        tags=rules.tags(),
        links=rules.links(),
        extractor=extractor,
    )


def _canonical(page: Page, url: str) -> str:
    """``canonical_url`` of the request URL (a page's own ``rel=canonical`` is not trusted:
    mirrors and previews point it elsewhere)."""
    return canonical_url(url) or url
