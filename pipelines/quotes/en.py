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

from collections.abc import Set as AbstractSet

from pipelines.quotes import en_words as vocab
from pipelines.quotes.en_words import (
    _HEADS_STATEMENT,
    _HONORIFIC,
    _JUDGING,
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
    RUN_PREPS,
    gender_of,
    role_words,
)
from pipelines.quotes.people import NONE_REF, SpeakerRef
from pipelines.quotes.text import Tok


def possessive(word: str) -> bool:
    return word.endswith(("'s", "’s", "s'", "s’"))


def is_org(words: list[str]) -> bool:
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


def looks_person(words: list[str]) -> bool:
    if is_org(words):
        return False
    low = [w.lower() for w in words]
    return (
        low[0] in FEMALE or low[0] in MALE or (len(words) >= 2) or gender_of(words[-1]) is not None
    )


def name_runs(toks: list[Tok], *, after_preps: bool = False) -> list[tuple[int, int]]:
    """Index ranges [i, j) of capitalised runs that may be names (not 's; not after of/for/at
    unless ``after_preps``: the people an article names are also ``by``/``with`` someone)."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.is_cap and t.low not in _NON_NAME and not possessive(t.text):
            j = i + 1
            while j < len(toks) and toks[j].is_cap and toks[j].low not in _NON_NAME and j - i < 4:
                if toks[j].low in ROLE_WORDS:  # "RFE/RL President Stephen Carver"
                    break
                j += 1
            if j < len(toks) and possessive(toks[j].text) and toks[j].is_cap:
                i = j + 1
                continue
            prev = toks[i - 1].low if i else ""
            start = i
            while start < j - 1 and toks[start].low in ROLE_WORDS:
                start += 1  # "Lawyer Ilya Nozdrin" at the start of a sentence
            if after_preps or prev not in RUN_PREPS:
                runs.append((start, j))
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
    roles = frozenset(role_words(words))
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
        if first in _INDEF:
            return "indef", None
        name = " ".join(names)
        if looks_person(names) or (i and toks[i - 1].low in ROLE_WORDS | _HONORIFIC):
            return "name", SpeakerRef("name", name, gender_of(name), roles)
        if j - i == 1 and not is_org(names):
            return "name", SpeakerRef("name", name, gender_of(name), roles)
        return "org", SpeakerRef("org", name.removeprefix("The "))
    if first in _INDEF:
        return "indef", None
    if roles:
        return "role", SpeakerRef("role", roles=roles)
    if any(w in GROUP_WORDS for w in words) and first in {"the", "its", "our"}:
        return "orgref", SpeakerRef("orgref")
    if first == "the" and len(words) <= 3 and words[-1] in vocab.STATE_HEADS:
        return "orgref", SpeakerRef("orgref", words[-1])  # "the ministry" → the Justice Ministry
    return "generic", None


_INDEF = {"a", "an", "one", "another", "two", "three", "several", "some", "many", "other"}


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
    chunks = _split_commas(toks)
    first_cls = None
    for k in range(len(chunks) - 1, -1, -1):
        cls, ref = chunk_ref(chunks[k])
        if cls == "appos" and k and [t.low for t in _clean(chunks[k])] in (["which"], ["who"]):
            return _antecedent(chunks[k - 1])  # "Amnesty International, which called it"
        if cls in {"empty", "appos", "adverbial", "indef"}:
            first_cls = cls if cls != "empty" else first_cls
            continue
        if cls in {"generic", "role", "orgref"} and k and _determined(chunks[k]):
            prev_cls, prev_ref = chunk_ref(chunks[k - 1])  # "X, the media regulator, said"
            if prev_cls in {"name", "org"}:
                return prev_ref
        return ref if cls != "generic" else NONE_REF
    return NONE_REF if first_cls == "indef" else None


def _determined(toks: list[Tok]) -> bool:
    cleaned = _clean(toks)
    return bool(cleaned) and cleaned[0].low in {"the", "its", "his", "her", "their"}


def _antecedent(toks: list[Tok]) -> SpeakerRef | None:
    caps = [t for t in toks if t.is_cap and t.low not in _NON_NAME]
    if not caps:
        return NONE_REF
    run = [caps[-1]]
    for t in reversed(caps[:-1]):
        if toks.index(t) + 1 != toks.index(run[0]):
            break
        run.insert(0, t)
    words_ = [t.text for t in run]
    name = " ".join(words_)
    if looks_person(words_):
        return SpeakerRef("name", name, gender_of(name))
    return SpeakerRef("org", name)


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
    return NONE_REF if cls in {"generic", "appos", "indef"} else None


def _cut_adjuncts(toks: list[Tok]) -> list[Tok]:
    for k, t in enumerate(toks):
        if k and t.low in {"on", "in", "at", "during", "after", "before", "last", "this", "who"}:
            return toks[:k]
    return toks


def _verb_index(toks: list[Tok], verbs: AbstractSet[str], limit: int = 16) -> int | None:
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
    idx = [k for k, t in enumerate(toks) if t.kind == "w" and vocab.is_verb_at(toks, k, verbs)]
    # "X asked …, saying the posts had “…”": a participle shares its clause's subject
    idx = [k for k in idx if not toks[k].low.endswith("ing")] or idx
    if not idx:
        return None
    found: SpeakerRef | None = None
    # a partial quote belongs to the nearest reporting clause, whose subject follows the verb
    # before ("X said officials had told her he was “…”" → officials, unnamed: None)
    for m, v in reversed(list(enumerate(idx))) if partial else [(0, idx[-1])]:
        ref = subject_before(toks[idx[m - 1] + 1 if partial and m else 0 : v])
        if ref is None and toks[v].low not in {"told", "asked"}:
            ref = subject_after(toks[v + 1 :])
        if ref is not None and (ref.kind != "none" or partial):
            return ref
        found = found or ref
    return found
