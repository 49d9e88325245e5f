"""The compiled form of a registry: every alias and person name of every CSO in one automaton.

Matching works on word tokens. Each token of a text becomes one symbol (a fixed-width code, or
one "unknown word" mark), and the symbol strings of all aliases go into a single Aho-Corasick
automaton, so a text is scanned once whatever the registry's size. Russian inflection is handled
at compile time: pymorphy3 analyses every Russian alias word given in the nominative and expands
it into its whole paradigm; each form maps to the class key of its lemma (``Мемориалом`` ->
``~мемориал``). Scanning a text is then a dict look-up per token, with no lemmatiser call. Words
written in a fixed form (``пыток``), names with dots or Latin letters and non-Russian aliases keep
their surface form.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import ahocorasick

from pipelines.mentions.morph import CYRILLIC, LemmaClasses, Morphology
from pipelines.mentions.text import Folded, Token, fold_text, fold_word, tokenize
from pipelines.registry.types import CSO

PATRONYMIC = "~patr"
_PATRONYMIC_ENDINGS = (
    "ович",
    "евич",
    "ьич",
    "овна",
    "евна",
    "ична",
    "ovich",
    "evich",
    "ovna",
    "evna",
)
_ALPHABET = "0123456789abcdefghijklmnopqrstuv"
OTHER, BARRIER = "!", " "


@dataclass(frozen=True)
class Entry:
    """What a matched symbol string stands for.

    ``part`` is "full" for aliases and full person names, "initial" for ``В. Осечкин`` and
    "surname" for a bare surname. ``dots`` lists token positions after a dot in the alias
    (Gulagu.net: (1,)); matching them across another gap makes the match ambiguous.
    """

    cso: str
    via: str
    alias: str
    length: int
    ambiguous: bool = False
    acronym: bool = False
    person: int = -1
    part: str = "full"
    dots: tuple[int, ...] = ()


@dataclass
class Candidate:
    entry: Entry
    first: int  # token indices, inclusive
    last: int


@dataclass
class Scan:
    """One text scanned: its folding, its tokens and every raw automaton hit."""

    folded: Folded
    tokens: list[Token]
    candidates: list[Candidate]


class Matcher:
    """The automaton, the inflection map and the domain table of one registry."""

    def __init__(self, csos: list[CSO]) -> None:
        self.morph = morph = Morphology()
        self.csos = {c.id: c for c in csos}
        # the questions the evidence rules ask about context words
        self.lemmas, self.adverb, self.nominal = morph.lemmas, morph.adverb, morph.nominal
        self.first_name, self.proper = morph.first_name, morph.proper
        classes = LemmaClasses()
        specs = list(self._specs(csos))
        for _entry, words in specs:
            for word, mode in words:
                if mode:
                    classes.add(mode, morph.paradigm(word, person=_entry.via == "person"))
        self.forms = classes.form_map()
        self.vocabulary: set[str] = set(self.forms)
        ids: dict[str, int] = {}
        patterns: dict[tuple[int, ...], list[Entry]] = {}
        for entry, words in specs:
            keys = [classes.find(mode) if mode else self.key(w) for w, mode in words]
            self.vocabulary.update(w for w, _ in words)
            pattern = tuple(ids.setdefault(k, len(ids)) for k in keys)
            patterns.setdefault(pattern, []).append(entry)
        # each symbol is written as `width` letters of a 32-letter alphabet, so every node of
        # the automaton has at most 32 children whatever the registry's size
        self.width = width = max(2, math.ceil(math.log(len(ids) + 1, len(_ALPHABET))))
        self.codes = {key: _encode(i, width) for key, i in ids.items()}
        self.automaton = ahocorasick.Automaton()
        for pattern, entries in patterns.items():
            code = "".join(_encode(i, width) for i in pattern)
            self.automaton.add_word(code, tuple(entries))
        if patterns:
            self.automaton.make_automaton()
        self.domains: dict[str, list[str]] = {}
        for cso in csos:
            for domain in cso.domains:
                self.domains.setdefault(domain, []).append(cso.id)

    # --- compile -------------------------------------------------------------------------

    def _specs(self, csos: list[CSO]) -> Iterator[tuple[Entry, list[tuple[str, str]]]]:
        """(entry, [(folded word, lemma class or "")]) for every alias variant and person name."""
        for cso in csos:
            for lang, alias in cso.all_aliases():
                tokens = tokenize(fold_text(alias))
                inflect = lang in ("ru", "name") and "." not in alias
                inflect = inflect and not any(ch.isascii() and ch.isalpha() for ch in alias)
                words = [(t.key, self.morph.lemma_class(t.key) if inflect else "") for t in tokens]
                dots = tuple(i for i, t in enumerate(tokens) if i and t.gap == ".")
                acronym = (
                    len(tokens) == 1 and alias.isalpha() and alias.isupper() and len(alias) <= 5
                )
                entry = Entry(
                    cso.id, "name", alias, len(words), cso.is_ambiguous(alias), acronym, dots=dots
                )
                yield entry, words
                if (
                    len(tokens) > 1
                    and all(t.gap in ("-", ".") for t in tokens[1:])
                    and not any(m for _, m in words)
                ):
                    joined = "".join(w for w, _ in words)
                    yield (
                        Entry(cso.id, "name", alias, 1, entry.ambiguous, dots=(1,) if dots else ()),
                        [(joined, "")],
                    )
            for index, names in enumerate(cso.people):
                yield from self._person_specs(cso.id, index, names)

    def _person_specs(
        self, cso_id: str, index: int, names: list[str]
    ) -> Iterator[tuple[Entry, list[tuple[str, str]]]]:
        seen: set[tuple[str, ...]] = set()
        for name in names:
            words = [
                (t.key, self.morph.lemma_class(t.key, person=True))
                for t in tokenize(fold_text(name))
            ]
            variants: list[tuple[str, list[tuple[str, str]]]] = [("full", words)]
            if len(words) >= 2:
                first, last = words[0], words[-1]
                variants.append(("full", [first, (PATRONYMIC, ""), last]))
                if any(ch in CYRILLIC for ch in last[0]):
                    variants.append(("full", [last, first]))
                variants.append(("initial", [(first[0][0], ""), last]))
                variants.append(("surname", [last]))
            for part, variant in variants:
                signature = tuple(w for w, _ in variant) + (part,)
                if signature not in seen:
                    seen.add(signature)
                    yield (
                        Entry(cso_id, "person", name, len(variant), person=index, part=part),
                        variant,
                    )

    # --- scan ------------------------------------------------------------------------------

    def key(self, word: str) -> str:
        """The class key of a folded text word."""
        found = self.forms.get(word)
        if found is not None:
            return found
        return PATRONYMIC if _is_patronymic(word) else word

    def scan(self, text: str) -> Scan:
        """Fold, tokenize and run the automaton over one text (a title, lead or paragraph)."""
        folded = fold_text(text)
        tokens = tokenize(folded, self.vocabulary)
        stream: list[str] = []
        starts: dict[int, int] = {}  # stream offset of a known token -> token index
        at = 0
        codes = self.codes
        for i, token in enumerate(tokens):
            if token.key == "s" and token.gap == "'":
                continue  # English possessive: Memorial's Human Rights Centre
            if i and not token.joinable:
                stream.append(BARRIER)
                at += 1
            code = codes.get(self.key(token.key))
            if code is None:
                stream.append(OTHER)
                at += 1
            else:
                stream.append(code)
                starts[at] = i
                at += len(code)
        candidates: list[Candidate] = []
        if starts and len(self.automaton):
            width = self.width
            for end, entries in self.automaton.iter("".join(stream)):
                for entry in entries:
                    first = starts.get(end + 1 - entry.length * width)
                    if first is not None:  # aligned on token boundaries
                        last = starts[end + 1 - width]
                        candidates.append(Candidate(entry, first, last))
        return Scan(folded, tokens, candidates)

    # --- context words -----------------------------------------------------------------------


def _encode(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, digit = divmod(number, len(_ALPHABET))
        digits.append(_ALPHABET[digit])
    return "".join(digits)


def _is_patronymic(word: str) -> bool:
    return len(word) > 5 and word.endswith(_PATRONYMIC_ENDINGS)


__all__ = ["Candidate", "Entry", "Matcher", "Scan", "fold_word"]
