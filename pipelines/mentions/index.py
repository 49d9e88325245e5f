"""The compiled form of a registry: every alias and person name of every CSO in one automaton.

Matching works on word tokens. Each token of a text becomes one block: a separator (whether a
name may run on into the token) and a symbol (a fixed-width code, or the "unknown word" mark),
and the symbol strings of all aliases go into a single Aho-Corasick automaton, so a text is
scanned once whatever the registry's size. Russian inflection is handled
at compile time: pymorphy3 analyses every Russian alias word given in the nominative and expands
it into its whole paradigm; each form maps to the class key of its lemma (``Мемориалом`` ->
``~мемориал``). Scanning a text is then a dict look-up per token (``Matcher.symbols``, built at
compile time), with no lemmatiser call. Words
written in a fixed form (``пыток``), names with dots or Latin letters and non-Russian aliases keep
their surface form.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat

import ahocorasick

from pipelines.mentions.morph import CYRILLIC, LemmaClasses, Morphology, belarusian_forms
from pipelines.mentions.text import (
    Folded,
    Token,
    Words,
    fold_text,
    fold_word,
    split_words,
    tokenize,
)
from pipelines.mentions.words import TAGGED
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
OTHER, BARRIER, JOIN = "!", " ", "+"
_SEPARATOR = {
    (joinable, opens): JOIN if joinable else BARRIER
    for joinable in (True, False)
    for opens in (True, False)
}
_PATRONYMIC_END = re.compile("(?:" + "|".join(_PATRONYMIC_ENDINGS) + r")(?![^\W_])")  # a word's
# the ends of those endings, each searched for as a literal (much faster than the alternation)
PATRONYMIC_TAILS = ("ич", "вна", "чна", "vich", "vna")
_PATRONYMIC_TAILS = tuple(re.compile(tail + r"(?![^\W_])") for tail in PATRONYMIC_TAILS)


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
    # facts of the alias the evidence rules use, worked out once (``__post_init__``)
    latin: bool = field(init=False, repr=False, compare=False)
    titled_phrase: bool = field(init=False, repr=False, compare=False)
    inner_capital: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        alias = self.alias
        words = alias.split()
        # several capitalised Latin words ("Public Verdict"): rejected found all in lower case
        titled = (
            len(words) > 1
            and alias.isascii()
            and all(w.isalpha() for w in words)
            and any(ch.isupper() for ch in alias)
        )
        inner = any(ch.isupper() for ch in (words[0] if words else "")[1:])  # "OVD-Info"
        object.__setattr__(self, "latin", alias.isascii())
        object.__setattr__(self, "titled_phrase", titled)
        object.__setattr__(self, "inner_capital", inner)


@dataclass
class Candidate:
    entry: Entry
    first: int  # token indices, inclusive
    last: int


@dataclass
class Scan:
    """One text scanned: its folding, its tokens and every raw automaton hit."""

    folded: Folded
    words: Words
    candidates: list[Candidate]

    @property
    def tokens(self) -> list[Token]:
        return self.words.tokens


class Matcher:
    """The automaton, the inflection map and the domain table of one registry."""

    def __init__(self, csos: list[CSO]) -> None:
        self.morph = morph = Morphology()
        self.csos = {c.id: c for c in csos}
        # the questions the evidence rules ask about context words
        self.lemmas, self.adverb, self.nominal = morph.lemmas, morph.adverb, morph.nominal
        self.first_name, self.proper = morph.first_name, morph.proper
        self.tags = functools.lru_cache(maxsize=65536)(self._tags)
        classes = LemmaClasses()
        specs = list(self._specs(csos))
        for _entry, words in specs:
            for word, mode in words:
                if mode:
                    if mode.startswith("~be~"):
                        classes.add(mode, belarusian_forms(word))
                    else:
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
        # the automaton has at most 32 children whatever the registry's size; in a scanned
        # text each token takes a separator (JOIN or BARRIER) and its symbol (or OTHER)
        self.width = width = max(2, math.ceil(math.log(len(ids) + 1, len(_ALPHABET))))
        self.codes = {key: _encode(i, width) for key, i in ids.items()}
        self.other = OTHER * width
        # the symbol of a text word, for every word with one but a patronymic (``key``)
        self.symbols = {
            word: self.codes.get(self.key(word), self.other) for word in {*self.forms, *self.codes}
        }
        self.patronymic = self.codes.get(PATRONYMIC)
        self.automaton = ahocorasick.Automaton()
        for pattern, entries in patterns.items():
            code = JOIN.join(_encode(i, width) for i in pattern)
            self.automaton.add_word(code, tuple(entries))
        if patterns:
            self.automaton.make_automaton()
        # each CSO's negative context words in every form (Ivan Pavlov the physiologist: собака,
        # собаками), so the rule asks a set, not the morphology
        self.negatives: dict[str, frozenset[str]] = {
            cso.id: frozenset(
                form
                for word in cso.negative
                for t in tokenize(fold_text(word))
                for form in morph.paradigm(t.key)
            )
            for cso in csos
            if cso.negative
        }
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
                inflect_be = lang == "be" and "." not in alias
                inflect_be = inflect_be and not any(ch.isascii() and ch.isalpha() for ch in alias)
                words = [
                    (
                        t.key,
                        self.morph.lemma_class(t.key)
                        if inflect
                        else self.morph.belarusian_class(t.key)
                        if inflect_be
                        else "",
                    )
                    for t in tokens
                ]
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

    def symbol(self, word: str) -> str:
        """The automaton symbol of a folded text word (``OTHER`` repeated when it has none)."""
        found = self.symbols.get(word)
        if found is not None:
            return found
        if self.patronymic is not None and _is_patronymic(word):
            return self.patronymic
        return self.other

    def scan(self, text: str) -> Scan:
        """Fold, tokenize and run the automaton over one text (a title, lead or paragraph).

        The automaton reads one block of ``width + 1`` characters per token: a separator
        (JOIN when a name may continue into the token, else BARRIER) and the token's symbol.
        An alias is its symbols joined by JOIN, so a match always covers whole blocks and the
        token it ends on is the match's end divided by the block size.
        """
        folded = fold_text(text)
        words = split_words(folded, self.vocabulary)
        keys = words.keys
        if not keys or not len(self.automaton):
            return Scan(folded, words, [])
        symbols = list(map(self.symbols.get, keys, repeat(self.other, len(keys))))
        if self.patronymic is not None and _may_hold_patronymic(
            " ".join(keys) if words.lookalikes else folded.text  # the keys are its words
        ):
            # as ``symbol`` says: an unknown word with a patronymic's ending
            line = " ".join(keys)
            for found in _PATRONYMIC_END.finditer(line):
                i = line.count(" ", 0, found.start())
                if _is_patronymic(keys[i]) and keys[i] not in self.symbols:
                    symbols[i] = self.patronymic
        separators = list(map(_SEPARATOR.__getitem__, words.facts))
        positions: list[int] | None = None  # token index of each block, when they differ
        if "'s" in folded.text:
            # English possessive: Memorial's Human Rights Centre (the "s" takes no block)
            skipped = [i for i in _indices(keys, "s") if words.gaps[i] == "'"]
            if skipped:
                positions = list(range(len(keys)))
                for i in reversed(skipped):
                    del symbols[i], separators[i], positions[i]
        blocks = separators + symbols  # interleaved: separator, symbol, separator, ...
        blocks[0::2], blocks[1::2] = separators, symbols
        stream = "".join(blocks)
        candidates: list[Candidate] = []
        block = self.width + 1
        for end, entries in self.automaton.iter(stream):
            last = (end + 1) // block - 1
            for entry in entries:
                first = last + 1 - entry.length
                if positions is None:
                    candidates.append(Candidate(entry, first, last))
                else:
                    candidates.append(Candidate(entry, positions[first], positions[last]))
        return Scan(folded, words, candidates)

    # --- context words -----------------------------------------------------------------------

    def _tags(self, word: str) -> int:
        """The word lists (``words.TAGGED``) a folded word's lemmas are in, as bits."""
        lemmas = self.lemmas(word)
        return sum(bit for bit, listed in TAGGED if lemmas & listed)


def _may_hold_patronymic(text: str) -> bool:
    for tail in _PATRONYMIC_TAILS:
        if tail.search(text):
            return _PATRONYMIC_END.search(text) is not None
    return False


def _indices(items: list[str], value: str) -> Iterator[int]:
    """The positions of ``value`` in ``items`` (``list.index`` does the scanning)."""
    at = -1
    for _ in range(items.count(value)):
        at = items.index(value, at + 1)
        yield at


def _encode(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, digit = divmod(number, len(_ALPHABET))
        digits.append(_ALPHABET[digit])
    return "".join(digits)


def _is_patronymic(word: str) -> bool:
    return len(word) > 5 and word.endswith(_PATRONYMIC_ENDINGS)


__all__ = ["Candidate", "Entry", "Matcher", "Scan", "fold_word"]
