"""Issue 16, part 1: the hard cases (``tests/data/mentions_hard.jsonl``) and the rules they led to.

The set (185 cases written for it: 54 en, 97 ru, 34 be; 90 hard negatives) holds the error kinds
the maintainers' hidden sets showed: another entity with a tracked name (Memorial Hospital, a war
memorial, «мемориал», the Tal Memorial), "golos" as a voice or a vote, namesakes of key people,
common Russian words in an inflected form, people named with their role, Belarusian forms, and
names broken by a line break, a soft hyphen or a hyphen at a line end. Each case is tagged
with its kind.

Split: a case is held back when the first byte of the SHA-1 of its id is divisible by 3
(``bench.mentions_eval.held_back``): 62 held back, 123 to tune on. The held-back part was scored
before the rules and once after them, never looked at case by case while tuning:

    tune       P 0.855 -> 1.000   R 0.835 -> 0.988
    held-back  P 0.750 -> 0.842   R 0.938 -> 1.000

So the rules generalise for recall (Belarusian forms) and part of the way for precision: the
held-back part still has 6 false mentions (kinds: common words, a namesake, another entity).
Two labels were corrected after the first run, both errors of the set, not of the finder:
hard-ru-030 labels the inflected head «движения «Голос»» as the other sets do, and hard-en-044
also expects "Idite Lesom" (named in the sentence). Figures per language and kind:
``python -m bench.mentions_eval --held-back --tags``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench.mentions_eval import Score, held_back, load, score
from pipelines.mentions import find_mentions
from pipelines.mentions.morph import belarusian_forms, surname_forms
from pipelines.registry import Registry, RegistryError, load_registry, registry_from_dicts

ROOT = Path(__file__).resolve().parent.parent
# (precision, recall) floors, a little under the figures the round ended with
FLOORS = {"tune": (0.98, 0.98), "held-back": (0.82, 0.98)}


@pytest.fixture(scope="module")
def reg() -> Registry:
    return load_registry(ROOT / "config" / "csos.yaml")


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return load("mentions_hard.jsonl")


def found(text: str, reg: Registry) -> list[tuple[str, str]]:
    return [(m.cso, m.surface) for m in find_mentions(text, reg)]


def test_the_set_is_big_half_negative_and_well_formed(items: list[dict], reg: Registry) -> None:
    assert len(items) >= 150
    assert len({item["id"] for item in items}) == len(items)
    langs = Counter(item["lang"] for item in items)
    assert langs["en"] >= 40 and langs["ru"] >= 40 and langs["be"] >= 30
    negatives = sum(item["kind"] == "negative" for item in items)
    assert 0.4 <= negatives / len(items) <= 0.6
    known = {cso.id for cso in reg}
    for item in items:
        assert (item["kind"] == "negative") == (not item["mentions"]), item["id"]
        for m in item["mentions"]:
            assert m["cso"] in known and m["surface"] in item["text"], item["id"]
    held = [item for item in items if held_back(item["id"])]
    assert 0.25 <= len(held) / len(items) <= 0.42  # a third by the hash
    for kind in ("belarusian", "namesake", "other-entity", "person", "hyphenation"):
        assert any(kind in item["tags"] for item in held), kind


@pytest.mark.parametrize("part", sorted(FLOORS))
def test_hard_set_floors(part: str, items: list[dict], reg: Registry, report) -> None:
    chosen = [item for item in items if held_back(item["id"]) == (part == "held-back")]
    total, langs, _, failures = score(chosen, reg)
    figures = f"mentions (hard/{part}): {total.line()}; " + "; ".join(
        f"{lang} P={s.precision:.3f} R={s.recall:.3f}" for lang, s in sorted(langs.items())
    )
    print("\n" + figures)
    report(figures)
    low_precision, low_recall = FLOORS[part]
    assert total.precision >= low_precision, failures
    assert total.recall >= low_recall, failures


def test_score_counts_pairs() -> None:
    s = Score()
    s.add(Counter({("a", "x"): 1, ("b", "y"): 1}), Counter({("a", "x"): 1, ("c", "z"): 1}), False)
    s.add(Counter({("a", "x"): 1}), Counter(), True)
    assert (s.tp, s.fp, s.fn, s.dirty, s.negatives) == (1, 2, 1, 1, 1)
    assert s.precision == pytest.approx(1 / 3) and s.recall == pytest.approx(1 / 2)


# --- the rules, each shown both ways --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Сябры «Мемарыяла» сабралі подпісы.", [("memorial", "Мемарыяла")]),
        ("Уручылі «Мемарыялу» прэмію.", [("memorial", "Мемарыялу")]),
        ("Апытанне Левада-цэнтра выйшла.", [("levada-center", "Левада-цэнтра")]),
        (
            "Даклад Маскоўскай Хельсінкскай групы.",
            [("moscow-helsinki-group", "Маскоўскай Хельсінкскай групы")],
        ),
        ("Каля мемарыяла ўсклалі кветкі.", []),  # lower case: a monument
    ],
)
def test_belarusian_aliases_match_in_every_case(
    reg: Registry, text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(text, reg) == expected


def test_belarusian_forms_by_ending() -> None:
    assert {"мемарыяла", "мемарыялу", "мемарыялам"} <= set(belarusian_forms("мемарыял"))
    assert "маскоўскай" in belarusian_forms("маскоўская")
    assert "праваабарончага" in belarusian_forms("праваабарончы")
    assert "расіі" in belarusian_forms("расія")
    assert belarusian_forms("за") == () and belarusian_forms("катаванняў") == ()


def test_surname_pymorphy_reads_as_a_plural_still_inflects(reg: Registry) -> None:
    assert "чикова" in surname_forms("чиков")
    text = "Глава «Агоры» Павел Чиков выступил. По словам Чикова, дело беспрецедентно."
    assert ("agora", "Чикова") in found(text, reg)
    assert found("Чикова сообщила о проверке.", reg) == []  # no full name in the text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Хоккеист Олег Орлов перешел в другой клуб.", False),
        ("Актриса Ольга Романова сыграла в спектакле.", False),
        ("Lev Gudkov, a chess coach from Tula, won the title.", False),
        ("The poet Ivan Zhdanov read new poems.", False),
        ("Правозащитник Олег Орлов вышел на свободу.", True),
        ("Lev Gudkov, a sociologist, said trust had fallen.", True),
        ("Lev Gudkov said, a day later, that the coach was wrong.", True),  # no apposition
    ],
)
def test_another_trade_marks_a_namesake(reg: Registry, text: str, expected: bool) -> None:
    assert bool(found(text, reg)) is expected, found(text, reg)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Карлсен выиграл Мемориал Таля в Москве.", False),  # a tournament named after Tal
        ("Эксперты Мемориала Ян Рачинский и Ирина Щербакова выступили.", True),
    ],
)
def test_memorial_before_a_lone_name_is_a_tournament(
    reg: Registry, text: str, expected: bool
) -> None:
    assert any(cso == "memorial" and s.startswith("Мемориал") for cso, s in found(text, reg)) is (
        expected
    )


def test_negative_context_words_of_a_cso(reg: Registry) -> None:
    assert found("Ivan Pavlov's experiments with dogs made him famous.", reg) == []
    assert found("Опыты Ивана Павлова на собаках известны всем.", reg) == []
    assert found("Певица победила в проекте «Голос» на Первом канале.", reg) == []
    kept = found("Lawyer Ivan Pavlov said his client would appeal.", reg)
    assert kept == [("team-29", "Ivan Pavlov")]
    assert found("Движение «Голос» насчитало тысячи нарушений.", reg) == [
        ("golos", "Движение «Голос»")
    ]
    # far from the name, or in another sentence, the word says nothing
    text = "Ivan Pavlov defended the journalist. Police later seized his dogs."
    assert found(text, reg) == [("team-29", "Ivan Pavlov")]


def test_negative_words_in_the_registry() -> None:
    row = {"id": "x", "name": "Xyz", "aliases": {"en": ["Xyz Group"]}, "negative": ["dogs"]}
    registry = registry_from_dicts([row])
    assert registry.csos[0].negative == ["dogs"]
    assert registry.csos[0].to_dict()["negative"] == ["dogs"]
    with pytest.raises(RegistryError, match="one word"):
        registry_from_dicts([{**row, "negative": ["two words"]}])


@pytest.mark.parametrize(
    ("text", "surface", "evidence", "confidence"),
    [
        ("Суд ликвидировал «Мемориал».", "Мемориал", "quoted", "high"),
        ("The rights group Memorial appealed.", "Memorial", "cue", "high"),
        ("Prosecutors went after Memorial in 2021.", "Memorial", "capital", "medium"),
        ("OVD-Info counted the detentions.", "OVD-Info", "alias", "high"),
        ("Oleg Orlov was released.", "Oleg Orlov", "person", "medium"),
        ("Memorial's co-chair Oleg Orlov was released.", "Oleg Orlov", "role", "high"),
        ("Правозащитника Олега Орлова освободили.", "Олега Орлова", "role", "high"),
        ("Denis Volkov scored twice.", "Denis Volkov", "person", "medium"),
        ("Данные на сайте memohrc.org обновили.", "memohrc.org", "link", "high"),
        # the ambiguous name at a sentence start counts only through the unambiguous one
        ("Международный Мемориал выпустил доклад. Мемориал продолжит работу.",
         "Мемориал", "elsewhere", "low"),
        ("Oleg Orlov spoke first. Police said Orlov would appeal.",
         "Orlov", "surname", "medium"),
    ],
)  # fmt: skip
def test_every_mention_carries_its_evidence_and_confidence(
    reg: Registry, text: str, surface: str, evidence: str, confidence: str
) -> None:
    mentions = [m for m in find_mentions(text, reg) if m.surface == surface]
    assert mentions, found(text, reg)
    assert (mentions[-1].evidence, mentions[-1].confidence) == (evidence, confidence)


def test_evidence_and_confidence_on_every_labelled_mention(reg: Registry) -> None:
    for name in ("mentions_labelled.jsonl", "mentions_holdout2.jsonl"):
        for item in load(name):
            for m in find_mentions(item["text"], reg):
                assert m.evidence and m.confidence in ("high", "medium", "low"), item["id"]
