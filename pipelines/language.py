"""The language of a text from its script (pure): Russian or English.

    detect_language(text) -> "ru" | "en" | None

Used where a page does not say its language (``pipelines.extract``) and by the quote finder
when it is given none (``pipelines.quotes``).
"""

from __future__ import annotations

import re

CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
_LATIN = re.compile(r"[a-zA-Z]")


def detect_language(text: str, min_letters: int = 20) -> str | None:
    """``"ru"`` when Cyrillic letters outnumber Latin ones, else ``"en"``; None when the text
    has fewer than ``min_letters`` letters of the two scripts (too little to tell)."""
    cyrillic, latin = len(CYRILLIC.findall(text)), len(_LATIN.findall(text))
    if cyrillic + latin < min_letters:
        return None
    return "ru" if cyrillic > latin else "en"
