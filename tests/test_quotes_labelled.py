"""The quote finder against the hand-labelled news paragraphs in tests/data/quotes_labelled_*.

Bars: quote F1 >= 0.92 (token-overlap F1 >= 0.8 to match), speaker accuracy >= 0.92 on matched
quotes, and no decoy (scare quote, title, name in marks) taken for a quote. Figures are printed
(run with ``-s``) separately for English, Russian and overall.

``quotes_labelled_en/ru`` were written first and the rules were developed against them.
``quotes_labelled_holdout`` was written afterwards and scored once before any rule change; that
first run (P/R/F1/speaker) was en 0.950/1.000/0.974/0.737, ru 1.000/1.000/1.000/0.923, one decoy
taken. The general causes it showed (``co-chair`` roles, names of criminal cases, a pronoun
opening a paragraph, interview questions) were then fixed, so it is no longer unseen either.

``quotes_labelled_holdout2`` (41 English, 25 Russian documents, invented names) was written after
that, before the finder was run on it, and scored once; that first run is the honest estimate
for unseen text:

    en  P=0.947 R=0.939 F1=0.943 speaker=0.889 decoys taken=6
    ru  P=0.981 R=0.981 F1=0.981 speaker=0.827 decoys taken=1
    all P=0.958 R=0.952 F1=0.955 speaker=0.869 decoys taken=7

The general causes (people named after ``by``/``with`` unknown, roles read across prepositions,
``St.`` as a name, ``X, the regulator, said``, ``the ministry said``, short partial quotes after
``called the …`` or an auxiliary, offence names after ``fined for``/``за``, titles with the comma
inside, the nearest reporting clause for partial quotes, first-name readings in oblique cases,
two names in one capitalised run, interview answers) were then fixed, one test each in
``test_quotes.py``. One label was corrected after the first run: in h2-en-41 the expert report's
words (“signs of the justification of terrorism.”) had been marked a decoy; by the issue's
definition (scare quotes, titles, names) they are a partial quote of an unnamed source.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.quotes_eval import evaluate, load_documents, token_f1
from pipelines.quotes import find_quotes

DATA = Path(__file__).parent / "data"
FILES = sorted(DATA.glob("quotes_labelled_*.jsonl"))


@pytest.fixture(scope="module")
def documents() -> list[dict]:
    docs = [doc for path in FILES for doc in load_documents(path)]
    assert docs, "no labelled quote documents found"
    return docs


def test_labelled_set_is_large_enough_and_consistent(documents: list[dict]) -> None:
    en = [d for d in documents if d["lang"] == "en"]
    ru = [d for d in documents if d["lang"] == "ru"]
    assert sum(len(d["paragraphs"]) for d in en) >= 100
    assert sum(len(d["paragraphs"]) for d in ru) >= 60
    ids = [d["id"] for d in documents]
    assert len(ids) == len(set(ids))
    for doc in documents:
        for q in doc["quotes"]:
            spanned = " ".join(doc["paragraphs"][p] for p in q["paragraphs"])
            pieces = [s for s in re.split(r"\s+", q["text"]) if s]
            assert all(piece in spanned for piece in pieces), (doc["id"], q["text"])
        for decoy in doc["decoys"]:
            assert any(decoy in p for p in doc["paragraphs"]), (doc["id"], decoy)
            assert all(token_f1(decoy, q["text"]) < 0.8 for q in doc["quotes"])


def test_labelled_set_has_every_kind_of_decoy(documents: list[dict]) -> None:
    decoys = " | ".join(d for doc in documents for d in doc["decoys"])
    for expected in ("foreign agent", "иностранным агентом", "Мемориал", "Navalny", "Мама, я дома"):
        assert expected in decoys


def test_quote_finder_meets_the_bars(documents: list[dict], report) -> None:
    scores = evaluate(documents, find_quotes)
    for label in ("en", "ru", "all"):
        print(scores[label].line(label))
        report(scores[label].line(label))
    for error in scores["all"].errors:
        print("  ", error)
    overall = scores["all"]
    assert overall.decoys_taken == 0
    for label in ("en", "ru", "all"):
        assert scores[label].f1 >= 0.92, label
        assert scores[label].speaker_accuracy >= 0.92, label


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem.removeprefix("quotes_labelled_"))
def test_each_labelled_set_meets_the_bars(path: Path, report) -> None:
    """Every set on its own (the held-out ones especially), not only the pooled figures."""
    scores = evaluate(load_documents(path), find_quotes)["all"]
    name = "set " + path.stem.removeprefix("quotes_labelled_")
    report(scores.line(name))
    assert scores.decoys_taken == 0, scores.errors
    assert scores.f1 >= 0.92, scores.errors
    assert scores.speaker_accuracy >= 0.92, scores.errors
