"""Bylines printed on the page, where no metadata names the author: pure functions on a parsed
tree (lxml) and on the body's paragraphs.

Two shapes, tried by ``pipelines.extract.metadata`` in this order, each after the metadata
sources:

- ``header_byline``: a date line beside the headline that ends (or starts) with a name,
  "25.10.2022 - Reiner Nagel", "04.02.2022 | 13:10 Uhr | Uta Helkenberg".
- ``text_byline``: a label and names, "By A and B", "Posted on 21 September 2020 by A",
  "Von A", "Ein Artikel von A", "Autor: A", "Autoren A und B", «Автор: А», «Текст: А». The label
  must open its line, or follow only a date, a "posted/published on" or a separator: German
  "von" and English "by" are also prepositions ("Leasing von Firmenfahrzeugen", "Mary Magdalene
  by Titian"), and a capitalised noun after one is no author. A label alone in its element
  ("<h5>Autor:</h5> Peter Maahn") reads on into the enclosing element; a label inside a long
  element reads the line it starts (up to the next ``<br>`` or block).

What is returned is raw: ``metadata.clean_authors`` cleans, splits and drops the outlet's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from lxml import etree

from pipelines.dates import MONTHS, day_in_text

_WS = re.compile(r"\s+")
MAX_LINE_CHARS = 160  # a longer element is a paragraph, not a byline
MAX_HEADER_LINE_CHARS = 80
HEADER_SIBLINGS = 4  # elements either side of the headline that make its header

_NAME_WORD = r"[A-ZА-ЯЁІЇЄҐÄÖÜÉÈÁÍÓÚŁŚŻŹĆŃČŠŽØ][\w'’.-]+"
_NAMES = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
_NAME_LIST = rf"{_NAMES}(?:\s*(?:,|\band\b|\bund\b|\bи\b|\bі\b|&)\s*{_NAMES})*"
BYLINE_TEXT = re.compile(
    r"(?:^|[\s|•·,(—–-])(?P<label>[Bb]y|BY|[Vv]on|VON|[Pp]ar|[Tt]ext von|[Aa]utor(?:in)?:"
    r"|[Aa]uthor:|[Aa]uteur\s?:|[Aa]utoren:?|Redaktion:|Автор(?:ы)?(?: текста)?\s*:|Текст\s*:"
    r"|Текст\s*[—–-]"
    r"|Автор(?:ка)?\s*[—–-]|Авторка\s*:|Автор\s*:)"
    rf"\s*(?P<names>{_NAME_LIST})\s*(?=$|[,|•·—–(/]|\d|\s(?:am|on|um|le)\b|(?<=\s)[^\W\d_]+:)",
)
_NOT_BYLINE = re.compile(
    r"(?i)(?:design|designed|powered|hosted|photo|photos|foto|fotos|bild|bilder|illustration"
    r"|copyright|©|theme|made|developed|entwickelt|gestaltet|video|grafik|quelle|source"
    r"|фото|иллюстрация|видео)\W*(?:\w+\W+)?$"
)
_BYLINE_NODES = etree.XPath(
    "//body//text()[re:test(., '(^|\\W)(by|By|BY|von|Von|VON|par|Par|Text von|Autor|Autorin"
    "|Autoren|Auteur"
    "|Author|Redaktion:|Автор|Текст|Авторка)(\\W|$)')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)
_LABEL_ONLY = re.compile(r"(?i)^\W*(?:autor(?:in|en)?|author|by|von|text|автор\w*|текст)\W*$")
INLINE = frozenset({"a", "span", "b", "strong", "em", "i", "small", "font", "time", "abbr", "u"})

_WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday"
    " montag dienstag mittwoch donnerstag freitag samstag sonntag"
    " lundi mardi mercredi jeudi vendredi samedi dimanche"
)
_ABBREVIATED = "jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun"
_MONTH_WORDS = frozenset(MONTHS)  # en/de/fr/es/it/ru/uk, from pipelines.dates
_CALENDAR_WORDS = _MONTH_WORDS | frozenset(_WEEKDAYS.split()) | frozenset(_ABBREVIATED.split())
# the words a byline's label may follow: "Posted on 21 September 2020 by", "Publiziert am
# 26. Mai 2013 von", "Ein Artikel von", "Datum: 03.11.2021 Autor:"
_LEAD = (
    "posted published updated written reported story article post reporting report text photos"
    " on at am um uhr le and und et stand datum date geschrieben publiziert veröffentlicht"
    " verfasst erstellt gepostet eingestellt ein eine artikel beitrag publié opublikowano"
    " опубликовано обновлено st nd rd th kolumne gastbeitrag essay column analyse analysis"
    " reportage"
)
_LEAD_WORDS = frozenset(_LEAD.split()) | _CALENDAR_WORDS
_SEPARATORS = re.compile(r"[|•·—–(]|\s-\s")

_DAY = (
    r"(?:\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}"
    r"|\d{1,2}\.?\s+[^\W\d_]{3,}\.?\s+\d{4}|[^\W\d_]{3,}\.?\s+\d{1,2},?\s+\d{4})"
)
_CLOCK = r"(?:\d{1,2}[:.]\d{2}(?:\s?(?:Uhr|h|am|pm|AM|PM))?)"
_STAMP = rf"{_DAY}(?:\s*[,|•·–-]?\s*{_CLOCK})?"
_SEP = r"\s*[|•·–—-]\s*"
_PERSON = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}"  # two or three words
DATELINE_BYLINE = re.compile(
    rf"^(?:{_STAMP}{_SEP}(?P<after>{_PERSON})|(?P<before>{_PERSON}){_SEP}{_STAMP})$"
)


def clean(text: Any) -> str:
    return _WS.sub(" ", str(text or "").replace("\xa0", " ")).strip()


def element_text(element: Any) -> str:
    """The visible text of an element (no script or style), whitespace collapsed."""
    parts = element.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")
    return clean(" ".join(p for p in parts if isinstance(p, str)))


def calendar_word(name: str) -> bool:
    """A month or a weekday ("Oktober", "Lundi"): a date's word, never a name."""
    words = name.casefold().strip(" .,").split()
    if len(words) == 2 and words[0] in ("on", "am", "le", "den", "vom"):
        words = words[1:]  # "On August" of "On August 3"
    return len(words) == 1 and words[0].rstrip(".") in _CALENDAR_WORDS


