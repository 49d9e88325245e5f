"""``make bench``: every benchmark in turn, with its defaults (see bench/README.md)."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = [
    "bench.extraction",
    "bench.mentions",
    "bench.quotes",
    "bench.crawl",
    "bench.cluster",
    "bench.stories",
]


def main() -> int:
    only = sys.argv[1:] or BENCHMARKS
    for name in only:
        module = name if name.startswith("bench.") else f"bench.{name}"
        print(f"\n== {module} ==", flush=True)
        code = importlib.import_module(module).main([])
        if code:
            return int(code)
    return 0


if __name__ == "__main__":
    sys.exit(main())
