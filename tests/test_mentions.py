"""Targeted tests, one group per requirement of the matcher."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from pipelines.mentions import find_mentions, mentions_by_cso
from pipelines.mentions.text import fold_text
from pipelines.registry import Registry, load_registry
from pipelines.types import Article

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def reg() -> Registry:
    return load_registry(ROOT / "config" / "csos.yaml")


def found(text: str, reg: Registry) -> list[tuple[str, str]]:
    return [(m.cso, m.surface) for m in find_mentions(text, reg)]


# --- Russian inflection: every case, written out by hand ------------------------------------

INFLECTION = {
    "memorial": ["Мемориал", "Мемориала", "Мемориалу", "Мемориал", "Мемориалом", "Мемориале"],
    "committee-against-torture": [
        "Комитет против пыток",
        "Комитета против пыток",
        "Комитету против пыток",
        "Комитет против пыток",
        "Комитетом против пыток",
        "Комитете против пыток",
    ],
    "levada-center": [
        "Левада-центр",
        "Левада-центра",
        "Левада-центру",
        "Левада-центр",
        "Левада-центром",
        "Левада-центре",
    ],
    "golos": ["Голос", "Голоса", "Голосу", "Голос", "Голосом", "Голосе"],
    "moscow-helsinki-group": [
        "Московская Хельсинкская группа",
        "Московской Хельсинкской группы",
        "Московской Хельсинкской группе",
        "Московскую Хельсинкскую группу",
        "Московской Хельсинкской группой",
        "Московской Хельсинкской группе",
    ],
    "fbk": [
        "Фонд борьбы с коррупцией",
        "Фонда борьбы с коррупцией",
        "Фонду борьбы с коррупцией",
        "Фонд борьбы с коррупцией",
        "Фондом борьбы с коррупцией",
        "Фонде борьбы с коррупцией",
    ],
    "soldiers-mothers": [
        "Комитет солдатских матерей",
        "Комитета солдатских матерей",
        "Комитету солдатских матерей",
        "Комитет солдатских матерей",
        "Комитетом солдатских матерей",
        "Комитете солдатских матерей",
    ],
    "vesna": ["Весна", "Весны", "Весне", "Весну", "Весной", "Весне"],
    "sphere": ["Сфера", "Сферы", "Сфере", "Сферу", "Сферой", "Сфере"],
    "agora": ["Агора", "Агоры", "Агоре", "Агору", "Агорой", "Агоре"],
    "russia-behind-bars": [
        "Русь сидящая",
        "Руси сидящей",
        "Руси сидящей",
        "Русь сидящую",
        "Русью сидящей",
        "Руси сидящей",
    ],
    "dissernet": [
        "Диссернет",
        "Диссернета",
        "Диссернету",
        "Диссернет",
        "Диссернетом",
        "Диссернете",
    ],
}


@pytest.mark.parametrize("cso", sorted(INFLECTION))
@pytest.mark.parametrize("case", range(6))
def test_every_case_matches(reg: Registry, cso: str, case: int) -> None:
    form = INFLECTION[cso][case]
    # quoted, so ambiguous names have their evidence; the quotes are not part of the surface
    assert found(f"Юристы говорят о «{form}» всё чаще.", reg) == [(cso, form)]
    if cso not in ("memorial", "golos", "vesna", "sphere", "agora"):
        assert found(f"Юристы говорят о {form} всё чаще.", reg) == [(cso, form)]


def test_ambiguous_inflected_forms_match_mid_sentence(reg: Registry) -> None:
    assert found("Суд обязал Мемориалом заняться прокуратуру.", reg) == [("memorial", "Мемориалом")]
    assert found("Наблюдатели от Голоса не пришли.", reg) == [("golos", "Голоса")]


def test_lemmatiser_ambiguity_does_not_merge_common_words(reg: Registry) -> None:
    assert found("ГУЛАГ, ГУЛАГу, ГУЛАГа: слово вошло во все языки.", reg) == []
    assert found("Мемориальный комплекс и мемориальная доска.", reg) == []
    assert found("Голосовать будут весной, голоса посчитают в мае.", reg) == []


# --- written variants -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "According to OVD-Info, police detained 40.",
        "According to OVD Info, police detained 40.",
        "According to OVD–Info, police detained 40.",
        "According to OVD\u2011Info, police detained 40.",
        "According to OVD - Info, police detained 40.",
        "According to ovd-info, police detained 40.",
        "According to OVD-INFO, police detained 40.",
        "According to OVDInfo, police detained 40.",
        "According to «ОВД-Инфо», police detained 40.",
        "According to „ОВД-Инфо“, police detained 40.",
        "According to OVD-In\u00adfo, police detained 40.",
    ],
)
def test_punctuation_and_case_variants(reg: Registry, text: str) -> None:
    [(cso, surface)] = found(text, reg)
    assert cso == "ovd-info"
    assert surface.strip("«»„“") == surface
    assert text.index(surface) > 0


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Videos published by Gulagu.net show abuse.", "Gulagu.net"),
        ("Videos published by Gulagu net show abuse.", "Gulagu net"),
        ("Videos published by Gulagunet show abuse.", "Gulagunet"),
        ("Видео опубликовал Гулагу.нет вчера.", "Гулагу.нет"),
        ("Проект Насилию.нет работает.", "Насилию.нет"),
    ],
)
def test_dotted_names(reg: Registry, text: str, surface: str) -> None:
    assert [s for _, s in found(text, reg)] == [surface]


def test_dotted_name_written_apart_needs_evidence(reg: Registry) -> None:
    assert found("Насилию — нет! Такие плакаты держали участницы.", reg) == []
    assert found("Скажем насилию нет.", reg) == []


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Сотрудники «Meмориала» (латинские M и e) работают.", "Meмориала"),
        ("Данные OВД-Инфо (латинская O) опубликованы.", "OВД-Инфо"),
        ("The group ОVD-Info (Cyrillic О) said so.", "ОVD-Info"),
        ("Members of the society Mеmorial (Cyrillic е) were fined.", "Mеmorial"),
        ("Эксперты Мемориа\u0301ла (с ударением) выступили.", "Мемориа\u0301ла"),
        ("Сотрудники Мемориала\u00a0и ОВД-Инфо выступили.", "Мемориала"),
    ],
)
def test_lookalike_letters_and_unicode_oddities(reg: Registry, text: str, surface: str) -> None:
    assert surface in [s for _, s in found(text, reg)]


def test_yo_and_ye_fold(reg: Registry) -> None:
    assert found("Лев Пономарев и Лев Пономарёв", reg) == [
        ("for-human-rights", "Лев Пономарев"),
        ("for-human-rights", "Лев Пономарёв"),
    ]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Memorial's lawyers appealed, the rights group said.", "Memorial"),
        ("OVD-Info’s data show a rise.", "OVD-Info"),
        ("Gulagu.net's founder spoke.", "Gulagu.net"),
        ("The Levada Center's latest poll.", "Levada Center"),
        ("Prosecutors targeted Memorial's Human Rights Centre.", "Memorial's Human Rights Centre"),
    ],
)
def test_english_possessives(reg: Registry, text: str, surface: str) -> None:
    assert [s for _, s in found(text, reg)] == [surface]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("The case was reported by the Committee Against\nTorture.", "Committee Against\nTorture"),
        ("Юристы Комитета против\n  пыток подали жалобу.", "Комитета против\n  пыток"),
        ("Архив Мемо-\nриала передан.", "Мемо-\nриала"),
        ("Данные ОВД-\nИнфо показывают рост.", "ОВД-\nИнфо"),
        ("По данным Левада-\nцентра, доверие упало.", "Левада-\nцентра"),
        (
            "Правозащит-\nный центр «Мемориал» признан иноагентом.",
            "Правозащит-\nный центр «Мемориал»",
        ),
    ],
)
def test_names_broken_across_lines(reg: Registry, text: str, surface: str) -> None:
    assert [s for _, s in found(text, reg)] == [surface]


def test_names_do_not_run_across_punctuation(reg: Registry) -> None:
    assert found("Они работали в комитете, против пыток выступали все.", reg) == []
    assert found("Russia's Levada. Center stage was empty.", reg) == [("levada-center", "Levada")]


# --- ambiguous names need proper-name evidence -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The court closed the rights group Memorial.", True),  # capital mid-sentence
        ("Memorial was closed by the court.", False),  # sentence start alone
        ('"Memorial" was closed by the court.', True),  # quotes
        ("Memorial human rights defenders were detained.", True),  # cue word
        ("Memorial, the NGO, was closed.", True),  # cue word
        ("Memorial said it would appeal.", True),  # a speech verb after the name
        ("The Lincoln Memorial was closed.", False),  # another proper name
        ("Memorial Day parades were cancelled.", False),
        ("A memorial service was held.", False),
        ("Memorial services were held for the rights activist.", False),
        ("They built a Memorial to the fallen.", False),
        ("Мемориал павшим воинам открыли в центре города.", False),
        ("Суд ликвидировал Мемориал в 2021 году.", True),
        ("На памятнике сделали надпись «Голос».", True),
        ("Голос избирателя важен.", False),
        ("Голос Америки сообщил об этом.", False),
        ("Шоу «Голос» вернулось в эфир.", False),
        ("Депутат Сергей Голос проголосовал против.", False),
        ("Весной движение провело акцию.", False),
        ("Весна Пусич выступила в Загребе.", False),
        ("ТЦ «Весна» закрыли.", False),
        ("В сфере услуг работает треть населения.", False),
        ("Сфера услуг пострадала.", False),
        ("Движение Весна провело пикет.", True),
        ("Агора — площадь в древнегреческом городе.", False),
        ("Memorial, which won the Nobel prize, kept working.", True),  # apposition
        ("Open Russia, the book by a historian, came out.", False),
        ("Memorial's archive was seized.", True),  # possessive
        ("The Memorial to the Victims of Communism stands in Washington.", False),
        ("The Levada brothers opened a restaurant.", False),
        ("Певица Весна рассказала об альбоме.", False),
        ("Голоса избирателей подсчитали к утру.", False),
        ("the memorial society met", False),  # a capitalised alias all in lower case
    ],
)
def test_ambiguous_evidence(reg: Registry, text: str, expected: bool) -> None:
    assert bool(found(text, reg)) is expected, found(text, reg)


def test_unambiguous_mention_elsewhere_is_evidence(reg: Registry) -> None:
    text = "Голос избирателей защищает «Голос».\n\nГолос заявил о нарушениях на выборах."
    assert [m.paragraph for m in find_mentions(text, reg)] == [0, 1]
    assert found("Голос заявил о нарушениях на выборах.", reg) == [("golos", "Голос")]
    assert found("Голос дрогнул у свидетеля.", reg) == []


def test_title_case_capitals_are_not_evidence(reg: Registry) -> None:
    assert found("Memorial Service Held For Victims In Moscow", reg) == []
    assert found("Court Shuts Down Rights Group Memorial", reg) == [("memorial", "Memorial")]


def test_acronyms_match_in_capitals_only(reg: Registry) -> None:
    assert found("FBK published a new investigation.", reg) == [("fbk", "FBK")]
    assert found("the fbk file was corrupted", reg) == []
    assert found("В МХГ заявили о закрытии.", reg) == [("moscow-helsinki-group", "МХГ")]


def test_foreign_bodies_with_the_same_name(reg: Registry) -> None:
    assert found("The UN Committee Against Torture met.", reg) == []
    assert found("Комитет против пыток ООН выразил обеспокоенность.", reg) == []
    assert found("The Council of Europe's Committee for the Prevention of Torture came.", reg) == []


# --- people ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Владимир Осечкин заявил.", "Владимир Осечкин"),
        ("Владимира Осечкина арестовали заочно.", "Владимира Осечкина"),
        ("С Владимиром Осечкиным связались.", "Владимиром Осечкиным"),
        ("Интервью с В. Осечкиным вышло вчера.", "В. Осечкиным"),
        ("Осечкин Владимир Валерьевич объявлен в розыск.", "Осечкин Владимир"),
        ("Владимир Валерьевич Осечкин объявлен в розыск.", "Владимир Валерьевич Осечкин"),
        ("Vladimir Osechkin said so.", "Vladimir Osechkin"),
        ("V. Osechkin said so.", "V. Osechkin"),
    ],
)
def test_person_names(reg: Registry, text: str, surface: str) -> None:
    mentions = find_mentions(text, reg)
    assert [(m.cso, m.surface, m.via) for m in mentions] == [("gulagu-net", surface, "person")]


def test_bare_surname_needs_the_full_name_in_the_article(reg: Registry) -> None:
    assert found("Осечкин заявил о слежке.", reg) == []
    text = "Владимир Осечкин уехал во Францию.\n\nТам Осечкина пытались убить."
    assert found(text, reg) == [("gulagu-net", "Владимир Осечкин"), ("gulagu-net", "Осечкина")]


def test_namesakes_are_not_key_people(reg: Registry) -> None:
    text = "Oleg Orlov was sentenced. Alexei Orlov, a governor, was not. Дмитрий Гудков уехал."
    assert found(text, reg) == [("memorial-hrc", "Oleg Orlov")]
    assert found("Валентин Осечкин, футболист, забил гол.", reg) == []


# --- articles, links, fields, offsets ----------------------------------------------------------


def article(**fields: object) -> Article:
    return Article(url="https://example.org/a", canonical_url="https://example.org/a", **fields)


def test_title_lead_and_body_flags_and_order(reg: Registry) -> None:
    art = article(
        title="Court Liquidates OVD-Info",
        lead="Прокуратура против «Мемориала».",
        paragraphs=["Москва. Gulagu.net сообщил.", "Сотрудники ОВД-Инфо задержаны."],
    )
    got = [(m.field, m.paragraph, m.cso, m.in_title, m.in_lead) for m in find_mentions(art, reg)]
    assert got == [
        ("title", None, "ovd-info", True, False),
        ("lead", None, "memorial", False, True),
        ("body", 0, "gulagu-net", False, False),
        ("body", 1, "ovd-info", False, False),
    ]


def test_first_paragraph_is_the_lead_when_there_is_no_separate_one(reg: Registry) -> None:
    art = article(paragraphs=["Сотрудники ОВД-Инфо задержаны.", "ОВД-Инфо сообщил."])
    assert [m.in_lead for m in find_mentions(art, reg)] == [True, False]
    art = article(lead="Сотрудники ОВД-Инфо задержаны.", paragraphs=list(art.paragraphs))
    mentions = find_mentions(art, reg)
    assert [(m.field, m.in_lead) for m in mentions] == [("body", True), ("body", False)]


def test_offsets_index_the_original_field_text(reg: Registry) -> None:
    art = article(
        title="«Мемориа\u0301л» и ОВД\u2011Инфо",
        paragraphs=["Сотрудники Мемо-\nриала и Gulagu net.", "Лев Пономарёв\u00a0и «Голос»."],
    )
    for m in find_mentions(art, reg):
        text = art.title if m.field == "title" else art.paragraphs[m.paragraph]
        assert text[m.start : m.end] == m.surface
    text = "Заголовок про ОВД-Инфо\n\nВторой абзац: «Мемориал».\n \nТретий: Gulagu.net."
    mentions = find_mentions(text, reg)
    assert [(m.paragraph, text[m.start : m.end]) for m in mentions] == [
        (0, "ОВД-Инфо"),
        (1, "Мемориал"),
        (2, "Gulagu.net"),
    ]


def test_links_without_anchor_text(reg: Registry) -> None:
    art = article(
        paragraphs=["Правозащитники опубликовали данные.", "Подробнее на сайте проекта."],
        links=[
            ("", "https://ovd.info/news/2024/01/01/x"),
            ("сайте проекта", "https://www.memopzk.org/list"),
            ("здесь", "https://data.ovd.info/y"),
            ("другое", "https://example.org/ovd.info"),
        ],
    )
    got = [(m.cso, m.surface, m.paragraph, m.start, m.via) for m in find_mentions(art, reg)]
    assert ("ovd-info", "https://ovd.info/news/2024/01/01/x", None, 0, "link") in got
    assert ("memorial", "сайте проекта", 1, 13, "link") in got
    assert ("memorial-hrc", "сайте проекта", 1, 13, "link") in got
    assert ("ovd-info", "https://data.ovd.info/y", None, 0, "link") in got
    assert len(got) == 4


def test_link_on_a_name_is_one_name_mention(reg: Registry) -> None:
    art = article(
        paragraphs=["По данным ОВД-Инфо, задержаны 40."], links=[("ОВД-Инфо", "https://ovd.info")]
    )
    assert [(m.surface, m.via) for m in find_mentions(art, reg)] == [("ОВД-Инфо", "name")]


def test_urls_in_plain_text(reg: Registry) -> None:
    text = "Список опубликован: https://memohrc.org/ru/news/123 (на сайте)."
    [m] = find_mentions(text, reg)
    assert (m.cso, m.via, m.surface) == ("memorial-hrc", "link", "https://memohrc.org/ru/news/123")
    assert found("Сайт gulagu.net заблокирован.", reg) == [("gulagu-net", "gulagu.net")]


def test_find_mentions_is_pure(reg: Registry) -> None:
    art = article(
        title="OVD-Info", paragraphs=["Мемориал и «Голос»."], links=[("", "https://ovd.info")]
    )
    before = copy.deepcopy(art)
    first = find_mentions(art, reg)
    assert find_mentions(art, reg) == first
    assert art == before


def test_mentions_by_cso(reg: Registry) -> None:
    mentions = find_mentions("ОВД-Инфо и «Мемориал». Снова ОВД-Инфо.", reg)
    grouped = mentions_by_cso(mentions)
    assert list(grouped) == ["ovd-info", "memorial"]
    assert [m.start for m in grouped["ovd-info"]] == [0, 29]


def test_empty_inputs(reg: Registry) -> None:
    assert find_mentions("", reg) == []
    assert find_mentions(article(), reg) == []
    assert find_mentions("   \n\n  ", reg) == []


def test_fast_and_slow_folding_agree() -> None:
    plain = "«ОВД–Инфо»\u00a0и Ёлки-палки\u2028Memorial’s"
    slow = plain + "\u00ad"  # a soft hyphen forces the per-character path
    fast_fold, slow_fold = fold_text(plain), fold_text(slow)
    assert fast_fold.offsets is None and slow_fold.offsets is not None
    assert fast_fold.text == slow_fold.text == '"овд-инфо" и елки-палки\nmemorial\'s'
