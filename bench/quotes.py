"""Throughput of ``find_quotes`` on the labelled quote documents (and their quality figures).

    python -m bench.quotes                  # 3 seconds of rounds, table on stdout
    python -m bench.quotes --seconds 10 --json

The documents of ``tests/data/quotes_labelled_*.jsonl`` are run in rounds until the time is up;
the best round counts (the median shows the spread on a busy machine). Single process, so MB/s
(UTF-8) is per core. The quality line is the same scorer the tests use.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from bench.quotes_eval import evaluate, load_documents
from pipelines.quotes import find_quotes

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time to spend timing rounds")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    docs = [
        d for path in sorted(DATA.glob("quotes_labelled_*.jsonl")) for d in load_documents(path)
    ]
    size = sum(len("\n\n".join(d["paragraphs"]).encode()) for d in docs)
    for d in docs:  # warm the morphology caches once
        find_quotes(d["paragraphs"])
    rounds: list[float] = []
    deadline = time.perf_counter() + args.seconds
    while time.perf_counter() < deadline or len(rounds) < 3:
        start = time.perf_counter()
        quotes = sum(len(find_quotes(d["paragraphs"])) for d in docs)
        rounds.append(time.perf_counter() - start)
    best, median = min(rounds), statistics.median(rounds)
    scores = evaluate(docs, find_quotes)["all"]
    result = {
        "documents": len(docs),
        "paragraphs": sum(len(d["paragraphs"]) for d in docs),
        "quotes": quotes,
        "ms_per_doc_best": round(1000 * best / len(docs), 3),
        "ms_per_doc_median": round(1000 * median / len(docs), 3),
        "mb_per_s": round(size / best / 1e6, 3),
        "f1": round(scores.f1, 3),
        "speaker_accuracy": round(scores.speaker_accuracy, 3),
        "decoys_taken": scores.decoys_taken,
    }
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:>18}: {value}")


if __name__ == "__main__":
    main()
