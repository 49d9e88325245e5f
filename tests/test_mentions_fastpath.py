"""The matcher's fast paths give exactly what the reference paths give.

Speed-ups of ``pipelines.mentions`` that could change a result, each held to a slower reference
(the code they replaced) on tricky text: inflected, transliterated, look-alike letters, soft
hyphens and accents, words wrapped at a line break, possessives, initials, dotted names,
patronymics, headlines in Title Case and capitals.

- folding without ``str.translate`` (``text.fold_text``);
- the one-split tokeniser and its gap memos (``text.split_words``) against the character loop
  (``text._tokenize_general``);
- the block stream and the word -> symbol table (``Matcher.scan``, ``Matcher.symbols``) against
  the stream of the first matcher, re-implemented here;
- the early answer of ``FieldContext.title_case``, the cached word-list bits (``Matcher.tags``)
  and the alias facts worked out at compile time (``Entry``);
- and end to end: ``find_mentions`` with every fast path switched off.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import ahocorasick
import pytest

from pipelines.mentions import find_mentions, index, text
from pipelines.mentions.context import FieldContext
from pipelines.mentions.index import BARRIER, JOIN, OTHER, PATRONYMIC, Candidate, Matcher
from pipelines.mentions.text import (
    Words,
    _gap_facts,
    _gap_joinable,
    _opens_sentence,
    _tokenize_general,
    fold_text,
    split_words,
)
from pipelines.mentions.words import FUNCTION_WORDS, TAGGED
from pipelines.registry import Registry, load_registry, registry_from_dicts

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"

TRICKY = [
    "Суд ликвидировал «Мемориал». Правозащитный центр «Мемориал» обжаловал решение.",
    "Сотрудники Мемориала и ОВД-Инфо; о «Мемориале» и ОВД Инфо, с Мемориалом.",
    "Memorial's Human Rights Centre said OVD-Info and OVDInfo counted 19 detentions.",
    "'s at the start, Memorial’s archive, the group's lawyers",
    "Мемoриал с латинской o и OVD-Инфо, Gulagu.net и Гулагу.нет, Gulagu . net",
    "Мемо-\nриал переносом, ОВД-\nИнфо, Memo-\nrial",
    "Мемо\u00adриал с мягким переносом и уда\u0301рением, Мемориа\u0301л",
    "В. Осечкин и Владимир Осечкин, Mr. Orlov met Oleg Orlov and Co-Chair Orlov.",
    "Олег Петрович Орлов, Олега Петровича Орлова, Oleg Petrovich Orlov; Иван Ильич.",
    "Ирина Щербакова (Irina Scherbakova) и Ян Рачинский, Рачинского, Рачинскому.",
    "snake_case Memorial_group and Memorial\tGroup\u00a0said, «Голос» и «Весна»",
    "RUSSIAN COURT ORDERS MEMORIAL CLOSED AS GOLOS WARNS",
    "Russian Court Sentences Memorial Co-Chair Orlov To Prison Over Golos Report",
    "Голос избирателя, «Голос» заявил, весной «Весна», Сфера услуг и «Сфера»",
    "Lincoln Memorial, Memorial Day, a memorial service, the memorial society.",
    "Белорусский правозащитный центр «Весна» и УВКПЧ ООН, Комитет против пыток ООН.",
    "See memohrc.org/ru/list. And https://ovd.info/news, www.gulagu.net!",
    "ПЦ «Мемориал»,ОВД-Инфо.Мемориал!«Мемориал»—«Голос»\n\n\nМемориал\r\nГолос",
    "Мемориал ... Мемориал . Мемориал .. Memorial ,Memorial- -Memorial",
    "",
    "   ",
    "'",
]


def _variants(sample: str) -> list[str]:
    return [sample, sample.upper(), sample.lower(), sample.title(), sample.replace(" ", "\n")]


def _labelled() -> list[str]:
    out: list[str] = []
    for name in ("mentions_labelled.jsonl", "mentions_holdout2.jsonl"):
        with (DATA / name).open(encoding="utf-8") as f:
            out += [json.loads(line)["text"] for line in f if line.strip()]
    return out


TEXTS = [v for sample in TRICKY for v in _variants(sample)]


@pytest.fixture(scope="module")
def reg() -> Registry:
    return load_registry(ROOT / "config" / "csos.yaml")


@pytest.fixture(scope="module")
def synthetic() -> Registry:
    from bench.mentions import synthetic_registry

    registry = registry_from_dicts(synthetic_registry(200), "<synthetic 200>")
    registry.compile()
    return registry


# --- folding ----------------------------------------------------------------------------------


def test_folding_substitutes_exactly_what_translate_would() -> None:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert text._TRANSLATED.sub(text._translate, every) == every.translate(text._TABLE)
    # the fast path keeps no other space: each character lowered to one, then translated
    folded = [ch.lower().translate(text._TABLE) for ch in every if len(ch.lower()) == 1]
    assert not [ch for ch in folded if ch.isspace() and ch not in " \n"]


# --- tokens -----------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", TEXTS + _labelled()[:200])
def test_split_words_gives_the_reference_tokens(sample: str) -> None:
    vocabulary = {"мемориал", "овдинфо", "memorial"}
    folded = fold_text(sample)
    words = split_words(folded, vocabulary)
    expected = _tokenize_general(folded, vocabulary)
    assert words.tokens == expected
    assert words.keys == [t.key for t in expected]
    assert words.gaps == [t.gap for t in expected]
    assert words.facts == [(t.joinable, t.sentence_start) for t in expected]


def test_gap_memos_answer_as_the_rules_do() -> None:
    marks = [" ", "\n", ".", ",", "-", '"', "'", "!", ":", "(", "…"]
    gaps = ["".join(p) for n in range(1, 4) for p in itertools.product(marks, repeat=n)]
    for _ in range(2):  # the second time from the memos
        for gap in gaps:
            for prev in ("", "a", "в", "mr", "г", "word", "осечкин"):
                expected = (_gap_joinable(gap, prev), _opens_sentence(gap, prev))
                assert _gap_facts(gap, prev) == expected, (gap, prev)


# --- the automaton ----------------------------------------------------------------------------


def _reference_scan(matcher: Matcher, sample: str) -> list[tuple[int, int, int]]:
    """The first matcher's scan: one symbol or OTHER per token, a barrier before a token a name
    may not run into, matches kept when they start on a token; its automaton is rebuilt from
    the current one's patterns without the separators."""
    automaton = ahocorasick.Automaton()
    for code, entries in matcher.automaton.items():
        automaton.add_word(code.replace(JOIN, ""), entries)
    automaton.make_automaton()
    tokens = _tokenize_general(fold_text(sample), matcher.vocabulary)
    stream: list[str] = []
    starts: dict[int, int] = {}
    at = 0
    for i, token in enumerate(tokens):
        if token.key == "s" and token.gap == "'":
            continue
        if i and not token.joinable:
            stream.append(BARRIER)
            at += 1
        code = matcher.codes.get(matcher.key(token.key))
        if code is None:
            stream.append(OTHER)
            at += 1
        else:
            stream.append(code)
            starts[at] = i
            at += len(code)
    found: list[tuple[int, int, int]] = []
    if starts:
        width = matcher.width
        for end, entries in automaton.iter("".join(stream)):
            for entry in entries:
                first = starts.get(end + 1 - entry.length * width)
                if first is not None:
                    found.append((id(entry), first, starts[end + 1 - width]))
    return found


