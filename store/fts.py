"""The search normaliser: text -> the space-separated terms both backends index.

Linguistics happen here, in the application, so SQLite (FTS5 over ``article_search``) and
PostgreSQL (``to_tsvector('simple', …)`` over the same columns) index identical terms:

- words are lower-cased and ``ё`` becomes ``е``;
- a Cyrillic word becomes its pymorphy3 lemma (the first parse): «пытки», «пыток», «пытками»
  are all ``пытка``;
- a Latin word becomes its Snowball (Porter 2) English stem: ``tortured`` -> ``tortur``;
- a name written with dots, hyphens or apostrophes between letters (``Gulagu.net``,
  ``ОВД-Инфо``, ``O'Brien``) gives its joined form first (``gulagunet``, ``овдинфо``) and then
  each part, normalised, so it is found both as a name and by its parts;
- every term is letters and digits only, so FTS5's ``unicode61`` tokenizer (diacritics kept)
  and PostgreSQL's ``simple`` configuration split the terms the same way.

``tokens(text)`` also gives the character offsets, which the snippet builder uses to highlight
the original words that matched.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import snowballstemmer

from pipelines.language import russian_morphology

# A word: letters/digits, possibly joined by . - ' (and typographic hyphens/apostrophes).
# Combining marks (U+0300..U+036F: stress marks, decomposed accents) stay inside a word.
WORD_RE = re.compile(
    r"[^\W_][^\W_\u0300-\u036f]*(?:[\u0300-\u036f]+[^\W_]*)*"
    r"(?:[.\-\u2010\u2011\u2012\u2013'\u2019][^\W_][^\W_\u0300-\u036f]*(?:[\u0300-\u036f]+[^\W_]*)*)*"
)
PART_RE = re.compile(r"[^\W_][^\W_\u0300-\u036f]*(?:[\u0300-\u036f]+[^\W_]*)*")
_STRESS = str.maketrans("", "", "\u0300\u0301")
_CYRILLIC = re.compile(r"[а-яё]")
_POSSESSIVE = re.compile(r"['\u2019]s$")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    terms: tuple[str, ...]  # joined form (compounds only) then one term per part
    parts: tuple[str, ...]  # the parts' terms, in order (== terms for a simple word)


_english = snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=1_000_000)
def normalise_word(word: str) -> str:
    """One word (letters/digits only) -> its index term."""
    low = unicodedata.normalize("NFC", word.translate(_STRESS)).lower().replace("ё", "е")
    if _CYRILLIC.search(low):
        parse = russian_morphology().parse(low)
        return parse[0].normal_form.replace("ё", "е") if parse else low
    if low.isascii() and low.isalpha():
        return _english.stemWord(low)
    return low


def fold(word: str) -> str:
    """Lower-case and ё -> е, without lemmatising (for prefixes and joined names)."""
    return unicodedata.normalize("NFC", word.translate(_STRESS)).lower().replace("ё", "е")


def word_token(surface: str, start: int = 0) -> Token | None:
    """The terms of one surface word (as matched by ``WORD_RE``)."""
    surface = _POSSESSIVE.sub("", surface)
    pieces = PART_RE.findall(surface)
    if not pieces:
        return None
    parts = tuple(normalise_word(p) for p in pieces)
    if len(pieces) == 1:
        return Token(start, start + len(surface), parts, parts)
    joined = "".join(fold(p) for p in pieces)
    return Token(start, start + len(surface), (joined, *parts), parts)


@functools.lru_cache(maxsize=200_000)
def surface_terms(surface: str) -> tuple[str, ...]:
    """The terms of one surface word (cached: the snippet builder's hot path)."""
    tok = word_token(surface)
    return tok.terms if tok is not None else ()


def tokens(text: str) -> Iterator[Token]:
    """Every word of ``text`` with its offsets and terms."""
    for m in WORD_RE.finditer(text or ""):
        tok = word_token(m.group(), m.start())
        if tok is not None:
            yield tok


def index_terms(*texts: str | None) -> str:
    """The texts as one string of index terms, separated by spaces."""
    out: list[str] = []
    for text in texts:
        if text:
            for tok in tokens(text):
                out.extend(tok.terms)
    return " ".join(out)
