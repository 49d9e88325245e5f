"""English: collecting the people and organisations an article names, with their roles.

``Anna Petrova, a lawyer for OVD-Info`` / ``the group's founder, Lev Ponomarenko`` / ``lawyer
Ilya Nozdrin`` / ``Petrova, who heads the group`` give the person a role (``lawyer``, ``founder``,
``head``) that ``the group's founder said`` is later resolved by. Names inside quotes are masked.
"""

from __future__ import annotations

import re

from pipelines.quotes_en import gender_of, is_org, looks_person, name_runs, possessive, role_words
from pipelines.quotes_en_words import _HONORIFIC, GROUP_WORDS, STATE_WORDS
from pipelines.quotes_people import Registry
from pipelines.quotes_text import Layout, Tok, tokenize


def collect(paragraphs: list[str], layout: Layout, registry: Registry) -> None:
    """Put every person the article names (with roles) into the registry, in reading order."""
    for p, masked in enumerate(layout.masked):
        toks = tokenize(masked, 0, len(masked), [])
        for i, j in name_runs(toks):
            words = [t.text for t in toks[i:j] if t.low not in _HONORIFIC]
            if not words or toks[i].low in _HONORIFIC and not words:
                continue
            honor = (i and toks[i - 1].low in _HONORIFIC) or toks[i].low in _HONORIFIC
            before = role_words([t.low for t in toks[max(0, i - 4) : i]])
            if is_org(words):
                after_told = i and toks[i - 1].low in {"told", "tells", "the"} and i > 1
                if _group_context(toks, i, j) or not (after_told or _state_body(words)):
                    registry.add(
                        " ".join(words).removeprefix("The "), (p, toks[i].start), is_org=True
                    )
                continue
            known = len(words) == 1 and registry.full_name(words[0], (p, toks[i].start))[1]
            person = honor or before or looks_person(words)
            if not known and (not person or (toks[i].start == 0 and len(words) == 1)):
                continue
            name = " ".join(words)
            roles = before | _roles_after(paragraphs[p], toks[j - 1].start + len(toks[j - 1].text))
            registry.add(name, (p, toks[i].start), gender=gender_of(name), roles=roles)


_APPOS = re.compile(
    r"\s*,\s*(?:a|an|the|his|her|its|their|[A-Z][\w.-]*(?:'s|’s))\s+([^,.;:]{0,60})"
)
_WHO = re.compile(r"\s*,\s*who\s+(heads|founded|co-founded|leads|runs|directs|chairs)\b")
_WHO_ROLE = {"heads": "head", "founded": "founder", "co-founded": "co-founder", "leads": "leader",
             "runs": "head", "directs": "director", "chairs": "chair"}  # fmt: skip


def _roles_after(text: str, at: int) -> set[str]:
    m = _APPOS.match(text, at)
    if m:
        return role_words(re.findall(r"[\w-]+", m.group(1).lower()))
    m = _WHO.match(text, at)
    return {_WHO_ROLE[m.group(1)]} if m else set()


def _state_body(words_: list[str]) -> bool:
    return bool({w.lower() for w in words_} & STATE_WORDS)


def _group_context(toks: list[Tok], i: int, j: int) -> bool:
    window = {t.low for t in toks[max(0, i - 3) : min(len(toks), j + 4)]}
    return bool(window & GROUP_WORDS) or (j < len(toks) and possessive(toks[j - 1].text))
