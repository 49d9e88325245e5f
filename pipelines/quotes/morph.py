"""Russian morphology for the quote finder: names into the nominative, speech verbs, pronouns.

The pymorphy3 analyser is the process's one (``pipelines.language.russian_morphology``).
Word parses are memoised with ``functools.lru_cache`` (bounded).

Names: first names and patronymics come from the dictionary (``Name``/``Patr`` grammemes);
surnames, often missing from it (``Осечкина``, ``Охотина``), are analysed by their endings
(``-ова`` = masc. genitive or fem. nominative, ``-овой`` = fem. oblique, ``-ского`` …). A run of
name words is put into the nominative with the gender and case they agree on, preferring the case
the context asks for (genitive after ``по словам``, nominative for a verb's subject).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pymorphy3

from pipelines.language import russian_morphology

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_G = {"masc": "m", "femn": "f"}


def analyzer() -> pymorphy3.MorphAnalyzer:
    """The shared analyser (created on first use)."""
    return russian_morphology()


@lru_cache(maxsize=50_000)
def parses(word: str) -> tuple[tuple[str, str, float], ...]:
    """(normal form, tag string, score) for each analysis of ``word``."""
    return tuple((p.normal_form, str(p.tag), p.score) for p in analyzer().parse(word))


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    found = parses(word.lower())
    return found[0][0] if found else word.lower()


def is_verb_form(word: str) -> bool:
    return any(tag.startswith(("VERB", "INFN")) for _n, tag, s in parses(word.lower()) if s > 0.05)


def verb_gender(word: str) -> str | None:
    """``сказала`` → "f", ``сказал`` → "m", ``сказали`` → "p"; None for other forms."""
    for _n, tag, _s in parses(word.lower()):
        if tag.startswith("VERB") and "past" in tag:
            if "plur" in tag:
                return "p"
            for g, short in _G.items():
                if g in tag:
                    return short
    return None


# ending, gender, cases, how many letters to cut, what to add
_SURNAME_RULES: list[tuple[str, str, tuple[str, ...], int, str]] = [
    ("овой", "f", ("gent", "datv", "ablt", "loct"), 2, "а"),
    ("евой", "f", ("gent", "datv", "ablt", "loct"), 2, "а"),
    ("ёвой", "f", ("gent", "datv", "ablt", "loct"), 2, "а"),
    ("иной", "f", ("gent", "datv", "ablt", "loct"), 2, "а"),
    ("ыной", "f", ("gent", "datv", "ablt", "loct"), 2, "а"),
    ("ской", "f", ("gent", "datv", "ablt", "loct"), 2, "ая"),
    ("цкой", "f", ("gent", "datv", "ablt", "loct"), 2, "ая"),
    ("скую", "f", ("accs",), 2, "ая"),
    ("цкую", "f", ("accs",), 2, "ая"),
    ("ская", "f", ("nomn",), 0, ""),
    ("цкая", "f", ("nomn",), 0, ""),
    ("ского", "m", ("gent", "accs"), 3, "ий"),
    ("цкого", "m", ("gent", "accs"), 3, "ий"),
    ("скому", "m", ("datv",), 3, "ий"),
    ("цкому", "m", ("datv",), 3, "ий"),
    ("ским", "m", ("ablt",), 2, "ий"),
    ("цким", "m", ("ablt",), 2, "ий"),
    ("ском", "m", ("loct",), 2, "ий"),
    ("ский", "m", ("nomn",), 0, ""),
    ("цкий", "m", ("nomn",), 0, ""),
    ("ного", "m", ("gent", "accs"), 3, "ый"),
    ("ному", "m", ("datv",), 3, "ый"),
    ("ным", "m", ("ablt",), 2, "ый"),
    ("ный", "m", ("nomn",), 0, ""),
    ("ная", "f", ("nomn",), 0, ""),
    ("ной", "f", ("gent", "datv", "ablt", "loct"), 2, "ая"),
]
_OV = ("ов", "ев", "ёв", "ин", "ын")


def surname_forms(word: str) -> list[tuple[str, str, str]]:
    """Possible (gender, case, nominative) readings of a surname, from its ending."""
    low = word.lower()
    out: list[tuple[str, str, str]] = []
    for end, g, cases, cut, add in _SURNAME_RULES:
        if low.endswith(end) and len(low) > len(end) + 1:
            nom = word[: len(word) - cut] + add if cut else word
            out.extend((g, c, nom) for c in cases)
    if out:
        return out
    for stem in _OV:
        if low.endswith(stem):
            return [("m", "nomn", word)]
        if low.endswith(stem + "а"):
            return [("m", "gent", word[:-1]), ("m", "accs", word[:-1]), ("f", "nomn", word)]
        if low.endswith(stem + "у"):
            return [("m", "datv", word[:-1]), ("f", "accs", word[:-1] + "а")]
        if low.endswith(stem + "ым"):
            return [("m", "ablt", word[:-2])]
        if low.endswith(stem + "е"):
            return [("m", "loct", word[:-1])]
    if low.endswith(("ич", "ян", "ук", "юк", "ак", "ец")) or low[-1:] in "бвгджзклмнпрстфхцчшщ":
        out = [("m", "nomn", word)] + [("f", c, word) for c in CASES]
        return out
    if low.endswith(("ича", "яна", "ука", "юка", "ака")):
        return [("m", "gent", word[:-1]), ("m", "accs", word[:-1])]
    if low.endswith(("ичу", "яну", "уку", "юку")):
        return [("m", "datv", word[:-1])]
    if low.endswith(("ичем", "яном", "уком")):
        return [("m", "ablt", word[:-2])]
    # indeclinable (-ко, -их, -ых, -аго, -е, -и, -о, -у) or unknown: any case, any gender
    return [(g, c, word) for g in ("m", "f") for c in CASES]


def _name_forms(word: str) -> list[tuple[str, str, str, str]]:
    """(kind, gender, case, nominative) readings of a first name / patronymic / surname."""
    out: list[tuple[str, str, str, str]] = []
    for normal, tag, score in parses(word.lower()):
        if score < 0.01 or "sing" not in tag:
            continue
        kind = "Name" if "Name" in tag else "Patr" if "Patr" in tag else None
        if kind is None:
            continue
        # ``ms-f`` (Саша, Женя): a first name of either gender
        gs = ["m", "f"] if "ms-f" in tag else [s for k, s in _G.items() if k in tag][:1]
        case = next((c for c in CASES if c in tag), None)
        if case is None:
            continue
        for g in gs:
            nom = normal if kind == "Name" else _inflect_nomn(word)
            out.append((kind, g, case, nom))
    return out


def _inflect_nomn(word: str) -> str:
    for p in analyzer().parse(word.lower()):
        if "Patr" in p.tag or "Surn" in p.tag:
            form = p.inflect({"nomn"})
            if form is not None:
                return form.word
    return word.lower()


def is_name_word(word: str) -> bool:
    """A capitalised word the dictionary knows as a first name, patronymic or surname."""
    return word[:1].isupper() and any(
        ("Name" in tag or "Surn" in tag or "Patr" in tag) and s >= 0.05
        for _n, tag, s in parses(word.lower())
    )


def is_first_name(word: str) -> bool:
    return any(k == "Name" for k, *_ in _name_forms(word))


def _cap(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def _word_forms(word: str, first: bool) -> list[tuple[str, str, str]]:
    names = [(g, c, n) for k, g, c, n in _name_forms(word)]
    if first and any(k == "Name" for k, *_ in _name_forms(word)):
        return names
    return names + surname_forms(word)


def nominative(
    words: list[str], *, case: str | None = None, gender: str | None = None, strict: bool = False
) -> tuple[str, str | None] | None:
    """Put a run of name words into the nominative: (name, gender), or None if they disagree.

    With ``strict`` and a ``case``, only readings in that case count; without ``case`` the
    nominative is preferred, then the other cases. ``gender`` (from a verb) filters readings.
    """
    options = [_word_forms(w, k == 0 and len(words) > 1) for k, w in enumerate(words)]
    if strict and case:
        order = [case]
    else:
        order = ([case] if case else []) + [c for c in CASES if c != case]
    genders = [gender] if gender in ("m", "f") else ["m", "f"]
    found: list[tuple[float, str, str, str]] = []
    for c in order:
        for g in genders:
            picked = [
                next((n for gg, cc, n in opts if gg == g and cc == c), None) for opts in options
            ]
            if all(picked):
                name = " ".join(_cap(str(x)) for x in picked)
                found.append((_name_score(words[0], g, c), name, g, c))
    if not found:
        return None
    # the first reading in case order (the asked case, then the nominative …) unless the
    # dictionary finds it a rare reading of the first name (< 5%: ``Петра`` is Пётр, gent);
    # otherwise the likeliest one (``Аллу Тимошину``: Алла, accs, not Алл, datv)
    first = found[0]
    if first[3] == order[0] and (first[0] >= 0.05 or not is_first_name(words[0])):
        return first[1], first[2]
    best = max(found, key=lambda f: f[0])
    return best[1], best[2]


def _name_score(word: str, gender: str, case: str) -> float:
    """How likely the dictionary finds ``word`` a first name of that gender in that case."""
    g = next(k for k, v in _G.items() if v == gender)
    return max(
        (s for _n, tag, s in parses(word.lower()) if "Name" in tag and g in tag and case in tag),
        default=0.0,
    )


_NOUN_SURNAME = re.compile(
    r"(?:[оеё]в|[ыи]н)(?:а|у|ым|е|ой|ою)?$|(?:енко|ко|ук|юк|ич|ича|ичу|ичем|ян|яна|яну|дзе|швили)$"
)
_ADJ_SURNAME = re.compile(r"(?:[сц]к|[нв])(?:ий|ая|ой|ого|ому|им|ом|ую|ый|ых)$")


def surname_kind(word: str) -> str | None:
    """``"noun"`` for ``Петров(а/ой/у…)``-type endings, ``"adj"`` for ``-ский/-ная``, else None."""
    low = word.lower()
    if _NOUN_SURNAME.search(low):
        return "noun"
    if _ADJ_SURNAME.search(low):
        return "adj"
    return None


def is_common_nomn_noun(word: str) -> bool:
    """The dictionary's first reading is a common noun in the nominative singular."""
    found = parses(word.lower())
    if not found:
        return False
    tag = found[0][1]
    return tag.startswith("NOUN") and "nomn" in tag and "sing" in tag and "Surn" not in tag


