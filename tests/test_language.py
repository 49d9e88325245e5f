"""detect_language: Russian or English from the script, and None for too few letters."""

from __future__ import annotations

import pytest

from pipelines.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Верховный суд России назначил дату слушаний по иску о ликвидации.", "ru"),
        ("A Moscow court fined the human rights group OVD-Info on Tuesday.", "en"),
        # more Cyrillic than Latin letters: Russian, whatever names stand in Latin letters
        ("Правозащитный центр «Мемориал» (Memorial) обжаловал решение суда.", "ru"),
        ("The group's Russian name, «Мемориал», means memorial in English too.", "en"),
    ],
)
def test_the_script_with_more_letters_decides(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_too_few_letters_say_nothing_unless_asked() -> None:
    assert detect_language("«Мы не уйдём»") is None
    assert detect_language("2021-10-19, 12:45 —") is None
    assert detect_language("«Мы не уйдём»", min_letters=0) == "ru"
    assert detect_language("", min_letters=0) == "en"
