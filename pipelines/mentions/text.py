"""Text folding and tokenising for the mention matcher, with an offset map back to the source.

``fold_text`` turns a string into a folded copy in which every character still corresponds to
one character of the original (``Folded.offsets``): lower case, ё→е, dashes, quotes and
apostrophes unified, spaces unified, soft hyphens / zero-width characters / accents dropped.
``tokenize`` then cuts the folded text into word tokens (runs of letters and digits), folds
Latin/Cyrillic look-alike letters inside a mixed-script token, and records for every token its
original span and whether the gap before it lets a name continue across it (a space, a line
break, one hyphen, a dot inside ``Gulagu.net``, a quote) or breaks it (a comma, a sentence end).

Speed: the matcher calls ``split_words``, which gives the tokens' keys and gap facts as lists
and builds the ``Token`` objects only when asked. Texts folded one to one with no word
hyphenated across a line break (nearly all) take a fast path: one regex split, the gap facts
from a memo; the rest take ``_tokenize_general``, the reference, character by character.
``tests/test_mentions_fastpath.py`` holds the two paths to the same tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass
from functools import partial
from itertools import accumulate
from typing import NamedTuple, cast

_DROP = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
_DQUOTES = frozenset('"\u00ab\u00bb\u201c\u201d\u201e\u201f\u2039\u203a\u300c\u300d\uff02')
_SQUOTES = frozenset("'\u2018\u2019\u201a\u201b\u02bc\u0060\u00b4\u2032")
QUOTES = frozenset("\"'")

# lower-case look-alikes: a Latin letter that looks like a Cyrillic one, and back
_LAT_TO_CYR = dict(zip("abcehkmoptxyi", "авсенкмортхуі", strict=True))
_CYR_TO_LAT = {c: lat for lat, c in _LAT_TO_CYR.items()}
_LATIN = re.compile(r"[a-z]")
_CYRILLIC = re.compile(r"[а-яёіўґєї]")
_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"[.!?…:;]")
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "lt", "col", "г", "ул", "им", "пр"}
)


@dataclass
class Folded:
    """A folded copy of ``original``; ``offsets[i]`` is the source index of ``text[i]``."""

    original: str
    text: str
    offsets: list[int] | None  # None: the identity map

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the folded text to the original text."""
        if self.offsets is None:
            return start, end
        src_start = self.offsets[start]
        src_end = self.offsets[end - 1] + 1
        orig = self.original
        while src_end < len(orig) and unicodedata.combining(orig[src_end]):
            src_end += 1
        return src_start, src_end


class Token(NamedTuple):
    """One word of a folded text.

    ``key`` is the folded form used for matching, ``start``/``end`` index the original text,
    ``joinable`` says whether a name may continue from the previous token into this one,
    ``sentence_start`` whether the token opens a sentence (or a line). A named tuple: a text
    has hundreds of tokens, and a tuple is built in C (``_make_token``).
    """

    key: str
    start: int
    end: int
    fstart: int
    fend: int
    joinable: bool
    sentence_start: bool
    gap: str  # folded text between the previous token and this one


