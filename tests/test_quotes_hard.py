"""Issue 16, part 2: the quote finder on the hard set, each rule added for it, and bad input.

``tests/data/quotes_hard.jsonl`` (114 documents written for the issue, 58 English and 56
Russian, each with a ``kind``) is split by ``bench.quotes_eval.held_back`` (first byte of the
SHA-1 of the id divisible by 3: 31 documents). The rules were written against the tuning part;
the held-back part was scored once before and once after, never read case by case. The floors
sit a little under the figures of that last run (bench/README.md, "Quote quality") so that a
regression fails while a run-to-run change of one quote does not.
"""

from __future__ import annotations

import re
import time
from collections import Counter

import pytest

from bench.quotes_eval import HARD, evaluate, hard_parts, load_documents, token_f1
from pipelines.quotes import find_quotes
from pipelines.types import Quote


def quotes(paragraphs: list[str], language: str | None = None) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in find_quotes(paragraphs, language=language)]


# --- the set ------------------------------------------------------------------------------------


def test_hard_set_is_large_varied_and_consistent() -> None:
    docs = load_documents(HARD)
    assert len(docs) >= 110
    langs = Counter(d["lang"] for d in docs)
    assert langs["en"] >= 50 and langs["ru"] >= 50
    assert len({d["id"] for d in docs}) == len(docs)
    kinds = " ".join(d["kind"] for d in docs)
    for kind in ("interrupted", "multipara", "prev-para", "pronoun", "role", "said-after",
                 "single", "straight", "decoy-slogan", "decoy-name", "decoy-title",
                 "decoy-scare", "unmatched"):  # fmt: skip
        assert kind in kinds, kind
    assert sum(len(d["decoys"]) for d in docs) >= 50
    for doc in docs:
        for q in doc["quotes"]:
            spanned = " ".join(doc["paragraphs"][p] for p in q["paragraphs"])
            assert all(piece in spanned for piece in re.split(r"\s+", q["text"]) if piece)
        for decoy in doc["decoys"]:
            assert any(decoy in p for p in doc["paragraphs"]), (doc["id"], decoy)
            assert all(token_f1(decoy, q["text"]) < 0.8 for q in doc["quotes"])
    tune, held = hard_parts()
    assert len(tune) + len(held) == len(docs) and 25 <= len(held) <= 45


# floors: (F1, speaker accuracy, end-to-end F1); decoys taken must stay 0 on the tuning part
TUNE_FLOORS = {"en": (0.97, 0.97, 0.95), "ru": (0.97, 0.97, 0.95), "all": (0.97, 0.97, 0.95)}
HELD_FLOORS = {"all": (0.95, 0.85, 0.84)}  # last run: 0.986, 0.886, 0.873; 1 decoy taken


def test_hard_set_tuning_part_meets_the_floors(report) -> None:
    tune, _held = hard_parts()
    scores = evaluate(tune, find_quotes)
    for label, (f1, speaker, e2e) in TUNE_FLOORS.items():
        s = scores[label]
        report(s.line(f"hard/tune {label}"))
        assert s.f1 >= f1, (label, s.errors)
        assert s.speaker_accuracy >= speaker, (label, s.errors)
        assert s.e2e_f1 >= e2e, (label, s.errors)
    assert scores["all"].decoys_taken == 0, scores["all"].errors


def test_hard_set_held_back_part_meets_the_floors(report) -> None:
    """Only the pooled figures are checked (and printed): the part is not read case by case."""
    _tune, held = hard_parts()
    scores = evaluate(held, find_quotes)
    for label, (f1, speaker, e2e) in HELD_FLOORS.items():
        s = scores[label]
        report(s.line(f"hard/held-back {label}"))
        assert s.f1 >= f1
        assert s.speaker_accuracy >= speaker
        assert s.e2e_f1 >= e2e
    assert scores["all"].decoys_taken <= 1


def test_end_to_end_f1_counts_a_wrong_speaker_as_a_miss() -> None:
    doc = {"id": "x", "paragraphs": ["p"], "quotes": [
        {"text": "We will go on", "speaker": "Anna Petrova", "paragraphs": [0]},
        {"text": "They came at six", "speaker": "Anna Petrova", "paragraphs": [0]},
    ], "decoys": []}  # fmt: skip
    predicted = [
        Quote(text="We will go on", speaker="Anna Petrova", paragraph=0, paragraphs=[0]),
        Quote(text="They came at six", speaker="Ivan Petrov", paragraph=0, paragraphs=[0]),
    ]
    s = evaluate([doc], lambda _paragraphs: predicted)["all"]
    assert s.f1 == 1.0 and s.speaker_accuracy == 0.5 and s.e2e_f1 == 0.5