def is_adj_or_noun(word: str) -> bool:
    found = parses(word.lower())
    return bool(found) and found[0][1].startswith(("NOUN", "ADJF", "PRTF"))


_SURNAME_LIKE = re.compile(r"(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|ская|цкий|цкая|енко|вич)$")


def is_unknown_surname(word: str) -> bool:
    """A capitalised word the dictionary does not know, with a surname's ending."""
    if not word[:1].isupper() or not _SURNAME_LIKE.search(word.lower()):
        return False
    return not any(p.is_known for p in analyzer().parse(word.lower()))


def _cyr_word(word: str) -> bool:
    return any("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in word)


def _first_tag(word: str) -> str:
    found = parses(word.lower())
    return found[0][1] if found else ""


def org_nominative(words: list[str]) -> str:
    """``Новой газеты`` → ``Новая газета``; ``Мемориала`` → ``Мемориал`` (first letter kept)."""
    out: list[str] = []
    for k, w in enumerate(words):
        head_done = any(x.isupper() or _first_tag(x).startswith("NOUN") for x in words[:k])
        if head_done or not _cyr_word(w) or w.isupper() or "-" in w:
            out.append(w)
            continue
        form = None
        for p in analyzer().parse(w.lower()):
            if p.tag.POS in ("NOUN", "ADJF") and "nomn" not in p.tag:
                form = p.inflect({"nomn"})
                break
            if "nomn" in p.tag:
                break
        new = form.word if form is not None else w.lower()
        out.append(new[:1].upper() + new[1:] if w[:1].isupper() else new)
    return " ".join(out)