def _scan(matcher: Matcher, sample: str) -> list[tuple[int, int, int]]:
    return [(id(c.entry), c.first, c.last) for c in matcher.scan(sample).candidates]


@pytest.mark.parametrize("sample", TEXTS)
def test_scan_finds_what_the_first_matcher_found(reg: Registry, sample: str) -> None:
    matcher = reg.compile()
    assert _scan(matcher, sample) == _reference_scan(matcher, sample)


def test_scan_on_the_labelled_sets_and_a_synthetic_registry(
    reg: Registry, synthetic: Registry
) -> None:
    from bench.mentions import articles, synthetic_registry

    samples = _labelled() + articles(synthetic_registry(10), 3)
    for registry in (reg, synthetic):
        matcher = registry.compile()
        for sample in samples:
            for paragraph in sample.split("\n\n"):
                assert _scan(matcher, paragraph) == _reference_scan(matcher, paragraph)


def test_symbol_table_answers_as_the_class_keys(reg: Registry) -> None:
    matcher = reg.compile()
    words = {t.key for sample in TEXTS for t in _tokenize_general(fold_text(sample))}
    words |= set(matcher.symbols) | {"петрович", "ильич", "petrovich", "ивановна", "ович"}
    assert matcher.patronymic == matcher.codes[PATRONYMIC]
    for word in words:
        assert matcher.symbol(word) == matcher.codes.get(matcher.key(word), matcher.other), word


def test_every_patronymic_ending_has_a_searched_tail() -> None:
    for ending in index._PATRONYMIC_ENDINGS:
        assert ending.endswith(index.PATRONYMIC_TAILS), ending


def test_a_patronymic_in_a_mixed_script_text(reg: Registry) -> None:
    sample = "Олег Петрoвич Орлов и Oleg Petrovich Orlov"  # a Latin "o" in Петрoвич
    matcher = reg.compile()
    assert _scan(matcher, sample) == _reference_scan(matcher, sample)
    assert {m.surface for m in find_mentions(sample, reg)} == {
        "Олег Петрoвич Орлов",
        "Oleg Petrovich Orlov",
    }


