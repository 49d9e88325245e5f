"""Body-extraction quality metric of the ScrapingHub article-extraction benchmark.

Re-implemented from its description (shared/data/extraction/scrapinghub/SOURCES.md):

- tokens: the regex ``\\w+`` (Unicode) over the text; shingles: token 4-grams counted as a
  multiset (texts shorter than four tokens give one shorter shingle);
- per document ``tp = sum(min(true, pred))``, ``fp = sum(max(0, pred - true))``,
  ``fn = sum(max(0, true - pred))``, then normalised by ``tp + fp + fn`` so every document
  weighs the same;
- precision is the mean of ``tp / (tp + fp)`` over documents with ``tp + fp > 0``, recall the
  mean of ``tp / (tp + fn)`` over documents with ``tp + fn > 0``, F1 is computed from those two
  means. Special cases: ``fp == fn == 0`` gives P = R = 1; ``tp == fp == 0`` gives P = 0;
  ``tp == fn == 0`` gives R = 0. Accuracy is the share of documents whose token lists are equal.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4


def tokenize(text: str) -> list[str]:
    """Word tokens as the benchmark counts them."""
    return _TOKEN.findall(text or "")


def shingles(tokens: list[str], size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of token n-grams (one short shingle when the text has fewer tokens)."""
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True)
class DocScore:
    """Normalised counts for one document (tp + fp + fn == 1 unless all are 0)."""

    tp: float
    fp: float
    fn: float
    exact: bool


@dataclass(frozen=True)
class CorpusScore:
    precision: float
    recall: float
    f1: float
    accuracy: float
    n: int


def score_document(expected: str, predicted: str) -> DocScore:
    """Compare one extracted body with its annotated ground truth."""
    true_tokens, pred_tokens = tokenize(expected), tokenize(predicted)
    true, pred = shingles(true_tokens), shingles(pred_tokens)
    tp = sum(min(n, true[s]) for s, n in pred.items())
    fp = sum(max(0, n - true[s]) for s, n in pred.items())
    fn = sum(max(0, n - pred[s]) for s, n in true.items())
    total = tp + fp + fn
    if total:
        return DocScore(tp / total, fp / total, fn / total, true_tokens == pred_tokens)
    return DocScore(0.0, 0.0, 0.0, true_tokens == pred_tokens)


def _precision(doc: DocScore) -> float | None:
    if doc.fp == 0 and doc.fn == 0:
        return 1.0
    if doc.tp + doc.fp == 0:
        return 0.0
    return doc.tp / (doc.tp + doc.fp)


def _recall(doc: DocScore) -> float | None:
    if doc.fp == 0 and doc.fn == 0:
        return 1.0
    if doc.tp + doc.fn == 0:
        return 0.0
    return doc.tp / (doc.tp + doc.fn)


def aggregate(docs: Iterable[DocScore]) -> CorpusScore:
    """Corpus precision/recall (means over documents) and F1 from those means."""
    docs = list(docs)
    if not docs:
        return CorpusScore(0.0, 0.0, 0.0, 0.0, 0)
    precisions = [p for p in map(_precision, docs) if p is not None]
    recalls = [r for r in map(_recall, docs) if r is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(d.exact for d in docs) / len(docs)
    return CorpusScore(precision, recall, f1, accuracy, len(docs))


def score_corpus(expected: Mapping[str, str], predicted: Mapping[str, str]) -> CorpusScore:
    """Score every document of ``expected``; a missing prediction counts as empty."""
    return aggregate(score_document(expected[k], predicted.get(k, "")) for k in expected)


def bootstrap_f1_std(docs: list[DocScore], rounds: int = 1000, seed: int = 0) -> float:
    """Standard deviation of F1 over document resamples (the benchmark's ± figure)."""
    rng = random.Random(seed)
    values = []
    for _ in range(rounds):
        sample = [docs[rng.randrange(len(docs))] for _ in docs]
        values.append(aggregate(sample).f1)
    mean = sum(values) / len(values)
    return (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
