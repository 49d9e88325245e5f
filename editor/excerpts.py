"""House typography for excerpts: quotation marks, cuts and sentence picks.

Pure string functions, used by the digest renderer (``editor.digest``) and the editors' desk.
Sentences are split by ``pipelines.sentences``.

The rules (English house text):

- Direct quotes stand in “ ”; a quote inside a quote in ‘ ’ (and “ ” again one level deeper).
  Straight quotes are turned into curly ones by context (an opening mark follows the start of
  the text, a space or an opening bracket/dash); a double quote nested inside another double
  quote becomes ‘ ’, whether it was typed straight or curly.
- A straight apostrophe becomes ’ (``activists’``, ``don’t``, ``’90s``).
- Russian quotation marks are kept as they are: « » and „ “ are never rewritten. With
  ``language="ru"`` straight double quotes become « » (nested: „ “).
- A cut is marked ``[…]``: between kept spans, and at the start or end when text is left out
  there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipelines.sentences import sentence_spans

CUT = "[…]"

_OPENING_CONTEXT = set("([{<—–-/\u00a0“‘«„")
_DOUBLES = '"“”'
_SINGLES = "'‘’"
# the marks a nested double quote takes, by the closing mark of the quote around it
_NESTED_DOUBLE = {"”": ("‘", "’"), "’": ("“", "”"), "»": ("„", "“"), "“": ("‘", "’")}
_TOP_DOUBLE = {"en": ("“", "”"), "ru": ("«", "»")}
_DECADE = re.compile(r"\d\d(?:s\b|\b)")


def normalise_quotes(text: str, language: str = "en") -> str:
    """Return ``text`` with house quotation marks and apostrophes (see the module docstring).

    Idempotent: text already in house style comes back unchanged. A line break ends every open
    quote (a quote running over paragraphs opens again in each).
    """
    top_open, top_close = _TOP_DOUBLE.get(language, _TOP_DOUBLE["en"])
    out: list[str] = []
    # open quotes, innermost last: (kind, closing mark); kind is "double" or "single"
    stack: list[tuple[str, str]] = []
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch == "\n":
            stack.clear()
            out.append(ch)
        elif ch in "«„":
            stack.append(("double", "»" if ch == "«" else "“"))
            out.append(ch)
        elif ch == "»":
            _close(stack, "double")
            out.append(ch)
        elif ch in _DOUBLES:
            closes_low = ch == "“" and bool(stack) and stack[-1] == ("double", "“")
            opening = (ch == "“" and not closes_low) or (ch == '"' and _opens(prev))
            if opening:
                if stack:
                    mark, closing = _NESTED_DOUBLE.get(stack[-1][1], (top_open, top_close))
                else:
                    mark, closing = top_open, top_close
                stack.append(("double", closing))
                out.append(mark)
            else:
                out.append(_close(stack, "double") or "”")
        elif ch in _SINGLES:
            out.append(_single(ch, prev, nxt, text[i + 1 :], stack))
        else:
            out.append(ch)
    return "".join(out)


def _opens(prev: str) -> bool:
    return not prev or prev.isspace() or prev in _OPENING_CONTEXT


def _single(ch: str, prev: str, nxt: str, rest: str, stack: list[tuple[str, str]]) -> str:
    if ch == "‘" or (ch == "'" and _opens(prev) and nxt and not nxt.isspace()):
        if ch == "'" and _DECADE.match(rest):  # '90s
            return "’"
        stack.append(("single", "’"))
        return "‘"
    if prev.isalnum() and nxt.isalnum():  # don't, activist’s
        return "’"
    _close(stack, "single")  # a closing mark, or an apostrophe after a word (activists’)
    return "’"


def _close(stack: list[tuple[str, str]], kind: str) -> str | None:
    """Close the innermost open quote of ``kind`` (and anything opened inside it)."""
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][0] == kind:
            closing = stack[depth][1]
            del stack[depth:]
            return closing
    return None


def quote_excerpt(text: str, speaker: str | None = None, language: str = "en") -> str:
    """Render a picked direct quote as an excerpt.

    ``text`` is what stands between the quotation marks (``Quote.text``); marks around it are
    dropped. Without a speaker: ``“<text>”``. With one, the house attribution:
    ``“<text>,” <speaker> said.`` (the comma is left out after ``?``, ``!`` or ``…``; a final
    full stop becomes the comma). Quotes inside the text get ‘ ’. A Russian quote
    (``language="ru"``) keeps Russian marks: ``«<text>», <speaker> said.``
    """
    body = " ".join(text.split())
    while len(body) >= 2 and body[0] in "\"“«„'‘" and body[-1] in "\"”»“'’":
        body = body[1:-1].strip()
    if not body:
        raise ValueError("quote_excerpt: the quote is empty")
    opening, closing = _TOP_DOUBLE["ru" if language == "ru" else "en"]
    if speaker and speaker.strip():
        if body[-1] == ".":
            body = body[:-1]
        if language == "ru":
            tail = f"{closing}, " if body[-1] not in "?!…" else f"{closing} "
        else:
            tail = f",{closing} " if body[-1] not in "?!…" else f"{closing} "
        quoted = f"{opening}{body}{tail}{' '.join(speaker.split())} said."
    else:
        quoted = f"{opening}{body}{closing}"
    return normalise_quotes(quoted, language)


def cut(text: str, keep_spans: Iterable[tuple[int, int]]) -> str:
    """Keep ``text[start:end]`` for each span, joined by `` […] ``; mark cut ends with ``[…]``.

    Spans may come in any order and may overlap; spans separated only by whitespace are joined
    without a mark. Whitespace at the edges of kept pieces is dropped. A text cut at neither end
    comes back unchanged (stripped).
    """
    spans = sorted(keep_spans)
    if not spans:
        raise ValueError("cut: at least one span must be kept")
    for start, end in spans:
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"cut: span ({start}, {end}) is outside the text (0, {len(text)})")
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces = [" ".join(text[s:e].split()) for s, e in merged]
    result = f" {CUT} ".join(p for p in pieces if p)
    if text[: merged[0][0]].strip():
        result = f"{CUT} {result}"
    if text[merged[-1][1] :].strip():
        result = f"{result} {CUT}"
    return result


def sentence_excerpt(paragraph: str, start: int, end: int) -> str:
    """The whole sentence(s) of ``paragraph`` containing ``paragraph[start:end]``.

    The picked sentences are marked with ``[…]`` where the paragraph goes on before or after
    them, as the house format shows a picked quote: ``“We will keep working,” the group's
    director said. […]``.
    """
    if not 0 <= start <= end <= len(paragraph):
        raise ValueError(f"sentence_excerpt: span ({start}, {end}) is outside the paragraph")
    spans = sentence_spans(paragraph)
    # each sentence owns the whitespace after it, so every offset falls in exactly one sentence
    owned = [
        (s, spans[i + 1][0] if i + 1 < len(spans) else len(paragraph) + 1)
        for i, (s, _) in enumerate(spans)
    ]
    first = next(i for i, (s, e) in enumerate(owned) if s <= start < e)
    last = max(first, next(i for i, (s, e) in enumerate(owned) if s <= max(start, end - 1) < e))
    return cut(paragraph, [(spans[first][0], spans[last][1])])
