"""Russian morphology for the matcher: pymorphy3 behind one object per registry.

At compile time ``Morphology.lemma_class`` and ``paradigm`` turn a Russian alias word given in
the nominative into its lemma class and every form of its paradigm; ``LemmaClasses`` merges
classes that share a form. At match time a few cached questions about the words around an
ambiguous hit: its lemmas (cue words), whether it is an adverb (``Весной``), a noun phrase
complement (``избирателя``), a first name or a proper noun. The analyser and its caches
belong to the ``Morphology`` object, not to the module.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import pymorphy3

from pipelines.language import russian_morphology

INFLECTING = frozenset({"NOUN", "ADJF", "PRTF"})
VERBAL = frozenset({"VERB", "INFN", "PRTS", "GRND", "ADVB", "PRED"})
PERSON_TAGS = ("Name", "Surn", "Patr")
PROPER_TAGS = ("Name", "Surn", "Patr", "Geox", "Orgn", "Trad")
CYRILLIC = frozenset("абвгдеежзийклмнопрстуфхцчшщъыьэюяіўґєї")


def is_cyrillic(word: str) -> bool:
    return any(ch in CYRILLIC for ch in word)


class LemmaClasses:
    """Union-find over lemma classes, so a form shared by two lexemes maps to one key."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.owner: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = key
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        self.parent[key] = root
        return root

    def add(self, lemma: str, forms: Iterable[str]) -> None:
        self.parent.setdefault(lemma, lemma)
        for form in forms:
            other = self.owner.setdefault(form, lemma)
            if other != lemma:
                a, b = self.find(other), self.find(lemma)
                if a != b:
                    self.parent[b] = a

    def form_map(self) -> dict[str, str]:
        return {form: self.find(lemma) for form, lemma in self.owner.items()}


class Morphology:
    """pymorphy3 with per-object caches for the questions the matcher asks."""

    def __init__(self) -> None:
        self.morph = russian_morphology()
        cache = functools.lru_cache(maxsize=65536)
        self.lemmas = cache(self._lemmas)
        self.adverb = cache(self._adverb)
        self.first_name = cache(self._first_name)
        self.proper = cache(self._proper)
        self.nominal = cache(self._nominal)

    def lemma_class(self, word: str, person: bool = False) -> str:
        """The lemma class of a Russian alias word given in the nominative, else ""."""
        if not is_cyrillic(word):
            return ""
        parses = [p for p in self.morph.parse(word) if self._inflecting(p)]
        if person and any(tag in p.tag for p in parses for tag in PERSON_TAGS):
            parses = [p for p in parses if any(tag in p.tag for tag in PERSON_TAGS)]
        if parses:
            return "~" + parses[0].normal_form.replace("ё", "е")
        if person and surname_forms(word):
            return "~" + word  # Чиков: pymorphy reads it as a plural of чик first
        if not self.morph.word_is_known(word) and noun_forms(word):
            return "~" + word  # a coined name pymorphy does not know (Диссернет)
        return ""

    @staticmethod
    def _inflecting(parse: pymorphy3.analyzer.Parse) -> bool:
        tag = parse.tag
        return tag.POS in INFLECTING and tag.case == "nomn" and "Fixd" not in tag

    def paradigm(self, word: str, person: bool = False) -> set[str]:
        forms = {word}
        parses = [p for p in self.morph.parse(word) if self._inflecting(p)]
        if person and any(tag in p.tag for p in parses for tag in PERSON_TAGS):
            parses = [p for p in parses if any(tag in p.tag for tag in PERSON_TAGS)]
        for parse in parses:
            forms.update(form.word.replace("ё", "е") for form in parse.lexeme)
        if not parses:
            forms.update(noun_forms(word))
            if person:
                forms.update(surname_forms(word))
        return forms

    @staticmethod
    def belarusian_class(word: str) -> str:
        """The class of a Belarusian alias word given in the nominative ("" for a fixed one)."""
        return "~be~" + word if belarusian_forms(word) else ""

    def _lemmas(self, word: str) -> frozenset[str]:
        if not is_cyrillic(word):
            return frozenset((word,))
        return frozenset({word, *(p.normal_form.replace("ё", "е") for p in self.morph.parse(word))})

    def _adverb(self, word: str) -> bool:
        return any(p.tag.POS == "ADVB" for p in self.morph.parse(word))

    def _nominal(self, word: str) -> bool:
        """A Russian noun/adjective form with no verb reading (избирателя, павшим)."""
        if not is_cyrillic(word):
            return False
        pos = {p.tag.POS for p in self.morph.parse(word)}
        return bool(pos & {"NOUN", "ADJF", "PRTF", "NUMR"}) and not pos & VERBAL

    def _first_name(self, word: str) -> bool:
        if not is_cyrillic(word):
            return False
        return any("Name" in p.tag for p in self.morph.parse(word))

    def _proper(self, word: str) -> bool:
        """A Latin word, or a Russian one that is a name, a place, an organisation or unknown."""
        if not is_cyrillic(word):
            return True
        parses = self.morph.parse(word)
        if not self.morph.word_is_known(word):
            return True
        return any(tag in p.tag for p in parses[:2] for tag in PROPER_TAGS)


