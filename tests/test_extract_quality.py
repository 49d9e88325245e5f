"""Regression floors for body extraction on the two reference corpora (bench/extraction.py).

Same code path as production (``extract_article(html, url).text``) and the benchmark's own
shingle metric. Floors: ScrapingHub F1 >= 0.96, DAnIEL-ru F1 >= 0.85 (bare trafilatura 2.3.1:
0.953 and 0.755). Missing shared data fails the test: CI must have ``shared/`` beside the repo.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.extraction import run_corpus
from bench.metrics import aggregate, score_document

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "extraction"
JOBS = min(2, os.cpu_count() or 1)


def test_metric_matches_the_published_definition() -> None:
    exact = score_document("one two three four five", "one two three four five")
    assert (exact.tp, exact.fp, exact.fn, exact.exact) == (1.0, 0.0, 0.0, True)
    half = score_document("a b c d e f", "a b c d x y")  # shingles: 3 true, 3 predicted, 1 shared
    assert (half.tp, half.fp, half.fn) == pytest.approx((1 / 5, 2 / 5, 2 / 5))
    empty = score_document("a b c d", "")
    score = aggregate([exact, empty])
    assert score.precision == pytest.approx((1.0 + 0.0) / 2)
    assert score.recall == pytest.approx((1.0 + 0.0) / 2)


@pytest.mark.usefixtures("shared_data")  # missing: fails in one line, never skips
@pytest.mark.parametrize(("corpus", "floor"), [("scrapinghub", 0.96), ("daniel-ru", 0.85)])
def test_extraction_quality_floor(corpus: str, floor: float, report) -> None:
    assert (DATA / corpus).is_dir(), f"benchmark data missing at {DATA / corpus}"
    run = run_corpus(DATA / corpus, jobs=JOBS)
    report(
        f"extraction {corpus}: P={run.score.precision:.3f} R={run.score.recall:.3f} "
        f"F1={run.score.f1:.3f} (n={run.score.n}, floor {floor})"
    )
    assert run.score.n >= 150
    assert run.score.f1 >= floor, f"{corpus}: F1 {run.score.f1:.3f} < {floor}"
