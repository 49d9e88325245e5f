"""English attribution: who is speaking in ``“…,” X said`` / ``X told AFP: “…”`` and friends.

Hand-written rules over the tokens of a quote's context (see ``quotes_text.Context``):

- after the quote, the first speech verb within a short clause (``said``, ``told``, ``wrote``,
  ``added`` …): the subject is the noun phrase before it (``Anna Petrova, a lawyer for OVD-Info,
  said``) or, inverted, after it (``said the group's lawyer, Anna Petrova``);
- before the quote, ``X said:``/``X said,``/``according to X,``; for a partial quote, the subject
  of the sentence's first speech or judging verb (``He called the ruling “…”``);
- a subject phrase is cut at commas into chunks; appositives (``a lawyer for OVD-Info``, ``34``,
  ``who …``) are skipped to reach the name; names after ``of/for/at`` or with ``'s`` are modifiers.
"""

from __future__ import annotations

import re

from pipelines.quotes_en_words import (
    _F_SURNAME,
    _HEADS_STATEMENT,
    _HONORIFIC,
    _JUDGING,
    _M_SURNAME,
    _NON_NAME,
    _PREPS,
    _SPEECH,
    _STRIP_LEAD,
    _STRIP_TAIL,
    FEMALE,
    GROUP_WORDS,
    MALE,
    ORG_WORDS,
    PRONOUNS,
    ROLE_WORDS,
)
from pipelines.quotes_people import NONE_REF, Registry, SpeakerRef
from pipelines.quotes_text import Layout, Tok, tokenize


def gender_of(name: str) -> str | None:
    parts = name.lower().split()
    if parts and parts[0] in FEMALE:
        return "f"
    if parts and parts[0] in MALE:
        return "m"
    if parts and _F_SURNAME.search(parts[-1]):
        return "f"
    if parts and _M_SURNAME.search(parts[-1]):
        return "m"
    return None


def _possessive(word: str) -> bool:
    return word.endswith(("'s", "’s", "s'", "s’"))


def _is_org(words: list[str]) -> bool:
    for w in words:
        low = w.lower()
        if (
            low in ORG_WORDS
            or (w.isupper() and len(w) >= 2)
            or "-" in w
            and w[w.index("-") + 1 :][:1].isupper()
        ):
            return True
    return False


def _looks_person(words: list[str]) -> bool:
    if _is_org(words):
        return False
    low = [w.lower() for w in words]
    return (
        low[0] in FEMALE or low[0] in MALE or (len(words) >= 2) or gender_of(words[-1]) is not None
    )