# --- interrupted quotes -------------------------------------------------------------------------


def test_an_interrupted_sentence_is_one_quote() -> None:
    assert quotes(["“We will pay,” said Anna Petrova, a lawyer, “but we will not stop.”"]) == [
        ("We will pay, but we will not stop.", "Anna Petrova")
    ]


def test_author_words_that_end_a_sentence_part_two_quotes() -> None:
    paras = [
        "Правозащитник Лев Пономарев прокомментировал решение суда.",
        "«Это не правосудие», — сказал он. — «Это расправа».",
    ]
    assert quotes(paras) == [
        ("Это не правосудие", "Лев Пономарев"),
        ("Это расправа", "Лев Пономарев"),
    ]


def test_a_short_quote_resumes_only_right_after_an_attributed_one() -> None:
    """The same two words in a paragraph of their own are no resumption (and no quote)."""
    paras = [
        "Правозащитник Лев Пономарев прокомментировал решение суда.",
        "«Это не правосудие», — сказал он.",
        "«Это расправа».",
    ]
    assert quotes(paras) == [("Это не правосудие", "Лев Пономарев")]


# --- speakers across paragraphs -----------------------------------------------------------------


def test_a_quote_paragraph_takes_the_person_named_two_paragraphs_before() -> None:
    paras = [
        "Alexei Tarasov runs a shelter in Nizhny Novgorod.",
        "The city says the building is unsafe.",
        "“Forty people will be on the street in winter.”",
    ]
    assert quotes(paras) == [("Forty people will be on the street in winter.", "Alexei Tarasov")]


def test_no_speaker_from_further_back_or_across_another_quote() -> None:
    far = [
        "Alexei Tarasov runs a shelter in Nizhny Novgorod.",
        "The city says the building is unsafe.",
        "It has forty beds. The order came on Monday.",
        "“Forty people will be on the street in winter.”",
    ]
    assert quotes(far) == [("Forty people will be on the street in winter.", None)]
    between = [
        "Alexei Tarasov runs a shelter in Nizhny Novgorod.",
        "“We have no money,” said the city's spokesman.",
        "“Forty people will be on the street in winter.”",
    ]
    assert quotes(between)[1] == ("Forty people will be on the street in winter.", None)


def test_a_place_after_v_is_not_a_person() -> None:
    paras = [
        "Журналистка Зоя Светова живет в Берлине.",
        "В Берлине она рассказала о колонии.",
        "«Женщины шьют форму по шестнадцать часов в сутки».",
    ]
    assert quotes(paras) == [("Женщины шьют форму по шестнадцать часов в сутки", "Зоя Светова")]


def test_an_unreadable_surname_of_a_named_person_is_the_speaker() -> None:
    paras = ["На встрече выступила адвокат Мария Эйсмонт.", "«Суды не лучше», — ответила Эйсмонт."]
    assert quotes(paras) == [("Суды не лучше", "Мария Эйсмонт")]
    other = ["На встрече выступила адвокат Мария Петрова.", "«Суды не лучше», — ответила Эйсмонт."]
    assert quotes(other) == [("Суды не лучше", None)]


# --- role nouns, gender -------------------------------------------------------------------------


def test_a_role_noun_takes_the_gender_of_its_verb() -> None:
    paras = [
        "На заседание пришли адвокат Мария Эйсмонт и адвокат Иван Петров.",
        "«Доказательств в деле нет», — заявила адвокат.",
    ]
    assert quotes(paras) == [("Доказательств в деле нет", "Мария Эйсмонт")]


def test_a_feminine_role_noun_is_a_woman_of_that_role_or_nobody() -> None:
    paras = [
        "Адвокат Алексея Горинова Анна Ставицкая сообщила, что он болен.",
        "«Его держат в холодной камере», — подчеркнула защитница.",
    ]
    assert quotes(paras) == [("Его держат в холодной камере", "Анна Ставицкая")]
    only_a_man = [
        "Правозащитник Игорь Каляпин выступил в суде.",
        "«Нас ликвидируют», — заявила правозащитница.",
    ]
    assert quotes(only_a_man) == [("Нас ликвидируют", None)]