_NOUN_ENDINGS = {
    "а": ("а", "ы", "и", "е", "у", "ой", "ою"),
    "я": ("я", "и", "е", "ю", "ей", "ею"),
    "ь": ("ь", "я", "ю", "ем", "е", "и", "ей"),
    "й": ("й", "я", "ю", "ем", "е", "и"),
}
_CONSONANT_ENDINGS = ("", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах")


def noun_forms(word: str) -> tuple[str, ...]:
    """Case forms of an unknown Russian noun by its last letter; () for indeclinable endings."""
    last = word[-1:]
    if last in _NOUN_ENDINGS:
        return tuple(word[:-1] + end for end in _NOUN_ENDINGS[last])
    if last in CYRILLIC and last not in "аеиоуыэюяё":
        return tuple(word + end for end in _CONSONANT_ENDINGS)
    return ()


_SURNAME_ENDINGS = ("а", "у", "ым", "е")


def surname_forms(word: str) -> tuple[str, ...]:
    """Case forms of a Russian masculine surname in -ов/-ев/-ин/-ын (Чиков -> Чикова, Чиковым),
    for the surnames pymorphy reads otherwise first; () for any other word."""
    if len(word) < 5 or not word.endswith(("ов", "ев", "ин", "ын")) or not is_cyrillic(word):
        return ()
    return (word, *(word + end for end in _SURNAME_ENDINGS))


# Belarusian aliases are given in the nominative; their case forms by the ending (nouns and
# the adjectives of a name): Мемарыял -> Мемарыяла, Мемарыялам; Маскоўская -> Маскоўскай;
# Праваабарончы -> Праваабарончага; Расія -> Расіі. A short word (за, з) stays as written.
_BE_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ая", ("ай", "ую", "аю", "ой")),
    ("ае", ("ага", "аму", "ым")),
    ("ы", ("ага", "аму", "ым", "ыя", "ых", "ымі")),
    ("і", ("ага", "аму", "ім", "ія", "іх", "імі")),
    ("я", ("і", "ю", "яй", "яю", "е")),
    ("а", ("ы", "і", "е", "у", "ай", "аю")),
)
_BE_CONSONANT_ENDINGS = ("а", "у", "ам", "е", "ы", "і", "аў", "амі", "ах")
_BE_VOWELS = frozenset("аеёіоуыэюяьў")


def belarusian_forms(word: str) -> tuple[str, ...]:
    """Case forms of a Belarusian alias word by its ending; () for a short or fixed word."""
    if len(word) < 4 or not is_cyrillic(word):
        return ()
    for ending, endings in _BE_ENDINGS:
        if word.endswith(ending):
            stem = word[: -len(ending)]
            return (word, *(stem + end for end in endings))
    if word[-1] in _BE_VOWELS or word[-1] not in CYRILLIC:
        return ()
    return (word, *(word + end for end in _BE_CONSONANT_ENDINGS))
