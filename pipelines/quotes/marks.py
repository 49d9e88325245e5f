"""Finding the quoted stretches of a text: quotation marks, dialogue dashes, paragraph runs.

This module knows nothing about speakers. It turns a list of paragraphs into ``Span`` objects:
the text between a pair of marks (possibly over several paragraphs), or one turn of a Russian
dialogue-dash paragraph. One left-to-right pass per paragraph with a small stack, so the cost is
linear in the text length.

Marks understood (a ``Span`` is only made for the outermost pair; inner pairs are content):

- English ``“…”`` with ``‘…’`` inside, straight ``"…"`` (opening/closing told apart by the
  characters around it), top-level ``‘…’`` (a ``’`` followed by a letter is an apostrophe);
- Russian ``«…»`` (nesting counted) with ``„…“`` inside, and ``„…“`` / ``„…”`` as outer marks;
- a paragraph whose opening mark is never closed continues in the next paragraph when that one
  opens with a mark again (the newspaper convention) or closes a mark it never opened;
- Russian dialogue dashes: ``— Мы не уйдём, — сказал он. — Это наш город.`` gives two turns;
  each turn's text runs up to the ``, —`` (or ``! —``, ``? —``) before the author's words, and the
  author's words are kept in ``Span.attribution``. The same split is applied to author's words
  inside one pair of guillemets: ``«Мы не уйдём, — сказал он, — пока нас не выгонят»``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

DASHES = "—–"
_CLOSERS = {"«": "»", "“": "”", "„": "“”", "‘": "’", '"': '"'}
_DOUBLE_FAMILY = {"«": "«", "“": "“„", "„": "„“", '"': '"'}
# an author's-words break inside a turn: ", — сказал он" (after , ! ? … and before lowercase)
_AUTHOR_BREAK = re.compile(r"(?:(?P<p>[!?…]+|\.\.\.)|,)\s+[—–-]\s+(?=[a-zа-яё])")
# the end of the author's words: ", — " (same sentence goes on) or ". — " (a new sentence)
_AUTHOR_END = re.compile(r"(?P<sep>[,.:])\s+[—–-]\s+")
# open marks searched for the one a closing mark closes: real nesting is two or three deep, and a
# text of nothing but opening marks must not make every closing mark scan them all
MAX_NESTING = 16
_DASH_START = re.compile(r"^\s*[—–]\s*|^\s*-\s+")


@dataclass
class Segment:
    """Content offsets ``[start, end)`` of one piece of a quote inside paragraph ``para``."""

    para: int
    start: int
    end: int


@dataclass
class Span:
    """One quoted stretch (before it is judged a quote, a partial quote or a decoy)."""

    segments: list[Segment]
    opener: str  # the opening mark, or "—" for a dialogue-dash turn
    closed: bool = True
    attribution: str | None = None  # author's words split off a dash turn / a guillemet pair
    attribution_sep: str | None = None  # "," when the sentence goes on after them, "." when not
    merged_with_next: bool = False
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def para(self) -> int:
        return self.segments[0].para

    @property
    def last_para(self) -> int:
        return self.segments[-1].para

    @property
    def start(self) -> int:
        return self.segments[0].start

    @property
    def end(self) -> int:
        return self.segments[-1].end

    def text(self, paragraphs: list[str]) -> str:
        parts = [paragraphs[s.para][s.start : s.end].strip() for s in self.segments]
        return " ".join(p for p in parts if p)


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _straight_opens(text: str, i: int) -> bool:
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev.isspace() or prev in "([{/:—–-«“„‘") and not nxt.isspace()


def _straight_closes(text: str, i: int) -> bool:
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return not prev.isspace() and not _is_word(nxt)


def scan_paragraph(text: str) -> tuple[list[tuple[int, int, str, bool]], list[int]]:
    """Top-level marked stretches of one paragraph and the positions of stray closing marks.

    Returns ``([(start, end, opener, closed), …], stray_closers)``; offsets are of the content.
    An unclosed stretch ends at the paragraph's end with ``closed`` False.
    """
    found: list[tuple[int, int, str, bool]] = []
    stray: list[int] = []
    stack: list[tuple[str, int]] = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch not in '«»“”„‘’"':
            continue
        if stack:
            closed_at = _closing_index(stack, text, i, ch)
            if closed_at is not None:
                opener, pos = stack[closed_at]
                del stack[closed_at:]
                if not stack:
                    found.append((pos + 1, i, opener, True))
                continue
        if (
            ch in "«“„"
            or (ch == "‘" and i + 1 < n and not (i and _is_word(text[i - 1])))
            or ch == '"'
            and _straight_opens(text, i)
        ):
            stack.append((ch, i))
        elif not stack and ch in "»”":
            stray.append(i)
    if stack:
        opener, pos = stack[0]
        found.append((pos + 1, n, opener, False))
    return found, stray


def _closing_index(stack: list[tuple[str, int]], text: str, i: int, ch: str) -> int | None:
    """Index in the stack of the open mark that ``ch`` at ``i`` closes, or None."""
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch == "’" and _is_word(nxt):
        return None  # an apostrophe: don’t, group’s
    if ch == '"' and not _straight_closes(text, i) and stack[-1][0] != '"':
        return None
    if ch == "“" and stack[-1][0] in "“«‘":
        return None  # an opening English mark nested inside
    for k in range(len(stack) - 1, max(-1, len(stack) - 1 - MAX_NESTING), -1):
        if ch in _CLOSERS[stack[k][0]]:
            return k
    return None


IsAttribution = Callable[[str], bool]


def _split_author_words(
    para: int, start: int, end: int, text: str, is_attr: IsAttribution
) -> list[Span] | None:
    """Split ``— A, — сказал он, — B`` inside [start, end) into turns; None when there is none.

    One left-to-right pass (no recursion, no copies of the rest of the text), so a long run of
    turns or an unclosed mark over a whole document costs time linear in its length.
    """
    pieces: list[Span] = []
    pos = start
    while True:
        m = next(
            (
                m
                for m in _AUTHOR_BREAK.finditer(text, pos, end)
                if is_attr(text[m.end() : min(end, m.end() + 80)])
            ),
            None,
        )
        attribution = ""
        e = None
        if m:
            e = _AUTHOR_END.search(text, m.end(), end)
            attr_end = e.start() if e else end
            attribution = text[m.end() : attr_end].strip().rstrip(".")
        if not m or len(attribution.split()) > 14:
            if not pieces:
                return None
            pieces.append(Span([Segment(para, pos, end)], "—"))
            break
        q_end = m.start() + (len(m.group("p")) if m.group("p") else 0)
        piece = Span([Segment(para, pos, q_end)], "—", attribution=attribution)
        pieces.append(piece)
        if not e:
            break
        piece.attribution_sep = "," if e.group("sep") == "," else "."
        pos = e.end()
    # a piece whose author's words end with ", — " goes on in the next piece (one quote)
    out: list[Span] = []
    for piece in pieces:
        if out and out[-1].attribution_sep == ",":
            out[-1].segments.extend(piece.segments)
            out[-1].attribution_sep = piece.attribution_sep
        else:
            out.append(piece)
    return out


def dialogue_turns(para: int, text: str, is_attr: IsAttribution) -> list[Span]:
    """The quoted turns of a Russian dialogue-dash paragraph (empty when it is not one)."""
    m = _DASH_START.match(text)
    if not m:
        return []
    start = m.end()
    end = len(text.rstrip())
    turns = _split_author_words(para, start, end, text, is_attr)
    if turns is None:
        return [Span([Segment(para, start, end)], "—")]
    return turns


def find_spans(paragraphs: list[str], is_attr: IsAttribution | None = None) -> list[Span]:
    """All top-level quoted stretches of a document, in reading order.

    ``is_attr`` tells whether a text starts with an author's words (``сказал он``); it switches on
    dialogue-dash turns and the splitting of author's words inside guillemets (Russian).
    """
    per_para: list[list[tuple[int, int, str, bool]]] = []
    strays: list[list[int]] = []
    for text in paragraphs:
        spans, stray = scan_paragraph(text)
        per_para.append(spans)
        strays.append(stray)
    result: list[Span] = []
    consumed: set[tuple[int, int]] = set()
    for p, spans in enumerate(per_para):
        turns = dialogue_turns(p, paragraphs[p], is_attr) if is_attr else []
        for s_start, s_end, opener, closed in spans:
            if (p, s_start) in consumed or any(_inside(t, p, s_start) for t in turns):
                continue
            span = Span([Segment(p, s_start, s_end)], opener, closed)
            if not closed:
                _continue_over_paragraphs(span, paragraphs, per_para, strays, consumed)
            result.extend(_split_guillemet_author(span, paragraphs, is_attr))
        result.extend(turns)
    result.sort(key=lambda s: (s.para, s.start))
    return result


def _inside(turn: Span, para: int, pos: int) -> bool:
    return any(seg.para == para and seg.start <= pos < seg.end for seg in turn.segments)


def _continue_over_paragraphs(
    span: Span,
    paragraphs: list[str],
    per_para: list[list[tuple[int, int, str, bool]]],
    strays: list[list[int]],
    consumed: set[tuple[int, int]],
) -> None:
    """Extend an unclosed span into the following paragraphs (while they continue it)."""
    p = span.last_para
    family = _DOUBLE_FAMILY.get(span.opener, span.opener)
    while not span.closed and p + 1 < len(paragraphs):
        nxt = paragraphs[p + 1]
        lead = len(nxt) - len(nxt.lstrip())
        first = per_para[p + 1][0] if per_para[p + 1] else None
        if first and first[0] == lead + 1 and nxt[lead] in family:
            span.segments.append(Segment(p + 1, first[0], first[1]))
            span.closed = first[3]
            consumed.add((p + 1, first[0]))
        elif strays[p + 1] and (not first or strays[p + 1][0] < first[0]):
            span.segments.append(Segment(p + 1, lead, strays[p + 1][0]))
            span.closed = True
        else:
            return
        p += 1


def _split_guillemet_author(
    span: Span, paragraphs: list[str], is_attr: IsAttribution | None
) -> list[Span]:
    """«A, — сказал он, — B» → one span with the author's words split off (Russian style)."""
    if is_attr is None or span.opener not in "«„" or len(span.segments) != 1:
        return [span]
    seg = span.segments[0]
    parts = _split_author_words(seg.para, seg.start, seg.end, paragraphs[seg.para], is_attr)
    if not parts:
        return [span]
    for part in parts:
        part.opener = span.opener
        part.extra["inside_marks"] = True
    return parts