_NEWLINES = "\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85"
_SPACES = "\t\x1f\xa0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
_TABLE = str.maketrans(
    {
        "ё": "е",
        **{ch: "-" for ch in _DASHES},
        **{ch: '"' for ch in _DQUOTES},
        **{ch: "'" for ch in _SQUOTES},
        **{ch: "\n" for ch in _NEWLINES},
        **{ch: " " for ch in _SPACES},
    }
)
_SLOW = re.compile(
    "["
    + "".join(sorted(_DROP))
    + "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)


# the characters ``_TABLE`` replaces; ``str.translate`` with a dict looks every character up,
# which costs more than the rest of folding, so only the few that change are substituted
_TRANSLATED = re.compile("[" + "".join(sorted(re.escape(chr(c)) for c in _TABLE)) + "]")


def _translate(match: re.Match[str]) -> str:
    return _TABLE[ord(match.group())]


def fold_text(text: str) -> Folded:
    """Fold ``text`` for matching, keeping a map from folded to original offsets."""
    lowered = text.lower()
    if len(lowered) == len(text) and not _SLOW.search(text):
        # the common case: one folded character per original one; = lowered.translate(_TABLE),
        # and every space or line break is then " " or "\n" (the table has them all)
        return Folded(text, _TRANSLATED.sub(_translate, lowered), None)
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch in _DROP:
            continue
        if unicodedata.combining(ch):
            # и + combining breve is й; every other mark (stress, diaeresis) is dropped
            if ch == "\u0306" and out and out[-1] == "и":
                out[-1] = "й"
            continue
        if ch in _DASHES:
            lowered = "-"
        elif ch in _DQUOTES:
            lowered = '"'
        elif ch in _SQUOTES:
            lowered = "'"
        elif ch.isspace():
            lowered = "\n" if ch in _NEWLINES else " "
        else:
            lowered = ch.lower().replace("ё", "е")
        for piece in lowered:
            out.append(piece)
            offsets.append(i)
    return Folded(text, "".join(out), offsets)


def fold_lookalikes(word: str) -> str:
    """Fold Latin/Cyrillic look-alike letters of a mixed-script word into its main script."""
    if word.isascii():
        return word
    has_latin = _LATIN.search(word) is not None
    if not has_latin or _CYRILLIC.search(word) is None:
        return word
    cyr_only = sum(1 for ch in word if _CYRILLIC.match(ch) and ch not in _CYR_TO_LAT)
    lat_only = sum(1 for ch in word if _LATIN.match(ch) and ch not in _LAT_TO_CYR)
    if cyr_only >= lat_only:
        return "".join(_LAT_TO_CYR.get(ch, ch) for ch in word)
    return "".join(_CYR_TO_LAT.get(ch, ch) for ch in word)


def fold_word(word: str) -> str:
    """The matching key of one word, as ``tokenize`` computes it."""
    return fold_lookalikes(fold_text(word).text)


def _gap_joinable(gap: str, prev_key: str) -> bool:
    if not gap:
        return True
    marks = gap.replace(" ", "").replace("\n", "")
    if not marks:
        return True
    if gap.count("\n") > 1 or len(marks) > 2:
        return False
    if marks == ".":
        # Gulagu.net; "В. Осечкин" after an initial
        return gap == "." or len(prev_key) == 1 or prev_key in _ABBREVIATIONS
    return all(ch in "-\"'" for ch in marks) and marks.count("-") <= 1


def _opens_sentence(gap: str, prev_key: str) -> bool:
    if "\n" in gap:
        return True
    found = _SENTENCE_END.search(gap)
    if not found:
        return False
    if gap.strip() == ".":
        if gap == ".":
            return False  # inside a dotted name or a domain
        if len(prev_key) == 1 or prev_key in _ABBREVIATIONS:
            return False
    return True


# Token(*fields) without the Python-level constructor call
_make_token = cast("Callable[[Iterable[object]], Token]", partial(tuple.__new__, Token))


def tokenize(folded: Folded, vocabulary: Container[str] = ()) -> list[Token]:
    """Cut a folded text into tokens.

    A word hyphenated across a line break (``Мемо-\\nриал``) is joined back into one token when
    the joined word is in ``vocabulary`` and its first half is not.
    """
    return split_words(folded, vocabulary).tokens


class Words:
    """The tokens of one folded text as parallel lists, the ``Token`` objects built on demand.

    ``keys[i]``, ``gaps[i]`` and ``facts[i]`` (joinable, sentence_start) are what token ``i``
    holds; the matcher needs only these to run its automaton, and most texts name no CSO, so
    ``tokens`` (with the offsets) is built only when a hit is to be judged.
    """

    __slots__ = ("keys", "gaps", "facts", "lookalikes", "_parts", "_tokens")

    def __init__(
        self,
        keys: list[str],
        gaps: list[str],
        facts: list[tuple[bool, bool]],
        parts: list[str] | None = None,
        tokens: list[Token] | None = None,
    ) -> None:
        self.keys, self.gaps, self.facts = keys, gaps, facts
        self.lookalikes = True  # whether a key may differ from its word in the folded text
        self._parts = parts  # the split of a one-to-one folded text: gap, word, ..., gap
        self._tokens = tokens

    @classmethod
    def of(cls, tokens: list[Token]) -> Words:
        keys = [t.key for t in tokens]
        gaps = [t.gap for t in tokens]
        facts = [(t.joinable, t.sentence_start) for t in tokens]
        return cls(keys, gaps, facts, tokens=tokens)

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            parts = self._parts
            assert parts is not None
            if not self.keys:
                self._tokens = []
                return self._tokens
            bounds = list(accumulate(map(len, parts)))  # the offsets: identity folding
            starts, ends = bounds[0:-1:2], bounds[1::2]
            joinable, opens = zip(*self.facts, strict=True)
            keys, gaps = self.keys, self.gaps
            fields = zip(keys, starts, ends, starts, ends, joinable, opens, gaps, strict=True)
            self._tokens = list(map(_make_token, fields))
        return self._tokens


def split_words(folded: Folded, vocabulary: Container[str] = ()) -> Words:
    """``tokenize`` without building the tokens: a fast path for the common text (folded one
    to one, no word hyphenated across a line break), the general one for the rest."""
    text = folded.text
    if folded.offsets is not None or _WRAP_HYPHEN.search(text):
        return Words.of(_tokenize_general(folded, vocabulary))
    # one split gives the words and the gaps; [^\W_] is \w without "_", faster as \w
    parts = (_SPLIT_W if "_" not in text else _SPLIT).split(text)
    keys = parts[1::2]
    lookalikes = False
    if not text.isascii() and _LATIN.search(text):
        # a word mixing Latin and Cyrillic letters has its look-alikes folded
        non_ascii = [w for w in keys if not w.isascii()]
        if non_ascii and _LATIN.search(" ".join(non_ascii)):
            keys = [fold_lookalikes(w) for w in keys]
            lookalikes = True
    gaps = parts[0:-1:2]
    facts: list[tuple[bool, bool] | None] = list(map(_GAP_FACTS.get, gaps))
    at = 0
    for _ in range(facts.count(None)):  # gaps seen for the first time, and lone dots
        at = facts.index(None, at)
        facts[at] = _gap_facts(gaps[at], keys[at - 1] if at else "")
    if facts:
        facts[0] = (False, True)
    words = Words(keys, gaps, cast("list[tuple[bool, bool]]", facts), parts=parts)
    words.lookalikes = lookalikes
    return words


# a word may be hyphenated across a line break here (``_is_wrap_hyphen``)
_WRAP_HYPHEN = re.compile(r"-\s*\n")
_SPLIT = re.compile(r"([^\W_]+)")  # _WORD, keeping the gaps
_SPLIT_W = re.compile(r"(\w+)")
# (joinable, sentence_start) of a token by the gap before it: bounded memos shared by every
# text (the answers depend on nothing else; after a lone dot, also on the word before)
_MEMO_SIZE = 4096
_GAP_FACTS: dict[str, tuple[bool, bool]] = {" ": (True, False)}
_DOT_FACTS: dict[tuple[str, bool], tuple[bool, bool]] = {}  # by (gap, after an abbreviation)


def _gap_facts(gap: str, prev_key: str) -> tuple[bool, bool]:
    """(joinable, sentence_start) of a token after ``gap``, as ``_tokenize_general`` decides.

    Remembered by gap; after a lone dot the answer also depends on whether the word before is
    an initial or an abbreviation (``В. Осечкин``), so those are remembered by both."""
    if gap.strip(" \n") == ".":
        key = (gap, len(prev_key) == 1 or prev_key in _ABBREVIATIONS)
        found = _DOT_FACTS.get(key)
        if found is None:
            found = (_gap_joinable(gap, prev_key), _opens_sentence(gap, prev_key))
            if len(_DOT_FACTS) < _MEMO_SIZE:
                _DOT_FACTS[key] = found
        return found
    facts = (_gap_joinable(gap, prev_key), _opens_sentence(gap, prev_key))
    if len(gap) <= 8 and len(_GAP_FACTS) < _MEMO_SIZE:
        _GAP_FACTS[gap] = facts
    return facts


def _tokenize_general(folded: Folded, vocabulary: Container[str] = ()) -> list[Token]:
    tokens: list[Token] = []
    text = folded.text
    identity = folded.offsets is None
    prev_end = 0
    prev_key = ""
    for found in _WORD.finditer(text):
        fstart, fend = found.span()
        key = fold_lookalikes(found.group())
        gap = text[prev_end:fstart]
        source = fstart if folded.offsets is None else folded.offsets[fstart]
        lower_start = not folded.original[source].isupper()
        if tokens and lower_start and _is_wrap_hyphen(gap):
            joined = prev_key + key
            if joined in vocabulary and prev_key not in vocabulary:
                last = tokens[-1]
                start, end = folded.source_span(last.fstart, fend)
                tokens[-1] = last._replace(key=joined, start=start, end=end, fend=fend)
                prev_end, prev_key = fend, joined
                continue
        start, end = (fstart, fend) if identity else folded.source_span(fstart, fend)
        if not tokens:
            joinable, sentence_start = False, True
        elif gap == " ":
            joinable, sentence_start = True, False
        else:
            joinable = _gap_joinable(gap, prev_key)
            sentence_start = _opens_sentence(gap, prev_key)
        tokens.append(Token(key, start, end, fstart, fend, joinable, sentence_start, gap))
        prev_end, prev_key = fend, key
    return tokens


def _is_wrap_hyphen(gap: str) -> bool:
    return gap.startswith("-") and "\n" in gap and gap.replace("-", "", 1).isspace()
