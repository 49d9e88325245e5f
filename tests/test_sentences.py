"""Sentence splitting (pipelines.sentences): English and Russian, abbreviations, quotes."""

from __future__ import annotations

import pytest

from pipelines.sentences import sentence_around, sentence_bounds, sentence_spans


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Police detained 40 people. OVD-Info counted them all. Lawyers went to court.",
            ["Police detained 40 people.", "OVD-Info counted them all.", "Lawyers went to court."],
        ),
        ("Is it over? No! It goes on…  And on.", ["Is it over?", "No!", "It goes on…", "And on."]),
        ("The fine was upheld. 300 people signed.", ["The fine was upheld.", "300 people signed."]),
        # a full stop before a small letter, or inside a word, ends nothing
        ("Gulagu.net said so. it went on.", ["Gulagu.net said so. it went on."]),
        (
            "Суд оштрафовал «Мемориал». Ёлкин не пришёл. Заседание отложено!",
            ["Суд оштрафовал «Мемориал».", "Ёлкин не пришёл.", "Заседание отложено!"],
        ),
        ("", [""]),
    ],
)
def test_sentences_end_at_a_stop_before_a_capital_or_digit(text: str, sentences: list[str]) -> None:
    assert _sentences(text) == sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Mr. Osechkin spoke on Friday. Dr. Smith did not.", ["Mr. Osechkin spoke on Friday.",
                                                              "Dr. Smith did not."]),
        ("The court fined V. Ivanov 500,000 rubles. It was the third fine.",
         ["The court fined V. Ivanov 500,000 rubles.", "It was the third fine."]),
        ("The hearing is on Sept. 12. Nothing else.", ["The hearing is on Sept. 12.",
                                                      "Nothing else."]),
        ("Суд вызвал В. Путина. Он не пришёл.", ["Суд вызвал В. Путина.", "Он не пришёл."]),
        ("Офис на ул. Ленина закрыт. Его опечатали в г. Москва.",
         ["Офис на ул. Ленина закрыт.", "Его опечатали в г. Москва."]),
    ],
)  # fmt: skip
def test_abbreviations_and_initials_end_no_sentence(text: str, sentences: list[str]) -> None:
    assert _sentences(text) == sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("“Why us?” he asked. “Because.” That was all.",
         ["“Why us?” he asked.", "“Because.”", "That was all."]),
        ('He said: "We stay." (Nobody left.) The end.',
         ['He said: "We stay."', "(Nobody left.)", "The end."]),
        ("«Мы не уйдём», — сказал он. «Никогда.» Все молчали.",
         ["«Мы не уйдём», — сказал он.", "«Никогда.»", "Все молчали."]),
    ],
)  # fmt: skip
def test_closing_quotes_stay_with_their_sentence(text: str, sentences: list[str]) -> None:
    assert _sentences(text) == sentences


@pytest.mark.parametrize(
    ("text", "start", "end", "sentence"),
    [
        ("One. Two OVD-Info here! Three.", 9, 17, "Two OVD-Info here!"),
        ("OVD-Info first. Then more.", 0, 8, "OVD-Info first."),
        ("He said: “OVD-Info helped.” Then left.", 10, 18, "He said: “OVD-Info helped.”"),
        ("No end OVD-Info", 7, 15, "No end OVD-Info"),
        ("Gulagu.net said so. Yes.", 0, 10, "Gulagu.net said so."),
        (
            "Mr. Smith spoke to OVD-Info today. Then left.",
            19,
            27,
            "Mr. Smith spoke to OVD-Info today.",
        ),
        ("Дело В. Осечкина. «Мемориал» помог. Всё.", 18, 28, "«Мемориал» помог."),
    ],
)
def test_sentence_around(text: str, start: int, end: int, sentence: str) -> None:
    assert text[start:end] in sentence
    assert sentence_around(text, start, end) == sentence


def test_a_span_over_two_sentences_takes_both_and_offsets_are_kept_in_the_text() -> None:
    text = "First one. Second one. Third one."
    assert sentence_around(text, text.index("one"), text.index("Second") + 3) == (
        "First one. Second one."
    )
    assert sentence_bounds(text, -5, 2) == (0, len("First one."))
    assert sentence_bounds(text, 999, 1000) == (text.index("Third"), len(text))
    # the space between two sentences belongs to the one before it
    assert sentence_around(text, len("First one."), len("First one.")) == "First one."
