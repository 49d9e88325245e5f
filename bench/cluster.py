"""Cluster benchmark: the same generated site crawled by 1, 2 (and 3) ``csowatch worker``
processes sharing one PostgreSQL store through the queue.

    python -m bench.cluster                       # 1 and 2 workers, 2,000 pages, 4 outlets
    python -m bench.cluster --workers 1 2 3 --articles 1200
    python -m bench.cluster --analysis 0          # analysis inside each crawl process

Generates N articles in the markup of four outlets (Pangea: rferl, svoboda, currenttime; The
Moscow Times), weighed to 50-300 KB like ``bench/crawl.py``'s, serves each outlet on its own
loopback address (127.0.0.2, .3, ...: Scrapy's per-domain slot is per outlet, as on the real
web) with politeness off, and for each worker count: a fresh store (a throwaway schema on the
PostgreSQL server, ``$CSOWATCH_BENCH_PG_URL`` or ``postgresql://postgres@127.0.0.1:5432/test``),
``csowatch crawl --enqueue`` (one job per outlet), then K workers started together; the time
is from their start to the last one's exit. Reported: pages/s, the ratio to one worker, and
every article fetched exactly once; first, the one-machine ``csowatch crawl`` (every outlet
in one process) over the same site and store, as the anchor.

The helpers (``ClusterSite``, ``LoopbackServer``, ``start_workers``) are the cluster tests'
too (``tests/test_cluster.py``).
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from http.server import ThreadingHTTPServer
from pathlib import Path

from demo.articles import MOSCOWTIMES, RFERL, SVOBODA, sample_specs
from demo.mirror import REPO, write_config
from demo.server import Resource, SampleServer
from demo.sitegen import SampleArticle, SiteSpec, article_path, build_site

OUTLETS = ("rferl", "svoboda", "moscowtimes", "currenttime")
WEEK = ("--since", "2021-10-15", "--until", "2021-10-21")
PG_DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


class LoopbackServer(SampleServer):
    """A ``SampleServer`` on another loopback address (127.0.0.2 ...: all route to ``lo``)."""

    def __init__(self, site: dict[str, Resource], host: str) -> None:
        super().__init__(site)
        self._httpd.server_close()
        self._httpd = ThreadingHTTPServer((host, 0), self._handler())
        self._httpd.daemon_threads = True


def _articles(template: SampleArticle, n: int, first_id: int) -> list[SampleArticle]:
    """``n`` articles spread over the sample week, 15-21 October 2021."""
    start = datetime(2021, 10, 15, 0, 30, tzinfo=UTC)
    step = (6 * 24 * 60 + 22 * 60) / max(n, 1)
    return [
        replace(
            template,
            id=first_id + i,
            slug=f"{template.slug}-{i}",
            published=start + timedelta(minutes=step * i),
            title=f"{template.title} ({i})",
            paragraphs=tuple(f"{p} (Report {i}.)" for p in template.paragraphs),
            modified=None,
        )
        for i in range(n)
    ]


def cluster_specs(per_outlet: int) -> dict[str, SiteSpec]:
    """Four outlets of ``per_outlet`` articles each (the last outlets get one fewer when the
    total does not divide)."""
    base = sample_specs()
    currenttime = SiteSpec(
        "pangea",
        "https://www.currenttime.tv",
        "ru",
        [],
        5,
        feed_path="/api/zmgqpqeyuqp",
        publisher="Настоящее Время",
    )
    templates = {
        "rferl": (base["rferl"], RFERL[0], 31600000),
        "svoboda": (base["svoboda"], SVOBODA[0], 31500000),
        "moscowtimes": (base["moscowtimes"], MOSCOWTIMES[0], 80000),
        "currenttime": (currenttime, SVOBODA[1], 31400000),
    }
    return {
        key: replace(spec, articles=_articles(template, per_outlet, first))
        for key, (spec, template, first) in templates.items()
    }


@dataclass
class Politeness:
    download_delay: float = 0.0
    autothrottle: bool = False
    concurrent_per_domain: int = 16


class ClusterSite:
    """The outlets' sites served on 127.0.0.2.., and a configuration directory (cluster on)
    pointing the spiders there. ``with ClusterSite(...) as site:``."""

    def __init__(
        self,
        directory: Path,
        per_outlet: int,
        *,
        politeness: Politeness | None = None,
        analysis: str = "0",
        cluster: dict[str, object] | None = None,
        weigh: bool = False,
    ) -> None:
        self.directory = directory
        self.specs = cluster_specs(per_outlet)
        self.politeness = politeness or Politeness()
        self.analysis = analysis
        self.cluster = {
            "enabled": True,
            "heartbeat": 1,
            "stalled_after": 4,
            "retries": 1,
            "retry_wait": 1,
            **(cluster or {}),
        }
        self.weigh = weigh
        self.servers: dict[str, LoopbackServer] = {}
        self.paths: dict[str, list[str]] = {}
        self._stack = ExitStack()

    def __enter__(self) -> ClusterSite:
        rng = random.Random(20211017)
        for i, (key, spec) in enumerate(self.specs.items()):
            site = build_site(spec)
            paths = [article_path(spec, a) for a in spec.articles]
            if self.weigh:
                from bench.crawl import MAX_KB, MIN_KB, weigh

                for path in paths:
                    res = site[path]
                    target = rng.randint(MIN_KB, MAX_KB) * 1024
                    body = weigh(res.body.decode("utf-8"), target, rng).encode("utf-8")
                    site[path] = Resource(body, res.content_type, res.last_modified)
            server = LoopbackServer(site, f"127.0.0.{i + 2}")
            self.servers[key] = self._stack.enter_context(server)
            self.paths[key] = paths
        self.config = write_config(self.directory / "config", self.specs, self.servers)
        self._settings()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def _settings(self) -> None:
        p = self.politeness
        cluster = "".join(f"{k} = {_toml(v)}\n" for k, v in self.cluster.items())
        workers = f'"{self.analysis}"' if self.analysis == "auto" else self.analysis
        (self.config / "settings.toml").write_text(
            "[crawl]\n"
            'user_agent = "csowatch-test/0.1"\n'
            'contact_url = "https://example.org/csowatch"\n'
            f"download_delay = {p.download_delay}\n"
            f"autothrottle = {_toml(p.autothrottle)}\n"
            "retry_times = 1\n"
            f"concurrent_per_domain = {p.concurrent_per_domain}\n"
            'archive_dir = ""\n'
            f"workers = {workers}\n\n"
            f"[cluster]\n{cluster}\n"
            '[digest]\nweek_ends = "friday"\n',
            encoding="utf-8",
        )

    @property
    def articles(self) -> int:
        return sum(len(p) for p in self.paths.values())

    def article_fetches(self) -> Counter[tuple[str, str]]:
        """(outlet, path) -> GET requests answered 200, for every article page."""
        out: Counter[tuple[str, str]] = Counter()
        for key, server in self.servers.items():
            wanted = set(self.paths[key])
            for path in server.paths(200):
                if path in wanted:
                    out[(key, path)] += 1
        return out

    def request_times(self, key: str) -> list[float]:
        """When each request to the outlet's server arrived (``time.monotonic()``), sorted."""
        server = self.servers[key]
        with server._lock:
            return sorted(r.at for r in server.requests)

    def clear_logs(self) -> None:
        for server in self.servers.values():
            server.clear_log()

    def env(self, database_url: str) -> dict[str, str]:
        return {
            **os.environ,
            "CSOWATCH_CONFIG": str(self.config),
            "CSOWATCH_DATABASE_URL": database_url,
            "PYTHONPATH": str(REPO),
        }


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def csowatch(
    *args: str, env: dict[str, str], cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crawler", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_workers(
    n: int, env: dict[str, str], cwd: Path, *extra: str
) -> list[subprocess.Popen[str]]:
    return [
        subprocess.Popen(
            [sys.executable, "-m", "crawler", "worker", *extra],
            env=env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(n)
    ]


# --- the benchmark ------------------------------------------------------------------------


def _pg_schema(url: str) -> tuple[str, str]:
    from sqlalchemy import create_engine, make_url, text

    from store.db import resolve_database_url

    url = resolve_database_url(url)
    schema = f"csowatch_bench_{os.getpid()}_{secrets.token_hex(3)}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return schema, scoped.render_as_string(hide_password=False)


def _drop_schema(url: str, schema: str) -> None:
    from sqlalchemy import create_engine, text

    from store.db import resolve_database_url

    engine = create_engine(resolve_database_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def run_once(site: ClusterSite, workers: int, pg_url: str, tmp: Path) -> tuple[float, int, int]:
    """(seconds, articles fetched, articles fetched more than once) with ``workers`` workers."""
    schema, url = _pg_schema(pg_url)
    try:
        env = site.env(url)
        done = csowatch("db", "upgrade", env=env, cwd=tmp)
        if done.returncode != 0:
            raise SystemExit(f"db upgrade failed:\n{done.stdout}\n{done.stderr}")
        site.clear_logs()
        planned = csowatch("crawl", "--enqueue", *WEEK, env=env, cwd=tmp)
        if planned.returncode != 0:
            raise SystemExit(f"enqueue failed:\n{planned.stdout}\n{planned.stderr}")
        started = time.perf_counter()
        procs = start_workers(workers, env, tmp)
        for proc in procs:
            out, err = proc.communicate(timeout=3600)
            if proc.returncode != 0:
                raise SystemExit(f"a worker failed ({proc.returncode}):\n{out}\n{err}")
        elapsed = time.perf_counter() - started
        fetched = site.article_fetches()
        return elapsed, len(fetched), sum(1 for n in fetched.values() if n > 1)
    finally:
        _drop_schema(pg_url, schema)


def run_one_machine(site: ClusterSite, pg_url: str, tmp: Path) -> float:
    """Seconds for the one-machine ``csowatch crawl`` (all outlets in one process) on the
    same site and store: the anchor."""
    schema, url = _pg_schema(pg_url)
    try:
        env = site.env(url)
        csowatch("db", "upgrade", env=env, cwd=tmp)
        site.clear_logs()
        started = time.perf_counter()
        done = csowatch("crawl", *WEEK, env=env, cwd=tmp, timeout=3600)
        if done.returncode != 0:
            raise SystemExit(f"crawl failed:\n{done.stdout}\n{done.stderr}")
        return time.perf_counter() - started
    finally:
        _drop_schema(pg_url, schema)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="over the four outlets")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--analysis", default="auto", help='analysis processes per crawl ("auto" or N)'
    )
    parser.add_argument("--concurrency", type=int, default=16, help="requests per outlet")
    parser.add_argument(
        "--no-anchor", action="store_true", help="skip the one-machine csowatch crawl"
    )
    args = parser.parse_args(argv)
    pg_url = os.environ.get("CSOWATCH_BENCH_PG_URL") or PG_DEFAULT_URL
    per_outlet = max(1, args.articles // len(OUTLETS))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        with ClusterSite(
            tmp,
            per_outlet,
            politeness=Politeness(concurrent_per_domain=args.concurrency),
            analysis=args.analysis,
            cluster={"heartbeat": 2, "stalled_after": 10},
            weigh=True,
        ) as site:
            mb = (
                sum(
                    len(server.site[p].body)
                    for key, server in site.servers.items()
                    for p in site.paths[key]
                )
                / 1e6
            )
            print(
                f"site: {site.articles} article pages over {len(OUTLETS)} outlets on "
                f"127.0.0.2-{len(OUTLETS) + 1}, {mb:.0f} MB of HTML; politeness off; "
                f"analysis workers per crawl: {args.analysis}; {os.cpu_count()} cores"
            )
            if not args.no_anchor:
                one = run_one_machine(site, pg_url, tmp)
                print(
                    f"one machine: csowatch crawl, all outlets in one process: {site.articles} "
                    f"pages in {one:.1f} s = {site.articles / one:.1f} pages/s"
                )
            base = None
            for k in args.workers:
                elapsed, fetched, twice = run_once(site, k, pg_url, tmp)
                rate = site.articles / elapsed
                base = base or rate
                print(
                    f"{k} worker(s): {site.articles} pages in {elapsed:.1f} s = {rate:.1f} "
                    f"pages/s ({rate / base:.2f}x one worker); {fetched} articles fetched, "
                    f"{twice} more than once"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