def name_runs(toks: list[Tok]) -> list[tuple[int, int]]:
    """Index ranges [i, j) of capitalised runs that may be names (not after of/for/at, not 's)."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.is_cap and t.low not in _NON_NAME and not _possessive(t.text):
            j = i + 1
            while j < len(toks) and toks[j].is_cap and toks[j].low not in _NON_NAME and j - i < 4:
                j += 1
            if j < len(toks) and _possessive(toks[j].text) and toks[j].is_cap:
                i = j + 1
                continue
            prev = toks[i - 1].low if i else ""
            if prev not in {"of", "for", "at", "from", "with", "in", "on", "to", "by", "into"}:
                runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _clean(toks: list[Tok]) -> list[Tok]:
    toks = [t for t in toks if t.kind != "p" or t.text in "-–"]
    while toks and toks[0].low in _STRIP_LEAD:
        toks = toks[1:]
    while toks and (toks[-1].low in _STRIP_TAIL or toks[-1].low in {"quoted", "as"}):
        toks = toks[:-1]
    return toks


def chunk_ref(toks: list[Tok]) -> tuple[str, SpeakerRef | None]:
    """Classify one comma-delimited chunk of a subject phrase."""
    toks = _clean(toks)
    if not toks:
        return "empty", None
    first = toks[0].low
    words = [t.low for t in toks]
    if first in {"who", "which", "whose", "where"} or first[:1].isdigit():
        return "appos", None
    if first == "according" and len(toks) > 2:
        return chunk_ref(toks[2:])
    if len(toks) == 1 and first in PRONOUNS:
        return "pronoun", SpeakerRef("pronoun", gender=PRONOUNS[first])
    roles = frozenset(w for w in words if w in ROLE_WORDS)
    head_statement = any(w in _HEADS_STATEMENT for w in words[:3])
    for t in toks:
        if t.kind == "q" and not t.long and head_statement:
            return "org", SpeakerRef("org", t.text)
    runs = name_runs(toks)
    if head_statement:
        for k, t in enumerate(toks):
            if t.low in {"from", "by", "of"} and k + 1 < len(toks) and toks[k + 1].is_cap:
                words_after = [x.text for x in toks[k + 1 :] if x.is_cap]
                return "org", SpeakerRef("org", " ".join(words_after[:4]))
    if first in _PREPS:
        return "adverbial", None
    if runs:
        i, j = runs[-1]
        names = [t.text for t in toks[i:j] if t.low not in _HONORIFIC]
        if not names:
            return "generic", None
        if first in {"a", "an"}:
            return "appos", None
        name = " ".join(names)
        if _looks_person(names) or (i and toks[i - 1].low in ROLE_WORDS | _HONORIFIC):
            return "name", SpeakerRef("name", name, gender_of(name), roles)
        if j - i == 1 and not _is_org(names) and i > 0:
            return "name", SpeakerRef("name", name, gender_of(name), roles)
        return "org", SpeakerRef("org", name.removeprefix("The "))
    if first in {"a", "an", "one", "another", "two", "three", "several", "some"}:
        return "appos", None
    if roles:
        return "role", SpeakerRef("role", roles=roles)
    if any(w in GROUP_WORDS for w in words) and first in {"the", "its", "our"}:
        return "orgref", SpeakerRef("orgref")
    return "generic", None


def _split_commas(toks: list[Tok]) -> list[list[Tok]]:
    chunks: list[list[Tok]] = [[]]
    for t in toks:
        if t.kind == "p" and t.text in ",()—–;":
            chunks.append([])
        else:
            chunks[-1].append(t)
    return chunks


def subject_before(toks: list[Tok]) -> SpeakerRef | None:
    """The subject of a verb from the tokens before it (appositives skipped)."""
    result: SpeakerRef | None = None
    for chunk in reversed(_split_commas(toks)):
        cls, ref = chunk_ref(chunk)
        if cls in {"empty", "appos", "adverbial"}:
            continue
        result = ref if cls != "generic" else NONE_REF
        break
    return result


def subject_after(toks: list[Tok]) -> SpeakerRef | None:
    """The subject after an inverted verb (``said Anna Petrova, a lawyer …``)."""
    chunks = [c for c in _split_commas(toks) if c]
    if not chunks:
        return None
    cls, ref = chunk_ref(_cut_adjuncts(chunks[0]))
    if cls in {"name", "org", "pronoun"}:
        return ref
    if len(chunks) > 1:
        cls2, ref2 = chunk_ref(_cut_adjuncts(chunks[1]))
        if cls2 == "name":
            return ref2
    if cls == "role":
        return ref
    if cls == "orgref":
        return ref
    return NONE_REF if cls in {"generic", "appos"} else None


def _cut_adjuncts(toks: list[Tok]) -> list[Tok]:
    for k, t in enumerate(toks):
        if k and t.low in {"on", "in", "at", "during", "after", "before", "last", "this", "who"}:
            return toks[:k]
    return toks


def _verb_index(toks: list[Tok], verbs: set[str], limit: int = 16) -> int | None:
    for k, t in enumerate(toks[:limit]):
        if t.kind == "p" and t.text in ".!?;":
            return None
        if t.kind == "q" and t.long:
            return None
        if t.kind == "w" and t.low in verbs:
            if t.low == "read" and not any(x.low in _HEADS_STATEMENT for x in toks[:k]):
                continue
            return k
    return None


def attribution_after(toks: list[Tok]) -> SpeakerRef | None:
    """Speaker from the words after a quote (``, she said``), or None when there are none."""
    k = 0
    while k < len(toks) and toks[k].kind == "p" and toks[k].text in ",—–-:":
        k += 1
    toks = toks[k:]
    if len(toks) >= 3 and toks[0].low == "according" and toks[1].low == "to":
        return subject_after(toks[2:])
    v = _verb_index(toks, _SPEECH, limit=14)
    if v is None:
        return None
    pre = toks[:v]
    if any(t.kind == "w" and t.low in _SPEECH | _JUDGING for t in pre):
        return None
    if not _clean(pre):
        if toks[v].low in {"told", "tells", "asked", "urged"}:
            return None
        return subject_after(toks[v + 1 :])
    return subject_before(pre)


def attribution_before(toks: list[Tok], *, partial: bool) -> SpeakerRef | None:
    """Speaker from the sentence before a quote: an intro (``X said:``) or, for a partial quote,
    the subject of the first speech/judging verb; ``according to X`` anywhere."""
    for k in range(len(toks) - 2):
        if toks[k].low == "according" and toks[k + 1].low == "to":
            end = next((m for m in range(k + 2, len(toks)) if toks[m].text == ","), len(toks))
            ref = subject_after(toks[k + 2 : end])
            if ref and ref.kind != "none":
                return ref
    verbs = _SPEECH | _JUDGING if partial else _SPEECH
    idx = [k for k, t in enumerate(toks) if t.kind == "w" and t.low in verbs]
    if not idx:
        return None
    v = idx[0] if partial else idx[-1]
    ref = subject_before(toks[:v])
    if ref is None and toks[v].low not in {"told", "asked"}:
        ref = subject_after(toks[v + 1 :])
    return ref


def collect(paragraphs: list[str], layout: Layout, registry: Registry) -> None:
    """Put every person the article names (with roles) into the registry, in reading order."""
    for p, masked in enumerate(layout.masked):
        toks = tokenize(masked, 0, len(masked), [])
        for i, j in name_runs(toks):
            words = [t.text for t in toks[i:j] if t.low not in _HONORIFIC]
            if not words or toks[i].low in _HONORIFIC and not words:
                continue
            honor = (i and toks[i - 1].low in _HONORIFIC) or toks[i].low in _HONORIFIC
            before = {t.low for t in toks[max(0, i - 4) : i]} & ROLE_WORDS
            if _is_org(words):
                if _group_context(toks, i, j):
                    registry.add(
                        " ".join(words).removeprefix("The "), (p, toks[i].start), is_org=True
                    )
                continue
            if (
                not (honor or before or _looks_person(words))
                or toks[i].start == 0
                and len(words) == 1
            ):
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
        return set(re.findall(r"[\w-]+", m.group(1).lower())) & ROLE_WORDS
    m = _WHO.match(text, at)
    return {_WHO_ROLE[m.group(1)]} if m else set()


def _group_context(toks: list[Tok], i: int, j: int) -> bool:
    window = {t.low for t in toks[max(0, i - 3) : min(len(toks), j + 4)]}
    return bool(window & GROUP_WORDS) or (j < len(toks) and _possessive(toks[j - 1].text))