def lead_ok(prefix: str) -> bool:
    """Whether what precedes a byline label on its line lets it be one: nothing, a date, a
    "posted on", or anything up to a separator ("yas! | By Cara Stiles")."""
    tail = _SEPARATORS.split(prefix)[-1]
    return all(word.casefold() in _LEAD_WORDS for word in re.findall(r"[^\W\d_]+", tail))


def _line_from(node: Any) -> str:
    """The line a text node starts: itself and the inline elements after it, up to a ``<br>``
    or a block."""
    parts = [str(node)]
    owner = node.getparent()
    following = owner.itersiblings() if node.is_tail else iter(owner)
    for element in following:
        if not isinstance(element.tag, str) or element.tag not in INLINE:
            break
        parts.append(element_text(element))
        if element.tail:
            parts.append(element.tail)
        if sum(len(p) for p in parts) > MAX_LINE_CHARS:
            break
    return clean(" ".join(parts))


def candidate_lines(tree: Any, body: list[str] | None) -> Iterator[str]:
    yield from (body or [])[:2]
    seen: list[Any] = []  # the elements themselves: an id() is reused once a proxy is freed
    for node in _BYLINE_NODES(tree)[:40]:
        parent = node.getparent()  # of a tail ("<br>Autor: ..."): the element it sits in
        parent = parent.getparent() if node.is_tail and parent is not None else parent
        while parent is not None and parent.tag in INLINE:
            parent = parent.getparent()
        if parent is None or parent in seen or parent.tag in ("script", "style", "title", "h1"):
            continue
        seen.append(parent)
        text = element_text(parent)
        if len(text) > MAX_LINE_CHARS:
            text = _line_from(node)
        elif _LABEL_ONLY.match(text) and parent.getparent() is not None:
            wider = element_text(parent.getparent())  # "<h5>Autor:</h5> Peter Maahn"
            text = wider if len(wider) <= MAX_LINE_CHARS else text
        if len(text) <= MAX_LINE_CHARS:
            yield text
    yield from (body or [])[-2:]


def bylines_in_text(tree: Any, body: list[str] | None) -> Iterator[tuple[str, bool]]:
    """Every byline in the page's text, in page order: (its names, whether its label is a
    sure one, "Autor: A" rather than "Von A")."""
    for text in candidate_lines(tree, body):
        if not text or len(text) > 300:
            continue
        for match in BYLINE_TEXT.finditer(text):
            prefix = text[: match.start("label")]
            if match["names"].casefold() in _MONTH_WORDS:  # "By June 2016, most of ..."
                continue
            if lead_ok(prefix) and not _NOT_BYLINE.search(text[: match.start("names")]):
                yield match["names"], match["label"].rstrip().endswith((":", "—", "–", "-"))


def text_byline(tree: Any, body: list[str] | None) -> list[str]:
    """The names of the first byline in the page's text (see the module's docstring); a
    labelled one ("Autor: A", «Текст: А») before the first "By A" / "Von A", which may still be
    a preposition before a noun ("Von Sprachregeln, Gender-Politik und ..."), or a menu's
    "Autoren" before its next entry."""
    first: list[str] = []
    for names, sure in bylines_in_text(tree, body):
        if sure:
            return [names]
        first = first or [names]
    return first


def _header(headline: Any) -> Iterator[Any]:
    """The elements beside a headline: its siblings, and its parent's, a few either side."""
    for anchor in (headline, headline.getparent()):
        if anchor is None:
            continue
        yield from list(anchor.itersiblings(preceding=True))[:HEADER_SIBLINGS]
        yield from list(anchor.itersiblings())[:HEADER_SIBLINGS]


def header_byline(tree: Any) -> list[str]:
    """A name on a date line beside the first headlines ("11.12.2019 - Amelie Loevenich")."""
    for headline in list(tree.iter("h1"))[:2]:
        for element in _header(headline):
            if not isinstance(element.tag, str) or element.tag in ("script", "style"):
                continue
            text = element_text(element)
            if not text or len(text) > MAX_HEADER_LINE_CHARS:
                continue
            match = DATELINE_BYLINE.match(text)
            if match:
                return [match["after"] or match["before"]]
    return []


def header_day(tree: Any) -> date | None:
    """The day on a line beside the first headlines ("07 Dezember, 2022", "Am 13. November
    2019 Von Henry"): the story's own date, unlike the first date of the page, which is often a
    list's or a sidebar's."""
    for headline in list(tree.iter("h1"))[:2]:
        for element in _header(headline):
            if not isinstance(element.tag, str) or element.tag in ("script", "style"):
                continue
            text = element_text(element)
            if text and len(text) <= MAX_HEADER_LINE_CHARS:
                day = day_in_text(text)
                if day is not None:
                    return day
    return None
