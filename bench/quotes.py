"""Throughput of ``find_quotes`` on the labelled quote documents (and their quality figures).

    python -m bench.quotes                  # 3 seconds of rounds, table on stdout
    python -m bench.quotes --seconds 10 --json
    python -m bench.quotes --scaling        # seconds per MB of one long document at 1 and 5 MB

The documents of ``tests/data/quotes_labelled_*.jsonl`` are run in rounds until the time is up;
the best round counts (the median shows the spread on a busy machine). Single process, so MB/s
(UTF-8) is per core. The quality line is the same scorer the tests use.

``--scaling`` shows that the cost is linear in the text: the labelled documents' paragraphs
(all sets, about 40 % Russian) are repeated into one document of 1 MB and of 5 MB, and bad
input (100,000 quotation marks around words, an unclosed guillemet over 1 MB, mixed scripts)
is timed once each; a figure per MB that stays flat from 1 to 5 MB is linear.
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


def _document(paragraphs: list[str], size: int) -> list[str]:
    out: list[str] = []
    total = 0
    while total < size:
        for para in paragraphs:
            out.append(para)
            total += len(para.encode()) + 1
            if total >= size:
                break
    return out


def _seconds(paragraphs: list[str]) -> float:
    start = time.perf_counter()
    find_quotes(paragraphs)
    return time.perf_counter() - start


def scaling() -> dict[str, float]:
    """Seconds per MB of one long document at 1 and 5 MB, and seconds for bad inputs."""
    docs = [d for path in sorted(DATA.glob("quotes_*.jsonl")) for d in load_documents(path)]
    paragraphs = [p for d in docs for p in d["paragraphs"]]
    result: dict[str, float] = {}
    for mb in (1, 5):
        doc = _document(paragraphs, mb * 1_000_000)
        size = sum(len(p.encode()) + 1 for p in doc) / 1e6
        result[f"s_per_mb_at_{mb}mb"] = round(_seconds(doc) / size, 3)
    bad = {
        "s_100k_marks_around_words": ["a “b” " * 50_000],
        "s_unclosed_guillemet_1mb": ["«Мы не уйдём, — сказала она. “Open " * 18_000],
        "s_mixed_scripts_1mb": ['Анна Petrova сказала «We will» — said Иван „ok“ ‘x’ " ' * 16_000],
    }
    for name, doc in bad.items():
        result[name] = round(_seconds(doc), 3)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time to spend timing rounds")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--scaling", action="store_true", help="time per MB at 1 and 5 MB")
    args = parser.parse_args(argv)
    if args.scaling:
        figures = scaling()
        print(
            json.dumps(figures)
            if args.json
            else "\n".join(f"{k:>28}: {v}" for k, v in figures.items())
        )
        return

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
