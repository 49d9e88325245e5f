"""Crawl benchmark: a whole crawl against a bare trafilatura loop over the same pages.

    python -m bench.crawl                          # 2,000 pages over three outlets
    python -m bench.crawl --articles 20000         # memory must stay flat
    python -m bench.crawl --workers 0              # the analysis in the crawl process
    python -m bench.crawl --profile out.prof       # cProfile of the crawl process

Generates N articles in the markup of three outlets (Pangea: rferl in English and svoboda in
Russian; The Moscow Times), each mentioning a tracked CSO and quoting someone, and weighs every
page to a size between 50 and 300 KB of HTML with what real news pages carry around the story
(inline scripts and styles, menus, teaser lists, footers; ``weigh``). It serves them on
127.0.0.1 and runs ``csowatch crawl`` into a fresh SQLite store with politeness off, then again
over the unchanged site. In the same run, over the same pages, one process calls
``trafilatura.bare_extraction(with_metadata=True)`` in a loop: the anchor.

Reported: pages/s of both and their ratio; the peak memory of the crawl's whole process tree
(the crawl process and its analysis workers, sampled every 0.2 s from ``/proc``: the sum of PSS,
so pages the workers share with their forkserver count once, and the sum of RSS beside it); the
second run's time and how many articles it downloaded.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from demo.articles import MOSCOWTIMES, RFERL, SVOBODA, sample_specs
from demo.mirror import REPO, write_config
from demo.server import Resource, SampleServer
from demo.sitegen import SampleArticle, SiteSpec, article_path, build_site

OUTLETS = ("rferl", "svoboda", "moscowtimes")
MIN_KB, MAX_KB = 50, 300


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
    templates = {"rferl": (RFERL[0], 31600000), "svoboda": (SVOBODA[0], 31500000),
                 "moscowtimes": (MOSCOWTIMES[0], 80000)}  # fmt: skip
    share = [n // 3 + (1 if i < n % 3 else 0) for i in range(3)]
    return {
        key: replace(base[key], articles=generated(*templates[key][:1], count, templates[key][1],
                                                   start))
        for key, count in zip(OUTLETS, share, strict=True)
    }  # fmt: skip


# --- the weight of a real page around the story --------------------------------------------

_MENU = (
    "News", "Russia", "Ukraine", "World", "Politics", "Economy", "Society", "Culture", "Opinion",
    "Investigations", "Video", "Podcasts", "Photo", "Regions", "Science",
)  # fmt: skip


def weigh(html: str, target: int, rng: random.Random) -> str:
    """``html`` with page furniture added until it is about ``target`` bytes: a config script
    and a style sheet in the head, a mega menu, teaser lists and a footer around the article."""
    size = len(html.encode("utf-8"))
    if size >= target:
        return html
    budget = target - size
    config = ",".join(
        f'"slot{i}":{{"id":"{rng.getrandbits(48):x}","sizes":[[300,250],[728,90]],'
        f'"targeting":{{"section":"{rng.choice(_MENU)}","pos":{i % 7}}}}}'
        for i in range(budget * 3 // 10 // 110)
    )
    style = "\n".join(
        f".c{i:x}{{margin:{i % 9}px {i % 5}px;color:#{rng.getrandbits(24):06x};"
        f"font:{12 + i % 6}px/1.4 Roboto,sans-serif}}"
        for i in range(budget * 2 // 10 // 75)
    )
    menu = "".join(
        f'<li class="menu__item"><a class="menu__link" href="/z/{i}">{_MENU[i % len(_MENU)]} '
        f"{i}</a></li>"
        for i in range(budget // 10 // 70)
    )
    teasers = "".join(
        f'<li class="teaser"><a href="/a/story-{rng.getrandbits(20)}/{rng.getrandbits(24)}.html">'
        f'<img src="/img/{i}.jpg" alt="" loading="lazy"/><span class="teaser__title">'
        f"Another story from the {_MENU[i % len(_MENU)].lower()} desk, number {i}</span>"
        f'<span class="teaser__date">October {1 + i % 28}, 2021</span></a></li>'
        for i in range(budget * 3 // 10 // 230)
    )
    foot = "".join(
        f'<a class="footer__link" href="/p/{i}.html">{_MENU[i % len(_MENU)]} archive {i}</a>'
        for i in range(budget // 10 // 60)
    )
    head = f"<script>window.ads={{{config}}};</script><style>{style}</style></head>"
    html = html.replace("</head>", head, 1)
    html = html.replace("<body>", f'<body><nav class="mega"><ul>{menu}</ul></nav>', 1)
    return html.replace(
        "</body>",
        f'<aside class="most-read"><ul>{teasers}</ul></aside><footer class="big">{foot}</footer>'
        "</body>",
        1,
    )


def weighed_site(spec: SiteSpec, rng: random.Random) -> tuple[dict[str, Resource], list[str]]:
    """The outlet's site with its article pages weighed, and the article paths."""
    site = build_site(spec)
    paths = [article_path(spec, a) for a in spec.articles]
    for path in paths:
        res = site[path]
        target = rng.randint(MIN_KB, MAX_KB) * 1024
        body = weigh(res.body.decode("utf-8"), target, rng).encode("utf-8")
        site[path] = Resource(body, res.content_type, res.last_modified)
    return site, paths


# --- measuring -----------------------------------------------------------------------------


@dataclass
class Peak:
    pss_mb: float = 0.0
    rss_mb: float = 0.0
    processes: int = 0
    crawl_pss_mb: float = 0.0  # the crawl process alone
    worker_pss_mb: float = 0.0  # the largest of the others (analysis workers, forkserver)


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return out


