"""Text plumbing for the quote finder: masking quotes, sentences, tokens, a quote's context.

A quote's *left context* is its sentence up to the opening mark; its *right context* runs from the
closing mark to the end of that sentence (or to the next quote that starts after a comma, colon
or dash). Sentences are found on a masked copy of the paragraph where quote contents are
blanked, so a full stop inside a quote never ends the surrounding sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from pipelines.quotes.marks import Segment, Span


def words(text: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string (keeps rule tables compact)."""
    return frozenset(text.split())


_ABBREV = words(
    """mr mrs ms dr st jr sr gen col lt prof no vs etc inc co corp sen rep gov u.s e.g i.e г гг
    ул им т д п ст см тыс млн млрд руб пр проф акад"""
)
_BOUNDARY = re.compile(r"[.!?…]+[\"”»’)]*\s+(?=[«“\"„‘(—–A-ZА-ЯЁ0-9])")
_TOKEN = re.compile(r"\w+(?:[’'\-.]\w+)*(?:[’']s?)?|[^\w\s]", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile(r"\s*")


@dataclass
class Tok:
    """A token of a context: a word ``w``, punctuation ``p`` or a quoted stretch ``q``."""

    text: str
    kind: str
    start: int
    long: bool = False  # for ``q``: the quoted stretch looks like speech (4+ words)

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_cap(self) -> bool:
        return self.kind == "w" and self.text[:1].isupper()


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def masked_paragraph(text: str, spans: list[Span], para: int) -> str:
    """The paragraph with quote contents blanked (final ``.!?…`` kept), same length."""
    segs = [seg for span in spans for seg in span.segments if seg.para == para]
    return _mask(text, segs)


def _mask(text: str, segs: list[Segment]) -> str:
    chars = list(text)
    for seg in segs:
        for i in range(seg.start, seg.end):
            if not chars[i].isspace():
                chars[i] = "x"
        tail = text[seg.start : seg.end].rstrip()
        if tail and tail[-1] in ".!?…":
            chars[seg.start + len(tail) - 1] = tail[-1]
    return "".join(chars)


def sentence_starts(masked: str) -> list[int]:
    """Offsets where sentences start (always including 0)."""
    starts = [0]
    for m in _BOUNDARY.finditer(masked):
        before = masked[max(0, m.start() - 80) : m.start()].rstrip()  # the word before only
        word = before.rsplit(None, 1)[-1] if before else ""
        word = word.lstrip('(«“"„‘').lower()
        if word in _ABBREV or (len(word) == 1 and word.isalpha()):
            continue
        starts.append(m.end())
    return starts


def tokenize(
    text: str,
    start: int,
    end: int,
    spans: list[tuple[int, int, bool]],
    qsource: str | None = None,
) -> list[Tok]:
    """Tokens of ``text[start:end]``; each quoted stretch ``(open, close, long)`` is one token.

    ``open``/``close`` are the offsets of the marks themselves (close exclusive), ``spans``
    sorted by ``open``; the content of a quoted token is read from ``qsource`` when given (the
    unmasked paragraph).
    """
    source = text if qsource is None else qsource
    toks: list[Tok] = []
    pos = start
    lo = max(0, bisect_left(spans, (start, -1, False)) - 1)
    hi = bisect_left(spans, (end, -1, False))
    for q_open, q_close, is_long in spans[lo:hi]:
        if q_close <= start or q_open >= end:
            continue
        toks.extend(_plain(text, pos, max(pos, q_open)))
        content = source[q_open + 1 : q_close - 1].strip() if q_close - q_open > 1 else ""
        toks.append(Tok(content, "q", q_open, is_long))
        pos = max(pos, q_close)
    toks.extend(_plain(text, pos, end))
    return toks


def _plain(text: str, start: int, end: int) -> list[Tok]:
    return [
        Tok(m.group(), "w" if m.group()[0].isalnum() else "p", start + m.start())
        for m in _TOKEN.finditer(text[start:end])
    ]


@dataclass
class Context:
    """The left and right contexts of a span and what delimits them."""

    left: list[Tok]
    right: list[Tok]
    left_text: str
    right_text: str
    sentence_start: bool  # nothing but space before the opening mark in its sentence


MAX_CONTEXT = 400  # characters of context kept on either side of a quote
# quoted stretches kept on either side: text of nothing but marked words stays linear
MAX_MARKS = 12


class Layout:
    """Per-document precomputation: masked paragraphs, sentence starts, mark positions."""

    def __init__(self, paragraphs: list[str], spans: list[Span]) -> None:
        self.paragraphs = paragraphs
        self.spans = spans
        by_para: list[list[Segment]] = [[] for _ in paragraphs]
        for span in spans:
            for seg in span.segments:
                by_para[seg.para].append(seg)
        self.masked = [_mask(t, by_para[i]) for i, t in enumerate(paragraphs)]
        self.starts = [sentence_starts(m) for m in self.masked]
        self.marks: list[list[tuple[int, int, bool]]] = [[] for _ in paragraphs]
        for span in spans:
            if span.opener == "—":
                continue
            is_long = word_count(span.text(paragraphs)) >= 4  # once a span, not a segment
            for seg in span.segments:
                text = paragraphs[seg.para]
                close = seg.end + 1 if seg.end < len(text) else seg.end
                self.marks[seg.para].append((seg.start - 1, close, is_long))
        for marks in self.marks:
            marks.sort()

    def context(self, span: Span) -> Context:
        first, last = span.segments[0], span.segments[-1]
        text = self.paragraphs[first.para]
        opens_marks = first.start > 0 and text[first.start - 1] in '«„“"‘'
        if (span.opener == "—" and "inside_marks" not in span.extra) or (
            "inside_marks" in span.extra and not opens_marks
        ):
            left_from = left_to = 0
        else:
            left_to = max(0, first.start - 1)
            starts = self.starts[first.para]
            left_from = starts[max(0, bisect_right(starts, left_to) - 1)]
            if left_to - left_from > MAX_CONTEXT:  # a run-on "sentence": keep the nearest words
                cut = text.find(" ", left_to - MAX_CONTEXT, left_to)
                left_from = cut + 1 if cut >= 0 else left_to
            marks = self.marks[first.para]
            k = bisect_left(marks, (left_to, -1, False))
            if k - MAX_MARKS > 0 and marks[k - MAX_MARKS][0] > left_from:
                left_from = marks[k - MAX_MARKS][0]  # a list of marked words: the nearest ones
        left = tokenize(text, left_from, left_to, self.marks[first.para])
        left_text = text[left_from:left_to]
        rtext = self.paragraphs[last.para]
        r_from = min(len(rtext), last.end + (0 if span.opener == "—" else 1))
        r_to = self._right_end(last.para, r_from)
        right = tokenize(rtext, r_from, r_to, self.marks[last.para])
        return Context(left, right, left_text, rtext[r_from:r_to], not left_text.strip())

    def _right_end(self, para: int, r_from: int) -> int:
        text = self.paragraphs[para]
        nonspace = _SPACES.match(text, r_from).end()  # type: ignore[union-attr]
        starts = self.starts[para]
        k = bisect_right(starts, nonspace)
        end = min(starts[k] if k < len(starts) else len(text), r_from + MAX_CONTEXT)
        marks = self.marks[para]
        first = bisect_right(marks, (r_from, len(text), True))
        if first + MAX_MARKS < len(marks):
            end = min(end, marks[first + MAX_MARKS][0])
        for q_open, _close, is_long in marks[first : first + MAX_MARKS + 1]:  # no copy of all
            if q_open >= end:
                break
            if r_from < q_open:
                before = text[r_from:q_open].rstrip()
                if is_long or before.endswith((",", ":", "—", "–")):
                    end = q_open
                    break
        return end