def test_a_common_gender_first_name_is_put_in_the_nominative() -> None:
    paras = [
        "Суд приговорил художницу Сашу Скочиленко к семи годам.",
        "«Я не преступница», — сказала Скочиленко.",
    ]
    assert quotes(paras) == [("Я не преступница", "Саша Скочиленко")]


def test_a_role_does_not_reach_across_a_relative_clause() -> None:
    paras = [
        "Ivan Pavlov, the lawyer who founded Team 29, left Russia in 2021.",
        "“Our work did not end,” the lawyer said.",
    ]
    assert quotes(paras) == [("Our work did not end,", "Ivan Pavlov")]
    plain = ["The lawyer Anna Petrova filed an appeal.", "“Our work did not end,” the lawyer said."]
    assert quotes(plain) == [("Our work did not end,", "Anna Petrova")]


def test_answered_introduces_a_one_word_quote() -> None:
    paras = ["Asked about the decision, Lev Ponomarev answered with one word: “Disgraceful.”"]
    assert quotes(paras) == [("Disgraceful.", "Lev Ponomarev")]


# --- decoys -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraph",
    [
        "Protesters chanted “We are the power here” as they marched.",
        "They held posters reading “Freedom for political prisoners” and “No to war.”",
        "On Friday the group “Memorial” and “Russia will be free” posters were seen.",
        "Участники шествия скандировали «Мы здесь власть».",
        "У суда стояли люди с плакатами «Нет войне» и «Россия будет свободной».",
        "The law bans the “propaganda of non-traditional sexual relations” and is used widely.",
        "Закон запрещает «пропаганду нетрадиционных сексуальных отношений» и применяется часто.",
    ],
)
def test_slogans_lists_of_names_and_terms_are_refused(paragraph: str) -> None:
    assert quotes([paragraph]) == []


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (
            ["“We are the power here,” said Anna Petrova, one of the organisers."],
            [("We are the power here,", "Anna Petrova")],
        ),
        (
            ["«Мы здесь власть», — сказала организатор шествия Анна Петрова."],
            [("Мы здесь власть", "Анна Петрова")],
        ),
        (
            [
                "У суда стояли люди с плакатами «Свободу политзаключенным». «Нас задержали "
                "ни за что», — сказала Анна Петрова."
            ],
            [("Нас задержали ни за что", "Анна Петрова")],
        ),
        (
            ["Activists said the prison staff had “beaten people for months” without a trial."],
            [("beaten people for months", None)],
        ),
    ],
)
def test_the_same_words_spoken_are_quotes(
    paragraphs: list[str], expected: list[tuple[str, str | None]]
) -> None:
    assert quotes(paragraphs) == expected


# --- bad input ----------------------------------------------------------------------------------

BAD_INPUT_SECONDS = 90.0  # generous: the machine is shared; the bench measures the real figure


def _timed(paragraphs: list[str]) -> tuple[list[Quote], float]:
    start = time.perf_counter()
    found = find_quotes(paragraphs)
    return found, time.perf_counter() - start


def test_five_megabytes_of_news_return_in_bounded_time() -> None:
    para = (
        "“We will not stop,” said Anna Petrova, a lawyer with OVD-Info. She called it “absurd.” "
        "The group “Memorial” said: “It goes on.” "
    ) * 14
    n = 5_000_000 // len(para.encode()) + 1
    found, seconds = _timed([para] * n)
    assert len(found) >= 3 * n and seconds < BAD_INPUT_SECONDS


@pytest.mark.parametrize(
    "text",
    [
        "“" * 100_000,
        '"' * 100_000,
        "«»" * 50_000,
        "a “b” " * 50_000,
        'Анна Petrova сказала «We will» — said Иван „ok“ ‘x’ " ' * 2_000,
        "«Мы не уйдём, — сказала она. “Open " * 20_000,
        "— Мы не уйдём, — сказала она, — " * 20_000,
        "»“‘„" * 25_000 + "\u200b\ufeff\U0001f600" * 1000,
    ],
    ids=[
        "curly-open",
        "straight",
        "empty-pairs",
        "quoted-words",
        "mixed-scripts",
        "unmatched",
        "dialogue-run",
        "stray-closers",
    ],  # fmt: skip
)
def test_pathological_marks_return_without_exception(text: str) -> None:
    found, seconds = _timed([text])
    assert isinstance(found, list) and seconds < BAD_INPUT_SECONDS
    found, _seconds = _timed([text[: len(text) // 2], text[len(text) // 2 :]])
    assert isinstance(found, list)
