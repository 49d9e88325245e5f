"""Which of an article's quotes are excerpt options for a CSO's clipping (pure).

A quote qualifies when its speaker is one of the CSO's key people or the CSO itself (a
statement), or when it sits in or beside a paragraph that mentions the CSO. The lead counts as
the paragraph before the first body paragraph; a mention in the title alone makes no paragraph
relevant.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pipelines.types import Quote


def _fold(name: str) -> str:
    return " ".join(name.casefold().replace("ё", "е").replace(".", " ").split())


def speaker_names(cso: dict[str, Any]) -> set[str]:
    """Folded names that identify the CSO or one of its people as a speaker."""
    names = {cso.get("name", ""), cso.get("id", "")}
    for alias_list in (cso.get("aliases") or {}).values():
        names.update(alias_list or [])
    for person in cso.get("people") or []:
        variants = person.get("names", []) if isinstance(person, dict) else person
        names.update(variants or [])
    return {_fold(n) for n in names if n}


def _is_cso_speaker(speaker: str | None, names: set[str]) -> bool:
    if not speaker:
        return False
    folded = _fold(speaker)
    if folded in names:
        return True
    # "Vladimir Osechkin" given as "Osechkin" elsewhere, or with a middle name
    words = folded.split()
    return any(
        len(n.split()) > 1 and (n.split()[-1] == words[-1] and n.split()[0][0] == words[0][0])
        for n in names
    )


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
    quotes: Sequence[Quote], mentions: Iterable[Any], cso: dict[str, Any]
) -> list[Quote]:
    """The quotes worth offering as excerpts on this CSO's clipping, in article order."""
    near = set()
    for p in mention_paragraphs(mentions):
        near.update((p - 1, p, p + 1))
    names = speaker_names(cso)
    return [
        q
        for q in quotes
        if _is_cso_speaker(q.speaker, names)
        or any(p in near for p in (q.paragraphs or [q.paragraph]))
    ]
