"""Body-extraction benchmark: ScrapingHub (mostly English) and DAnIEL (Russian) corpora.

Runs the production path, ``extract_article(html_bytes, url).text`` (no outlet rules match these
pages, so it is the generic trafilatura-based extractor), and scores it with the benchmark's
shingle metric (``bench.metrics``). A page rejected with ``ExtractionError`` scores as empty.

    python -m bench.extraction                      # both corpora, 2 worker processes
    python -m bench.extraction --corpus daniel-ru --jobs 1 --worst 10

Data is read from ``<repo>/../shared/data/extraction/`` (override with ``--data``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bench.metrics import CorpusScore, DocScore, aggregate, bootstrap_f1_std, score_document
from pipelines.extract import ExtractionError, extract_article

CORPORA = ("scrapinghub", "daniel-ru")
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "extraction"


@dataclass(frozen=True)
class PageResult:
    doc_id: str
    predicted: str
    seconds: float
    error: str | None


@dataclass(frozen=True)
class CorpusRun:
    corpus: str
    score: CorpusScore
    docs: dict[str, DocScore]
    ms_per_page: float
    errors: dict[str, str]


def load_corpus(corpus_dir: Path) -> dict[str, dict[str, str]]:
    """{doc id: {"articleBody": ..., "url": ...}} from a corpus's ground-truth.json."""
    with open(corpus_dir / "ground-truth.json", encoding="utf-8") as handle:
        return json.load(handle)


def page_url(entry: dict[str, str]) -> str:
    return entry.get("url") or f"http://{entry.get('domain', 'example.invalid')}/"


def extract_page(job: tuple[Path, str, str]) -> PageResult:
    """Extract one stored page; the time covers decoding, parsing and every field."""
    path, doc_id, url = job
    data = gzip.decompress(path.read_bytes())
    start = time.perf_counter()
    try:
        text, error = extract_article(data, url).text, None
    except ExtractionError as failure:
        text, error = "", failure.reason
    return PageResult(doc_id, text, time.perf_counter() - start, error)


def _jobs(corpus_dir: Path, truth: dict[str, dict[str, str]]) -> Iterator[tuple[Path, str, str]]:
    for doc_id, entry in truth.items():
        yield corpus_dir / "html" / f"{doc_id}.html.gz", doc_id, page_url(entry)


def run_corpus(corpus_dir: Path, jobs: int = 1) -> CorpusRun:
    """Extract and score every page of one corpus."""
    truth = load_corpus(corpus_dir)
    work = list(_jobs(corpus_dir, truth))
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            results = list(pool.map(extract_page, work, chunksize=8))
    else:
        results = [extract_page(job) for job in work]
    docs = {r.doc_id: score_document(truth[r.doc_id]["articleBody"], r.predicted) for r in results}
    return CorpusRun(
        corpus=corpus_dir.name,
        score=aggregate(docs.values()),
        docs=docs,
        ms_per_page=1000 * sum(r.seconds for r in results) / max(1, len(results)),
        errors={r.doc_id: r.error for r in results if r.error},
    )


def _f1(doc: DocScore) -> float:
    return 2 * doc.tp / (2 * doc.tp + doc.fp + doc.fn) if doc.tp else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="extraction data folder")
    parser.add_argument("--corpus", choices=CORPORA, action="append", help="default: both")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst documents")
    parser.add_argument("--bootstrap", action="store_true", help="print the F1 ± (1000 resamples)")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no benchmark data at {args.data}", file=sys.stderr)
        return 2
    print(f"{'corpus':<12} {'docs':>5} {'precision':>9} {'recall':>7} {'F1':>7} {'exact':>6} "
          f"{'ms/page':>8} {'errors':>6}")  # fmt: skip
    for corpus in args.corpus or CORPORA:
        run = run_corpus(args.data / corpus, jobs=args.jobs)
        s = run.score
        line = (
            f"{corpus:<12} {s.n:>5} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>7.3f} "
            f"{s.accuracy:>6.3f} {run.ms_per_page:>8.1f} {len(run.errors):>6}"
        )
        if args.bootstrap:
            line += f"  F1 ± {bootstrap_f1_std(list(run.docs.values())):.3f}"
        print(line, flush=True)
        for doc_id, doc in sorted(run.docs.items(), key=lambda kv: _f1(kv[1]))[: args.worst]:
            print(f"    F1 {_f1(doc):.2f}  {doc_id}  {run.errors.get(doc_id, '')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