# --- the evidence rules' helpers ----------------------------------------------------------------


def _title_case_reference(ctx: FieldContext) -> bool:
    original = ctx.original
    words = [original[t.start : t.end] for t in ctx.tokens if t.key.isalpha()]
    content = [w for w in words[1:] if len(w) >= 3 and w.lower() not in FUNCTION_WORDS]
    capped = sum(1 for w in content if w[0].isupper())
    upper = sum(1 for w in words if len(w) >= 2 and w.isupper())
    title = len(content) >= 3 and capped >= 0.8 * len(content)
    caps = len(words) >= 3 and upper >= 0.8 * len(words)
    return title or caps


def test_title_case_early_answer(reg: Registry) -> None:
    matcher = reg.compile()
    samples = TEXTS + [v for s in _labelled() for v in (s, s.title(), s.upper())]
    samples += ["A b c d e", "Memorial And The Court Of Appeal said", "one Two Three Four five"]
    seen = set()
    for sample in samples:
        ctx = FieldContext.of(matcher.scan(sample))
        assert ctx.title_case == _title_case_reference(ctx), sample
        seen.add(ctx.title_case)
    assert seen == {True, False}


def test_tags_are_the_word_lists_of_the_lemmas(reg: Registry) -> None:
    matcher = reg.compile()
    words = {w for _, listed in TAGGED for w in listed}
    words |= {"центра", "правозащитного", "заявил", "белорусского", "кафе", "organisations"}
    words |= {t.key for sample in TEXTS for t in _tokenize_general(fold_text(sample))}
    for word in words:
        lemmas = matcher.lemmas(word)
        for bit, listed in TAGGED:
            assert bool(matcher.tags(word) & bit) == bool(lemmas & listed), (word, listed)


@pytest.mark.parametrize(
    ("alias", "latin", "titled", "inner"),
    [
        ("Public Verdict", True, True, False),  # several capitalised Latin words
        ("OVD-Info", True, False, True),  # a capital inside the first word
        ("Memorial", True, False, False),  # one word is not a titled phrase
        ("public verdict", True, False, False),  # no capital at all
        ("Gulagu.net", True, False, False),  # a dot: not all letters
        ("Общественный вердикт", False, False, False),  # not Latin
        ("ОВД-Инфо", False, False, True),
    ],
)
def test_alias_facts_worked_out_at_compile_time(
    alias: str, latin: bool, titled: bool, inner: bool
) -> None:
    entry = index.Entry(cso="x", via="name", alias=alias, length=len(alias.split()))
    assert (entry.latin, entry.titled_phrase, entry.inner_capital) == (latin, titled, inner)


# --- end to end ---------------------------------------------------------------------------------


def _mentions(registry: Registry, samples: list[str]) -> list[list[tuple[object, ...]]]:
    return [
        [tuple(vars(m).values()) for m in find_mentions(sample, registry)] for sample in samples
    ]


def test_find_mentions_with_every_fast_path_off(
    reg: Registry, synthetic: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench.mentions import articles, synthetic_registry

    samples = TEXTS + _labelled() + articles(synthetic_registry(10), 3)
    samples += ["\n\n".join(TRICKY), "\n\n".join(_labelled()[:40])]
    fast = {name: _mentions(r, samples) for name, r in (("starter", reg), ("synth", synthetic))}
    assert any(fast["starter"]) and any(fast["synth"])

    def general(folded: text.Folded, vocabulary: object = ()) -> Words:
        return Words.of(_tokenize_general(folded, vocabulary))  # type: ignore[arg-type]

    monkeypatch.setattr(index, "split_words", general)
    monkeypatch.setattr(FieldContext, "_mostly_lower", lambda self: False)
    monkeypatch.setattr(text, "_GAP_FACTS", {})
    for name, registry in (("starter", reg), ("synth", synthetic)):
        assert _mentions(registry, samples) == fast[name], name


def test_the_remembered_windows_are_wide_enough() -> None:
    from pipelines.mentions import context, evidence

    assert context.AUTHOR_WORDS + 1 <= context.MAX_BEFORE
    assert context.QUALIFIER_CUES + 1 <= context.MAX_BEFORE
    assert evidence.WINDOW <= context.MAX_BEFORE and evidence.APPOSITION <= context.MAX_AFTER


def test_candidates_are_judged_on_their_own_span(reg: Registry) -> None:
    # one field, several hits: the per-hit windows are worked out once and shared
    sample = "Мемориал, ПЦ «Мемориал», «Голос» и Голос избирателя; Memorial said."
    scan = reg.compile().scan(sample)
    ctx = FieldContext.of(scan)
    assert all(isinstance(c, Candidate) for c in scan.candidates)
    for cand in scan.candidates:
        assert ctx.left(cand.first) is ctx.left(cand.first)
        assert ctx.right(cand.last) is ctx.right(cand.last)