def _memory(pid: int) -> tuple[float, float]:
    """(PSS, RSS) in kB of one process; (0, 0) once it is gone."""
    pss = rss = 0.0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    pss = float(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = float(line.split()[1])
    except OSError:
        pass
    return pss, rss


def watch(proc: subprocess.Popen[str], peak: Peak, interval: float = 0.2) -> threading.Thread:
    def run() -> None:
        while proc.poll() is None:
            pids = _tree(proc.pid)
            mem = [_memory(p) for p in pids]
            peak.pss_mb = max(peak.pss_mb, sum(m[0] for m in mem) / 1024)
            peak.rss_mb = max(peak.rss_mb, sum(m[1] for m in mem) / 1024)
            peak.processes = max(peak.processes, len(pids))
            peak.crawl_pss_mb = max(peak.crawl_pss_mb, mem[0][0] / 1024)
            others = [m[0] for m in mem[1:]]
            peak.worker_pss_mb = max(peak.worker_pss_mb, max(others, default=0) / 1024)
            time.sleep(interval)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def crawl(env: dict[str, str], cwd: Path, profile: str | None = None) -> tuple[float, Peak, str]:
    command = [sys.executable]
    if profile:
        command += ["-m", "cProfile", "-o", profile]
    command += ["-m", "crawler", "crawl", "--since", "2021-10-15", "--until", "2021-10-21"]
    peak = Peak()
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    watcher = watch(proc, peak)
    out, err = proc.communicate()
    elapsed = time.perf_counter() - started
    watcher.join()
    if proc.returncode != 0:
        raise SystemExit(f"crawl failed ({proc.returncode}):\n{out}\n{err}")
    return elapsed, peak, out


def bare_trafilatura(pages: list[tuple[str, bytes]]) -> float:
    """Seconds for one process to run ``bare_extraction(with_metadata=True)`` over the pages."""
    import trafilatura

    started = time.perf_counter()
    for url, body in pages:
        trafilatura.bare_extraction(body.decode("utf-8"), url=url, with_metadata=True)
    return time.perf_counter() - started


def articles_downloaded(servers: dict[str, SampleServer], paths: dict[str, list[str]]) -> int:
    return sum(
        1
        for key, server in servers.items()
        for path in server.paths(200)
        if path in set(paths[key])
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", default="auto", help='analysis workers ("auto" or N)')
    parser.add_argument("--concurrency", type=int, default=16, help="requests per outlet")
    parser.add_argument("--no-anchor", action="store_true", help="skip the trafilatura loop")
    parser.add_argument("--profile", help="write a cProfile of the crawl process here")
    args = parser.parse_args(argv)
    rng = random.Random(20211017)
    sites = specs(args.articles)
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        built = {key: weighed_site(spec, rng) for key, spec in sites.items()}
        servers = {key: stack.enter_context(SampleServer(site)) for key, (site, _) in built.items()}
        paths = {key: p for key, (_, p) in built.items()}
        pages = [
            (sites[key].public_url + path, built[key][0][path].body)
            for key in OUTLETS
            for path in paths[key]
        ]
        mb = sum(len(b) for _, b in pages) / 1e6
        print(f"site: {len(pages)} article pages over {len(OUTLETS)} outlets, {mb:.0f} MB of "
              f"HTML ({mb * 1e3 / len(pages):.0f} KB a page on average)")  # fmt: skip
        config = write_config(Path(tmp) / "config", sites, servers)
        settings = config / "settings.toml"
        settings.write_text(
            settings.read_text().replace(
                "concurrent_per_domain = 2",
                f"concurrent_per_domain = {args.concurrency}\n"
                + (f"workers = {args.workers}" if args.workers != "auto" else 'workers = "auto"'),
            )
        )
        env = {
            **os.environ,
            "CSOWATCH_CONFIG": str(config),
            "CSOWATCH_DATABASE_URL": f"sqlite:///{tmp}/bench.db",
            "PYTHONPATH": str(REPO),
        }
        first, peak, out = crawl(env, Path(tmp), args.profile)
        print(out.strip())
        crawl_rate = len(pages) / first
        print(f"crawl:      {len(pages)} pages in {first:.1f} s = {crawl_rate:.1f} pages/s; "
              f"peak memory {peak.pss_mb:.0f} MB PSS ({peak.rss_mb:.0f} MB RSS) over "
              f"{peak.processes} processes (the crawl process {peak.crawl_pss_mb:.0f} MB, "
              f"a worker at most {peak.worker_pss_mb:.0f} MB)")  # fmt: skip
        for server in servers.values():
            server.clear_log()
        second, _, _ = crawl(env, Path(tmp))
        again = articles_downloaded(servers, paths)
        print(f"second run: {second:.1f} s ({100 * second / first:.0f}% of the first), "
              f"{again} articles downloaded")  # fmt: skip
        if not args.no_anchor:
            bare = bare_trafilatura(pages)
            bare_rate = len(pages) / bare
            print(f"anchor:     bare_extraction(with_metadata=True) loop, one process: "
                  f"{len(pages)} pages in {bare:.1f} s = {bare_rate:.1f} pages/s")  # fmt: skip
            print(f"ratio:      crawl / bare trafilatura = {crawl_rate / bare_rate:.2f}x")
        size = os.path.getsize(f"{tmp}/bench.db") / 1e6
        print(f"store:      {size:.1f} MB for {len(pages)} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
