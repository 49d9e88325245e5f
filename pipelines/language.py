"""Language primitives (pure): a text's language from its script, and the Russian dictionary.

    detect_language(text) -> "ru" | "en" | None
    russian_morphology() -> pymorphy3.MorphAnalyzer

``detect_language`` is used where a page does not say its language (``pipelines.extract``) and
by the quote finder when it is given none (``pipelines.quotes``). ``russian_morphology`` is the
one pymorphy3 analyser of the process (an immutable dictionary, costly to load, safe to share
between calls and threads), used by the mention matcher, the quote finder and the store's
search analyser.
"""

from __future__ import annotations

import functools
import re

import pymorphy3

CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
_LATIN = re.compile(r"[a-zA-Z]")


def detect_language(text: str, min_letters: int = 20) -> str | None:
    """``"ru"`` when Cyrillic letters outnumber Latin ones, else ``"en"``; None when the text
    has fewer than ``min_letters`` letters of the two scripts (too little to tell)."""
    cyrillic, latin = len(CYRILLIC.findall(text)), len(_LATIN.findall(text))
    if cyrillic + latin < min_letters:
        return None
    return "ru" if cyrillic > latin else "en"


@functools.cache
def russian_morphology() -> pymorphy3.MorphAnalyzer:
    """The shared pymorphy3 analyser (loaded on first use)."""
    return pymorphy3.MorphAnalyzer(lang="ru")
