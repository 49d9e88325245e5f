"""The labelled set: recall on every written form, precision on hard negatives.

``tests/data/mentions_labelled.jsonl``: one item per line, ``{"id", "lang", "kind", "text",
"mentions": [{"cso", "surface"}], "tags"}``; ``kind`` is "negative" for hard negatives (no
mention expected: "a memorial service", «голос избирателя», "Memorial Day"...). Run with ``-s``
to see the figures.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from pipelines.mentions import find_mentions
from pipelines.registry import Registry, load_registry

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "mentions_labelled.jsonl"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(ROOT / "config" / "csos.yaml")


@pytest.fixture(scope="module")
def items() -> list[dict]:
    with DATA.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_the_set_is_big_mixed_and_well_formed(items: list[dict], registry: Registry) -> None:
    assert len(items) >= 200
    langs = Counter(item["lang"] for item in items)
    assert langs["en"] >= 80 and langs["ru"] >= 80
    negatives = sum(1 for item in items if item["kind"] == "negative")
    assert 0.35 <= negatives / len(items) <= 0.45
    known = {cso.id for cso in registry}
    for item in items:
        assert (item["kind"] == "negative") == (not item["mentions"]), item["id"]
        for m in item["mentions"]:
            assert m["cso"] in known, item["id"]
            assert m["surface"] in item["text"], item["id"]


def test_recall_and_precision(items: list[dict], registry: Registry, report) -> None:
    tp = fp = fn = fp_on_negatives = 0
    failures = []
    for item in items:
        found = find_mentions(item["text"], registry)
        for m in found:
            assert item["text"][m.start : m.end] == m.surface
        got = Counter((m.cso, m.surface) for m in found)
        want = Counter((m["cso"], m["surface"]) for m in item["mentions"])
        tp += sum((got & want).values())
        fp += sum((got - want).values())
        fn += sum((want - got).values())
        if item["kind"] == "negative":
            fp_on_negatives += sum(got.values())
        if got != want:
            failures.append(f"{item['id']}: missing {dict(want - got)} extra {dict(got - want)}")
    recall = tp / (tp + fn)
    precision = tp / (tp + fp) if tp + fp else 1.0
    negatives = sum(1 for item in items if item["kind"] == "negative")
    neg_precision = 1 - fp_on_negatives / negatives
    figures = (
        f"mentions: recall={recall:.3f} precision={precision:.3f} (n={len(items)}, "
        f"expected mentions={tp + fn}, false positives={fp}, "
        f"negatives={negatives} clean={neg_precision:.3f})"
    )
    print("\n" + figures)
    report(figures)
    for line in failures:
        print("  ", line)
    assert recall == 1.0, failures
    assert precision >= 0.98, failures
    assert neg_precision >= 0.98, failures
