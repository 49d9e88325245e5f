"""Mention quality on the labelled sets: precision and recall by language and case kind.

    python -m bench.mentions_eval                      # every set, tuning parts only
    python -m bench.mentions_eval --held-back          # also the held-back part of the hard set
    python -m bench.mentions_eval --tags --failures    # per case kind, and every wrong case

Sets: ``tests/data/mentions_labelled.jsonl``, ``mentions_holdout2.jsonl`` and
``mentions_hard.jsonl`` (issue 16: other entities with a tracked name, "golos" as a voice or a
vote, namesakes, common words, people with a role, Belarusian forms, line breaks and hyphens).
The hard set is split by a hash of the case id (``held_back``): about a third is held back,
scored once at the end of a round and never while tuning. Scoring is the one in
``tests/test_mentions_labelled.py``: (cso, surface) pairs counted per case.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from bench.counts import PrecisionRecall
from pipelines.mentions import find_mentions
from pipelines.registry import Registry, load_registry

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SETS = ("mentions_labelled.jsonl", "mentions_holdout2.jsonl", "mentions_hard.jsonl")


def held_back(case_id: str) -> bool:
    """The hard set's held-back part: the first byte of the id's SHA-1 is divisible by 3."""
    return hashlib.sha1(case_id.encode("utf-8")).digest()[0] % 3 == 0


def load(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def parts(name: str, items: list[dict], with_held_back: bool) -> Iterable[tuple[str, list[dict]]]:
    short = name.removeprefix("mentions_").removesuffix(".jsonl")
    if name != "mentions_hard.jsonl":
        yield short, items
        return
    yield f"{short}/tune", [i for i in items if not held_back(i["id"])]
    if with_held_back:
        yield f"{short}/held-back", [i for i in items if held_back(i["id"])]


class Score(PrecisionRecall):
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = self.cases = self.negatives = self.dirty = 0

    def add(self, got: Counter, want: Counter, negative: bool) -> None:
        self.tp += sum((got & want).values())
        self.fp += sum((got - want).values())
        self.fn += sum((want - got).values())
        self.cases += 1
        if negative:
            self.negatives += 1
            self.dirty += bool(got)

    def line(self) -> str:
        return (
            f"P={self.precision:.3f} R={self.recall:.3f} (n={self.cases}, "
            f"fp={self.fp}, fn={self.fn}, negatives with a mention={self.dirty}/{self.negatives})"
        )


def score(
    items: list[dict], registry: Registry, by_tag: bool = False
) -> tuple[Score, dict[str, Score], dict[str, Score], list[str]]:
    total, langs, tags, failures = Score(), {}, {}, []
    for item in items:
        found = find_mentions(item["text"], registry)
        got = Counter((m.cso, m.surface) for m in found)
        want = Counter((m["cso"], m["surface"]) for m in item["mentions"])
        negative = item["kind"] == "negative"
        keys = [item["lang"]]
        for s in [total, *(langs.setdefault(k, Score()) for k in keys)]:
            s.add(got, want, negative)
        if by_tag:
            for tag in item.get("tags", []):
                tags.setdefault(tag, Score()).add(got, want, negative)
        if got != want:
            failures.append(
                f"{item['id']}: missing {dict(want - got)} extra {dict(got - want)} "
                f"| {item['text']!r}"
            )
    return total, langs, tags, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--held-back", action="store_true", help="also score the held-back part")
    parser.add_argument("--tags", action="store_true", help="figures per case kind (tag)")
    parser.add_argument("--failures", action="store_true", help="print every wrong case")
    args = parser.parse_args(argv)
    registry = load_registry(ROOT / "config" / "csos.yaml")
    for name in SETS:
        for label, items in parts(name, load(name), args.held_back):
            total, langs, tags, failures = score(items, registry, args.tags)
            print(f"{label:20} {total.line()}")
            for lang in sorted(langs):
                print(f"  {lang:18} {langs[lang].line()}")
            for tag in sorted(tags):
                print(f"  #{tag:17} {tags[tag].line()}")
            if args.failures:
                for line in failures:
                    print("    " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
