"""Who counts as the CSO speaking, and which quotes are excerpt options for its clipping (pure).

A quote is the CSO's when its speaker is the CSO itself (a statement) or one of its key people
(``speaker_is_cso``: the rule behind the excerpt options here and the desk's ranking). A quote
is an excerpt option on the CSO's clipping when it is the CSO's, or when it sits in or beside a
paragraph that mentions the CSO. The lead counts as the paragraph before the first body
paragraph; a mention in the title alone makes no paragraph relevant.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pipelines.types import Quote

_WORD = re.compile(r"\w+")


def _fold(name: str) -> str:
    return " ".join(name.casefold().replace("ё", "е").replace(".", " ").split())


def speaker_names(cso: Mapping[str, Any]) -> set[str]:
    """Folded names that identify the CSO or one of its people as a speaker: its id, name and
    aliases and every name variant of its people (``cso`` shaped like a registry entry)."""
    names = {cso.get("name", ""), cso.get("id", "")}
    for alias_list in (cso.get("aliases") or {}).values():
        names.update(alias_list or [])
    for person in cso.get("people") or []:
        variants = person.get("names", []) if isinstance(person, dict) else person
        names.update(variants or [])
    return {_fold(n) for n in names if n}


def speaker_is_cso(speaker: str | None, names: Iterable[str]) -> bool:
    """Whether a quote's speaker is the CSO or one of its people; ``names`` as ``speaker_names``.

    Speaker and names are compared folded (case, ё/е, dots as spaces). A name matches when the
    speaker contains it ("OVD-Info co-founder Grigory Okhotin"), or, for a name of several
    words, when its surname (the last word) is a word of the speaker: a surname of more than two
    letters alone ("Okhotin", "OVD-Info's Grigory Okhotin"), a shorter one with the same first
    initial ("Y. Li" for "Yuri Li").
    """
    if not speaker:
        return False
    spoken = _fold(speaker)
    spoken_words = _WORD.findall(spoken)
    for name in names:
        folded = _fold(name)
        if not folded:
            continue
        if folded in spoken:
            return True
        words = _WORD.findall(folded)
        surname = words[-1] if len(words) > 1 else ""
        if surname in spoken_words and (len(surname) > 2 or spoken_words[0][0] == words[0][0]):
            return True
    return False


def mention_paragraphs(mentions: Iterable[Any]) -> set[int]:
    """Body paragraph indexes with a mention; the lead is paragraph -1."""
    out: set[int] = set()
    for m in mentions:
        if m.field == "body" and m.paragraph is not None:
            out.add(m.paragraph)
        elif m.field == "lead":
            out.add(-1)
    return out


def quotes_for_cso(
    quotes: Sequence[Quote], mentions: Iterable[Any], cso: Mapping[str, Any]
) -> list[Quote]:
    """The quotes worth offering as excerpts on this CSO's clipping, in article order."""
    near: set[int] = set()
    for p in mention_paragraphs(mentions):
        near.update((p - 1, p, p + 1))
    names = speaker_names(cso)
    return [
        q
        for q in quotes
        if speaker_is_cso(q.speaker, names)
        or any(p in near for p in (q.paragraphs or [q.paragraph]))
    ]
