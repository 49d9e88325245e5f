"""Crawl benchmark: pages per second and peak memory of a full crawl, then of a repeat run.

    python -m bench.crawl                    # 600 generated articles over two outlets
    python -m bench.crawl --articles 3000

Generates a sample week of N articles (Pangea and The Moscow Times markup, each mentioning a
tracked CSO and quoting someone), serves it on 127.0.0.1, and runs ``csowatch crawl`` as a
subprocess into a fresh SQLite store with politeness delays off (so the figure is the pipeline's
own cost: download, extract, match, quote, store). Peak memory is the crawl process's max RSS.
The second run shows the cost of an incremental run over an unchanged site.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from demo.articles import MOSCOWTIMES, RFERL, sample_specs
from demo.mirror import REPO, start_servers, write_config
from demo.sitegen import SampleArticle, SiteSpec


def generated(
    template: SampleArticle, n: int, first_id: int, start: datetime
) -> list[SampleArticle]:
    out = []
    for i in range(n):
        at = start + timedelta(minutes=7 * i % (6 * 24 * 60))
        paragraphs = tuple(f"{p} (Report {i}.)" for p in template.paragraphs) * 3
        out.append(
            replace(template, id=first_id + i, slug=f"{template.slug}-{i}", published=at,
                    title=f"{template.title} ({i})", paragraphs=paragraphs, modified=None)
        )  # fmt: skip
    return out


def specs(n: int) -> dict[str, SiteSpec]:
    base = sample_specs()
    start = datetime(2021, 10, 15, 1, 0, tzinfo=UTC)
    half = n // 2
    return {
        "rferl": replace(base["rferl"], articles=generated(RFERL[0], half, 31600000, start)),
        "moscowtimes": replace(
            base["moscowtimes"], articles=generated(MOSCOWTIMES[0], n - half, 80000, start)
        ),
    }


def crawl(env: dict[str, str], cwd: Path) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "crawl", "--quiet", "--since", "2021-10-15",
         "--until", "2021-10-21"],
        env=env, cwd=cwd, capture_output=True, text=True, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if result.returncode != 0:
        raise SystemExit(f"crawl failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return elapsed, max(peak, before) / 1024, result.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=600)
    args = parser.parse_args(argv)
    sites = specs(args.articles)
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        servers = start_servers(sites, stack)
        config = write_config(Path(tmp) / "config", sites, servers)
        settings = config / "settings.toml"
        settings.write_text(
            settings.read_text().replace("concurrent_per_domain = 2", "concurrent_per_domain = 8")
        )
        env = {
            **os.environ,
            "CSOWATCH_CONFIG": str(config),
            "CSOWATCH_DATABASE_URL": f"sqlite:///{tmp}/bench.db",
            "PYTHONPATH": str(REPO),
        }
        first, peak, out = crawl(env, Path(tmp))
        print(out.strip())
        print(f"first run:  {args.articles} articles in {first:.1f} s = "
              f"{args.articles / first:.1f} pages/s, peak RSS {peak:.0f} MB")  # fmt: skip
        second, _, _ = crawl(env, Path(tmp))
        print(f"second run: {second:.1f} s (unchanged site, no article downloaded)")
        size = os.path.getsize(f"{tmp}/bench.db") / 1e6
        print(f"store: {size:.1f} MB for {args.articles} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
