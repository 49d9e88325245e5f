"""Where sentences begin and end in one paragraph of English or Russian news text (pure).

    sentence_spans(text) -> [(start, end), ...]    every sentence, in order
    sentence_bounds(text, start, end) -> (s, e)    the sentence(s) holding text[start:end]
    sentence_around(text, start, end) -> str       the same sentence(s) as text, stripped

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (plus closing quotes or brackets) before
whitespace and a capital letter, a digit or an opening mark. A full stop after a title or month
abbreviation (Mr., Dr., Sept., ул., г.) or a single capital initial (V. Putin, В. Путин) ends
nothing. The spans leave out the whitespace between sentences.
"""

from __future__ import annotations

import re

# a sentence ends at . ! ? or … (plus closing marks) before a space and a capital, digit or an
# opening mark
_BOUNDARY = re.compile(r"[.!?…][”’»\"')\]]*(\s+)(?=[“‘«„\"'(\[]?[A-ZА-ЯЁ0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|No|vs|etc|approx|"
    r"Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|ул|г|им)|\b[A-ZА-ЯЁ])\.$"
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of each sentence in ``text``, in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _ABBREVIATION.search(text[: match.start() + 1]):
            continue  # Mr. Osechkin, V. Putin
        spans.append((start, match.start(1)))
        start = match.end(1)
    spans.append((start, len(text)))
    return spans


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of the sentence(s) of ``text`` holding ``text[start:end]`` (offsets outside
    the text are moved to its edges)."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    spans = sentence_spans(text)
    first = max((s for s, _ in spans if s <= start), default=0)
    last = min((e for _, e in spans if e >= end), default=len(text))
    return first, last


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) of ``text`` holding ``text[start:end]``, stripped."""
    first, last = sentence_bounds(text, start, end)
    return text[first:last].strip()
