"""The search benchmark's queries (240 varied ones, seeded) and the timing loop."""

from __future__ import annotations

import random
import statistics
import time
from datetime import date
from pathlib import Path

from bench.search_corpus import CSO_NAMES, OUTLETS, Generator, build_vocab
from store.db import open_store
from store.listings import Filters
from store.search import search

RESULTS = Path(__file__).resolve().parent / "results"


def make_queries(n: int, seed: int = 11) -> list[tuple[str, str, Filters]]:
    """(kind, query, filters): words in both languages and in inflected forms, AND, OR, NOT,
    phrases taken from generated articles, prefixes, names, and filtered searches."""
    vocab = build_vocab(RESULTS / "search_vocab.json")
    gen = Generator(vocab)
    rng = random.Random(seed)

    def word(lang: str) -> str:
        lemmas = vocab.en if lang == "en" else vocab.ru
        rank = int(10 ** rng.uniform(1.5, 3.9))  # ranks ~30..8000: not the stop-word-like top
        return rng.choice(lemmas[min(rank, len(lemmas) - 1)])

    def phrase() -> str:
        a = gen.article(rng.randint(1, 10_000))
        words = a["paragraphs"][1].rstrip(".").split()
        i = rng.randrange(len(words) - 2)
        return '"' + " ".join(words[i : i + 2]) + '"'

    kinds = {
        "word_ru": lambda: (word("ru"), Filters()),
        "word_en": lambda: (word("en"), Filters()),
        "and_ru": lambda: (f"{word('ru')} {word('ru')}", Filters()),
        "and_en": lambda: (f"{word('en')} {word('en')}", Filters()),
        "or": lambda: (f"{word('en')} OR {word('ru')}", Filters()),
        "not": lambda: (f"{word('ru')} -{word('ru')}", Filters()),
        "phrase": lambda: (phrase(), Filters()),
        "prefix": lambda: (word(rng.choice(["en", "ru"]))[:5] + "*", Filters()),
        "name": lambda: (rng.choice([n for _, en, ru in CSO_NAMES for n in (en, ru)]), Filters()),
        "filter_lang_outlet": lambda: (word("ru"), Filters(lang="ru", outlet=rng.choice(OUTLETS))),
        "filter_dates": lambda: (word("en"), Filters(since=date(2021, 1, 1),
                                                     until=date(2022, 6, 30))),
        "filter_cso": lambda: (word(rng.choice(["en", "ru"])),
                               Filters(cso=rng.choice(CSO_NAMES)[0])),
    }  # fmt: skip
    names = list(kinds)
    return [(k, *kinds[k]()) for k in (names[i % len(names)] for i in range(n))]


def measure(url: str, queries: list[tuple[str, str, Filters]]) -> dict:
    store = open_store(url)
    timings: dict[str, list[float]] = {}
    all_ms, hits = [], 0
    for rnd in range(2):  # a warm-up pass, then the timed one
        for kind, q, f in queries:
            t = time.perf_counter()
            with store.read_session() as s:
                found = search(s, q, f, limit=20)
            ms = (time.perf_counter() - t) * 1000
            if rnd == 1:
                all_ms.append(ms)
                timings.setdefault(kind, []).append(ms)
                hits += bool(found)
    store.close()
    return {
        "queries": len(all_ms),
        "with_hits": hits,
        "median_ms": round(statistics.median(all_ms), 1),
        "p95_ms": round(sorted(all_ms)[int(0.95 * len(all_ms)) - 1], 1),
        "max_ms": round(max(all_ms), 1),
        "by_kind_p95_ms": {
            k: round(sorted(v)[max(0, int(0.95 * len(v)) - 1)], 1) for k, v in timings.items()
        },  # fmt: skip
    }
