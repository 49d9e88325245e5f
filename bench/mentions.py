"""Mention-matcher benchmark: time per article against registries of 10, 1,000 and 10,000 aliases.

    python -m bench.mentions                 # 10 / 1,000 / 10,000 aliases + the starter registry
    python -m bench.mentions --sizes 10 100000 --articles 20 --seconds 1

The matcher scans an article once whatever the registry's size (one Aho-Corasick automaton over
word symbols), so the time per article should stay flat as aliases grow; compile time grows with
the registry and is paid once per registry. Registries are synthetic: invented organisation names,
half Latin ("Varnok Solidarity Network"), half Russian in the nominative ("Центр «Бравосел»",
expanded into all cases by pymorphy3), each with a key person. Articles are built from the
labelled sentences in ``tests/data/mentions_labelled.jsonl`` (about 6,000 characters each) with
names of the three organisations every synthetic registry starts with mixed in (Russian ones in
the genitive), so each synthetic size has the same hits to judge. Single process: MB/s is per
core.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

from pipelines.mentions import find_mentions
from pipelines.registry import Registry, load_registry, registry_from_dicts

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "tests" / "data" / "mentions_labelled.jsonl"
LATIN = "bcdfghklmnprstvz"
VOWELS = "aeiou"
CYR = "бвгдклмнпрстфхз"
CYR_VOWELS = "аеиоу"
EN_HEADS = ["Network", "Initiative", "Watch", "Foundation", "Solidarity", "Project", "Alliance"]
RU_HEADS = ["Центр", "Фонд", "Движение", "Проект", "Союз"]


def _word(rng: random.Random, consonants: str, vowels: str, syllables: int) -> str:
    return "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(syllables))


def synthetic_registry(aliases: int, seed: int = 7) -> list[dict]:
    """About ``aliases`` aliases (name included), 4 per organisation plus one key person."""
    rng = random.Random(seed)
    rows: list[dict] = []
    seen: set[str] = set()
    count = 0
    while count < aliases:
        stem = _word(rng, LATIN, VOWELS, 3).capitalize()
        ru_stem = _word(rng, CYR, CYR_VOWELS, 3).capitalize() + rng.choice(["", "ов", "ск"])
        if stem in seen or ru_stem in seen:
            continue
        seen.update((stem, ru_stem))
        name = f"{stem} {rng.choice(EN_HEADS)}"
        ru = [f"{rng.choice(RU_HEADS)} «{ru_stem}»", f"{ru_stem}-центр"]
        en = [f"{stem}.org"]
        take = min(4, aliases - count)
        en_aliases, ru_aliases = en[: max(0, take - 1 - len(ru))], ru[: take - 1]
        rows.append(
            {
                "id": f"org-{len(rows)}",
                "name": name,
                "descriptor": "synthetic",
                "aliases": {"en": en_aliases, "ru": ru_aliases},
                "people": [[f"Ivan {stem}ov", f"Иван {ru_stem}ин"]],
                "domains": [f"{stem.lower()}.org"],
            }
        )
        count += take
    return rows


def articles(rows: list[dict], count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    with LABELLED.open(encoding="utf-8") as f:
        sentences = [json.loads(line)["text"] for line in f if line.strip()]
    names = [r["name"] for r in rows] + [a for r in rows for a in r["aliases"]["ru"]]
    out = []
    for _ in range(count):
        paragraphs: list[str] = []
        while sum(len(p) for p in paragraphs) < 6000:
            paragraph = " ".join(rng.choice(sentences) for _ in range(3))
            if rng.random() < 0.5:
                paragraph += f" Представители {rng.choice(names)} не ответили на запрос."
            paragraphs.append(paragraph)
        out.append("\n\n".join(paragraphs))
    return out


def _starter_rows() -> list[dict]:
    return [cso.to_dict() for cso in load_registry(ROOT / "config" / "csos.yaml")]


def run(sizes: list[int], count: int, seconds: float) -> list[dict]:
    """Compile every registry, then time them in interleaved rounds (best round counts).

    Interleaving keeps a busy machine from favouring one size; the same articles are used for
    every size, so the figures differ only by the registry.
    """
    setups = []
    for size in sizes:
        rows = synthetic_registry(size) if size else _starter_rows()
        started = time.perf_counter()
        registry: Registry = registry_from_dicts(rows, f"<synthetic {size}>")
        registry.compile()
        setups.append((rows, registry, time.perf_counter() - started))
    # names of the first three organisations, which every synthetic registry shares (same
    # seed), so every size has the same hits to judge
    texts = articles(synthetic_registry(10), count)
    total_bytes = sum(len(t.encode("utf-8")) for t in texts)
    timings: list[list[float]] = [[] for _ in setups]
    hits = [0 for _ in setups]
    for _, registry, _ in setups:
        for text in texts[:5]:
            find_mentions(text, registry)  # warm the caches
    loop_started = time.perf_counter()
    while time.perf_counter() - loop_started < seconds * len(setups) or len(timings[0]) < 3:
        for i, (_, registry, _) in enumerate(setups):
            started = time.perf_counter()
            hits[i] = sum(len(find_mentions(text, registry)) for text in texts)
            timings[i].append(time.perf_counter() - started)
    results = []
    for (rows, _, compile_s), times, found in zip(setups, timings, hits, strict=True):
        best = min(times)
        results.append(
            {
                "aliases": sum(1 + sum(len(v) for v in r["aliases"].values()) for r in rows),
                "csos": len(rows),
                "compile_s": round(compile_s, 2),
                "ms_per_article": round(1000 * best / len(texts), 3),
                "ms_per_article_median": round(1000 * statistics.median(times) / len(texts), 3),
                "mb_per_s": round(total_bytes / best / 1e6, 2),
                "kb_per_article": round(total_bytes / len(texts) / 1000, 1),
                "mentions_per_article": round(found / len(texts), 1),
            }
        )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[10, 1000, 10000, 0],
        help="synthetic registry sizes in aliases; 0 is the starter config/csos.yaml",
    )
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=3.0, help="minimum timing per size")
    parser.add_argument("--json", action="store_true", help="print JSON lines instead of a table")
    args = parser.parse_args(argv)
    results = run(args.sizes, args.articles, args.seconds)
    if args.json:
        for row in results:
            print(json.dumps(row))
        return 0
    header = f"{'aliases':>8} {'CSOs':>6} {'compile s':>10} {'ms/article':>11} {'median':>8} "
    header += f"{'MB/s/core':>10} {'KB/article':>11} {'hits/article':>13}"
    print(header)
    for r in results:
        print(
            f"{r['aliases']:>8} {r['csos']:>6} {r['compile_s']:>10} {r['ms_per_article']:>11} "
            f"{r['ms_per_article_median']:>8} {r['mb_per_s']:>10} {r['kb_per_article']:>11} "
            f"{r['mentions_per_article']:>13}"
        )
    synthetic = [r["ms_per_article"] for r, size in zip(results, args.sizes, strict=True) if size]
    if len(synthetic) > 1:
        print(
            "synthetic registries, slowest/fastest ms per article: "
            f"{max(synthetic) / min(synthetic):.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
