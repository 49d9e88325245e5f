"""English: collecting the people and organisations an article names, with their roles.

``Anna Petrova, a lawyer for OVD-Info`` / ``the group's founder, Lev Ponomarenko`` / ``lawyer
Ilya Nozdrin`` / ``Petrova, who heads the group`` give the person a role (``lawyer``, ``founder``,
``head``) that ``the group's founder said`` is later resolved by. Names inside quotes are masked.
"""

from __future__ import annotations

import re

from pipelines.quotes.en import (
    gender_of,
    is_org,
    looks_person,
    name_runs,
    possessive,
    role_words,
)
from pipelines.quotes.en_words import _HONORIFIC, GROUP_WORDS, RUN_PREPS, STATE_WORDS
from pipelines.quotes.people import Registry
from pipelines.quotes.text import Layout, Tok, tokenize


def collect(paragraphs: list[str], layout: Layout, registry: Registry) -> None:
    """Put every person the article names (with roles) into the registry, in reading order."""
    for p, masked in enumerate(layout.masked):
        toks = tokenize(masked, 0, len(masked), [])
        for i, j in name_runs(toks, after_preps=True):
            words = [t.text for t in toks[i:j] if t.low not in _HONORIFIC]
            if not words or toks[i].low in _HONORIFIC and not words:
                continue
            after_prep = i and toks[i - 1].low in RUN_PREPS
            honor = (i and toks[i - 1].low in _HONORIFIC) or toks[i].low in _HONORIFIC
            window = [t.low for t in toks[max(0, i - 4) : i]]
            # not "her colleague at the Agora group", not "the lawyer who founded Team 29"
            cut = max(
                (k + 1 for k, w in enumerate(window) if w in RUN_PREPS or w in _CLAUSE_WORDS),
                default=0,
            )
            before = role_words(window[cut:])  # not "her colleague at the Agora group"
            group_next = len(words) == 1 and any(t.low in GROUP_WORDS for t in toks[j : j + 2])
            if after_prep and (is_org(words) or group_next or not _named_person(words)):
                continue  # "a report by Amnesty": only people are collected after prepositions
            if is_org(words) or group_next:
                after_told = i and toks[i - 1].low in {"told", "tells", "the"} and i > 1
                # not a referent of "the group said": state bodies, "told the Moscow Times"
                hidden = not _group_context(toks, i, j) and (after_told or _state_body(words))
                registry.add(
                    " ".join(words).removeprefix("The "),
                    (p, toks[i].start),
                    is_org=True,
                    roles={"state"} if hidden else None,
                )
                continue
            if j < len(toks) and toks[j].text[:1].isdigit():
                continue  # "Team 29", "Perm-36": a name with a number is no person
            known = len(words) == 1 and registry.full_name(words[0], (p, toks[i].start))[1]
            person = honor or before or looks_person(words)
            if not known and (not person or (toks[i].start == 0 and len(words) == 1)):
                continue
            name = " ".join(words)
            roles = before | _roles_after(paragraphs[p], toks[j - 1].start + len(toks[j - 1].text))
            registry.add(name, (p, toks[i].start), gender=gender_of(name), roles=roles)


_CLAUSE_WORDS = {"who", "which", "that", "whose", "whom"}


def _named_person(words: list[str]) -> bool:
    return len(words) >= 2 and looks_person(words) and gender_of(" ".join(words)) is not None


_APPOS = re.compile(
    r"\s*,\s*(?:a|an|the|his|her|its|their|[A-Z][\w.-]*(?:'s|’s))\s+([^,.;:]{0,60})"
)
# "Petrova, who heads the group" / "Grigory Savchenko set up the charity"
_WHO = re.compile(
    r"\s*(?:,\s*who\s+)?(heads|founded|co-founded|set up|leads|runs|directs|chairs)"
    r"\s+(?:the|a|an)\b"
)
_WHO_ROLE = {"heads": "head", "founded": "founder", "co-founded": "co-founder", "leads": "leader",
             "runs": "head", "directs": "director", "chairs": "chair",
             "set up": "founder"}  # fmt: skip


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
