"""Excerpt options: which quotes belong on a CSO's clipping."""

from __future__ import annotations

from pipelines.quotes.options import quotes_for_cso, speaker_is_cso, speaker_names
from pipelines.types import Mention, Quote

OVD = {
    "id": "ovd-info",
    "name": "OVD-Info",
    "aliases": {"en": ["OVD-Info"], "ru": ["ОВД-Инфо"]},
    "people": [{"names": ["Grigory Okhotin", "Григорий Охотин"]}],
}


def _q(text: str, speaker: str | None, paragraph: int) -> Quote:
    return Quote(text=text, speaker=speaker, paragraph=paragraph, paragraphs=[paragraph])


def _m(paragraph: int | None, field: str = "body") -> Mention:
    return Mention("ovd-info", "OVD-Info", field, paragraph, 0, 8)  # type: ignore[arg-type]


def test_quotes_by_key_people_and_near_mentions_qualify() -> None:
    quotes = [
        _q("We will keep working", "Grigory Okhotin", 9),  # a key person, far away
        _q("It is a disgrace", "Anna Petrova", 3),  # beside the mention in paragraph 4
        _q("Prices rose", "Ivan Sidorov", 7),  # unrelated
        _q("We are closing", "OVD-Info", 12),  # the CSO's own statement
        _q("Мы продолжим", "Григорий Охотин", 10),
    ]
    chosen = quotes_for_cso(quotes, [_m(4)], OVD)
    assert [q.text for q in chosen] == [
        "We will keep working",
        "It is a disgrace",
        "We are closing",
        "Мы продолжим",
    ]


def test_a_lead_mention_makes_the_first_paragraph_relevant_and_a_title_nothing() -> None:
    quotes = [_q("First", "A B", 0), _q("Second", "C D", 1)]
    assert [q.text for q in quotes_for_cso(quotes, [_m(None, "lead")], OVD)] == ["First"]
    assert quotes_for_cso(quotes, [_m(None, "title")], OVD) == []


def test_speaker_is_one_of_the_csos_people() -> None:
    names = ["OVD-Info", "Grigory Okhotin"]
    assert speaker_is_cso("Grigory Okhotin", names)
    assert speaker_is_cso("OVD-Info co-founder Grigory Okhotin", names)
    assert speaker_is_cso("Okhotin", names)
    assert speaker_is_cso("OVD-Info", names)
    assert not speaker_is_cso("Dmitry Peskov", names)
    assert not speaker_is_cso(None, names)


def test_speaker_names_are_folded_and_a_short_surname_needs_the_initial() -> None:
    names = speaker_names(
        {"id": "golos", "name": "Golos", "people": [["Yuri Li", "Пётр Ёлкин"]], "aliases": {}}
    )
    assert names == {"golos", "yuri li", "петр елкин"}
    assert speaker_is_cso("GOLOS", names)  # case
    assert speaker_is_cso("Петр Елкин", names) and speaker_is_cso("П. Ёлкин", names)  # ё/е
    assert speaker_is_cso("Y. Li", names) and speaker_is_cso("Yuri Li", names)
    assert not speaker_is_cso("Li", names) and not speaker_is_cso("A. Li", names)
    assert not speaker_is_cso(".", names) and not speaker_is_cso("", names)
