"""Scoring the quote finder against a labelled set (used by the tests and the benchmark).

A labelled document is ``{"id", "lang", "paragraphs", "quotes": [{"text", "speaker",
"paragraphs", "partial"}], "decoys": [text, …]}``. A predicted quote matches a gold one when the
token-overlap F1 of their texts is at least 0.8 (tokens: lower-cased ``\\w+``); matching is
one-to-one, best overlap first. Reported: precision, recall and F1 of quotes; speaker accuracy
over matched quotes (names compared case- and ``ё``-insensitively; ``None`` equals ``None``);
partial-flag and paragraph accuracy over matched quotes; ``decoys_taken``, the predicted
quotes whose text matches a labelled decoy (and no gold quote); and the end-to-end F1 of quote
*and* speaker (``e2e_f1``): a predicted quote counts only when its text matches a gold quote and
its speaker is right (precision over all predictions, recall over all gold quotes).

    python -m bench.quotes_eval                     # every set; the hard set's tuning part
    python -m bench.quotes_eval --held-back         # also the hard set's held-back part
    python -m bench.quotes_eval --failures          # the tuning parts' errors, case by case

``tests/data/quotes_hard.jsonl`` (issue 16, part 2) is split like ``mentions_hard.jsonl``: a
document is held back when the first byte of the SHA-1 of its id is divisible by 3. The
held-back part is for one scoring at the end of a round; its errors are never printed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.counts import PrecisionRecall
from pipelines.types import Quote

MATCH_F1 = 0.8
_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("ё", "е"))


def token_f1(a: str, b: str) -> float:
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(ta.values()), common / sum(tb.values())
    return 2 * p * r / (p + r)


def same_speaker(a: str | None, b: str | None) -> bool:
    def norm(s: str | None) -> str | None:
        return None if s is None else " ".join(s.lower().replace("ё", "е").split())

    return norm(a) == norm(b)


@dataclass
class Scores(PrecisionRecall):
    tp: int = 0
    fp: int = 0
    fn: int = 0
    speaker_ok: int = 0
    partial_ok: int = 0
    paragraphs_ok: int = 0
    decoys_taken: int = 0
    docs: int = 0
    paragraphs: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_ok / self.tp if self.tp else 1.0

    @property
    def e2e_f1(self) -> float:
        """F1 of quote and right speaker together (a wrong speaker is a miss and an extra)."""
        predicted, gold = self.tp + self.fp, self.tp + self.fn
        p = self.speaker_ok / predicted if predicted else 1.0
        r = self.speaker_ok / gold if gold else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Scores) -> None:
        for name in ("tp", "fp", "fn", "speaker_ok", "partial_ok", "paragraphs_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.decoys_taken += other.decoys_taken
        self.docs += other.docs
        self.paragraphs += other.paragraphs
        self.errors.extend(other.errors)

    def line(self, label: str) -> str:
        partial = self.partial_ok / self.tp if self.tp else 1.0
        paras = self.paragraphs_ok / self.tp if self.tp else 1.0
        return (
            f"quotes[{label}]: P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
            f"speaker_acc={self.speaker_accuracy:.3f} partial_acc={partial:.3f} "
            f"paragraph_acc={paras:.3f} e2e_f1={self.e2e_f1:.3f} decoys_taken={self.decoys_taken} "
            f"(docs={self.docs} paragraphs={self.paragraphs} gold={self.tp + self.fn})"
        )


def score_document(doc: dict[str, Any], predicted: Sequence[Quote]) -> Scores:
    gold = doc["quotes"]
    s = Scores(docs=1, paragraphs=len(doc["paragraphs"]))
    pairs = sorted(
        (
            (token_f1(p.text, g["text"]), i, j)
            for i, p in enumerate(predicted)
            for j, g in enumerate(gold)
        ),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    for f1, i, j in pairs:
        if f1 < MATCH_F1 or i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        p, g = predicted[i], gold[j]
        s.tp += 1
        if same_speaker(p.speaker, g["speaker"]):
            s.speaker_ok += 1
        else:
            s.errors.append(
                f"{doc['id']}: speaker {p.speaker!r} != {g['speaker']!r} [{g['text'][:50]}]"
            )
        s.partial_ok += p.partial == g.get("partial", False)
        s.paragraphs_ok += list(p.paragraphs) == list(g["paragraphs"])
    for i, p in enumerate(predicted):
        if i in used_p:
            continue
        s.fp += 1
        if any(token_f1(p.text, d) >= MATCH_F1 for d in doc.get("decoys", [])):
            s.decoys_taken += 1
            s.errors.append(f"{doc['id']}: DECOY taken {p.text!r}")
        else:
            s.errors.append(f"{doc['id']}: extra {p.text[:60]!r} ({p.speaker})")
    for j, g in enumerate(gold):
        if j not in used_g:
            s.fn += 1
            s.errors.append(f"{doc['id']}: missed {g['text'][:60]!r} ({g['speaker']})")
    return s


def load_documents(path: str | Path) -> list[dict[str, Any]]:
    """A ``.json`` list of documents or a ``.jsonl`` file of one document per line."""
    text = Path(path).read_text(encoding="utf-8")
    if str(path).endswith(".jsonl"):
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return list(json.loads(text))


def evaluate(docs: Iterable[dict[str, Any]], find: Callable[..., list[Quote]]) -> dict[str, Scores]:
    """Scores per language (``"en"``, ``"ru"``) and ``"all"``."""
    out: dict[str, Scores] = {"all": Scores()}
    for doc in docs:
        lang = doc.get("lang", "en")
        s = score_document(doc, find(doc["paragraphs"]))
        out.setdefault(lang, Scores()).add(s)
        out["all"].add(s)
    return out


DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
HARD = DATA / "quotes_hard.jsonl"


def held_back(doc_id: str) -> bool:
    """The hard set's held-back part: the first byte of the id's SHA-1 is divisible by 3."""
    return hashlib.sha1(doc_id.encode("utf-8")).digest()[0] % 3 == 0


def hard_parts() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(tuning part, held-back part) of ``quotes_hard.jsonl``."""
    docs = load_documents(HARD)
    return [d for d in docs if not held_back(d["id"])], [d for d in docs if held_back(d["id"])]


def main(argv: list[str] | None = None) -> None:
    from pipelines.quotes import find_quotes

    parser = argparse.ArgumentParser(description="quote finder quality on the labelled sets")
    parser.add_argument("--held-back", action="store_true", help="also score the held-back part")
    parser.add_argument("--failures", action="store_true", help="errors of the tuning parts")
    args = parser.parse_args(argv)
    tune, held = hard_parts()
    sets: list[tuple[str, list[dict[str, Any]], bool]] = [
        (path.stem.removeprefix("quotes_labelled_"), load_documents(path), True)
        for path in sorted(DATA.glob("quotes_labelled_*.jsonl"))
    ]
    sets.append(("hard/tune", tune, True))
    if args.held_back:
        sets.append(("hard/held-back", held, False))
    for name, docs, show in sets:
        scores = evaluate(docs, find_quotes)
        for label in ("en", "ru", "all"):
            if label in scores:
                print(scores[label].line(f"{name} {label}"))
        if args.failures and show:
            for error in scores["all"].errors:
                print("   ", error)


if __name__ == "__main__":
    main()
