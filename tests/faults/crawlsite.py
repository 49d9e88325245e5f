"""A site of 80 articles over two outlets (Pangea and The Moscow Times markup), served slowly
enough on 127.0.0.1 that a crawl can be killed, stopped or starved of its store half-way.

``FaultSite.crawl_process()`` starts the real ``csowatch crawl`` as a subprocess; the helpers
wait for a number of article downloads, so a fault lands in the middle of the work.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from demo.articles import MOSCOWTIMES, RFERL, sample_specs
from demo.mirror import write_config
from demo.server import Resource, SampleServer
from demo.sitegen import SampleArticle, SiteSpec, article_path, build_site
from store.db import open_store
from store.models import ArticleRow, CrawlRun

REPO = Path(__file__).resolve().parents[2]
WEEK = ("--since", "2021-10-15", "--until", "2021-10-21")
PER_OUTLET = 40


def _articles(template: SampleArticle, n: int, first_id: int) -> list[SampleArticle]:
    start = datetime(2021, 10, 15, 1, 0, tzinfo=UTC)
    out = []
    for i in range(n):
        out.append(
            replace(
                template,
                id=first_id + i,
                slug=f"{template.slug}-{i}",
                published=start + timedelta(minutes=131 * i),
                title=f"{template.title} ({i})",
                paragraphs=tuple(f"{p} (Report {i}.)" for p in template.paragraphs),
                modified=None,
            )
        )
    # two more outside the week, which no run may store
    out.append(replace(out[0], id=first_id + n, slug=f"{template.slug}-old",
                       published=datetime(2021, 10, 1, 9, 0, tzinfo=UTC)))  # fmt: skip
    return out


def fault_specs(per_outlet: int = PER_OUTLET) -> dict[str, SiteSpec]:
    base = sample_specs()
    return {
        "rferl": replace(base["rferl"], articles=_articles(RFERL[0], per_outlet, 31700000)),
        "moscowtimes": replace(
            base["moscowtimes"], articles=_articles(MOSCOWTIMES[0], per_outlet, 90000)
        ),
    }


class SlowServer(SampleServer):
    """A sample server that takes ``delay`` seconds over each article page."""

    def __init__(self, site: dict[str, Resource], article_paths: set[str], delay: float) -> None:
        super().__init__(site)
        self.article_paths = article_paths
        self.delay = delay
        # open: articles are answered; cleared, every article answer waits until it opens again
        # (a crawl held mid-run for as long as a test needs, however slow the machine)
        self.gate = threading.Event()
        self.gate.set()

    def _answer(self, path: str, request_headers: object) -> tuple[int, dict[str, str], bytes]:
        if path in self.article_paths:
            self.gate.wait(timeout=300)
        if path in self.article_paths and self.delay:
            time.sleep(self.delay)
        return super()._answer(path, request_headers)


class FaultSite:
    def __init__(self, tmp_path: Path, db_url: str, delay: float = 0.08) -> None:
        self.stack = ExitStack()
        self.specs = fault_specs()
        self.servers: dict[str, SlowServer] = {}
        for key, spec in self.specs.items():
            paths = {article_path(spec, a) for a in spec.articles}
            server = SlowServer(build_site(spec), paths, delay)
            self.servers[key] = self.stack.enter_context(server)
        self.config = write_config(tmp_path / "config", self.specs, self.servers)  # type: ignore[arg-type]
        self.db_url = db_url
        self.cwd = tmp_path

    def close(self) -> None:
        self.stack.close()

    # -- what the site holds -------------------------------------------------------------

    def in_week(self) -> set[str]:
        lo, hi = datetime(2021, 10, 15, tzinfo=UTC), datetime(2021, 10, 22, tzinfo=UTC)
        return {
            spec.public_url + article_path(spec, a)
            for spec in self.specs.values()
            for a in spec.articles
            if lo <= a.published < hi
        }

    def article_downloads(self) -> int:
        return sum(
            sum(1 for p in server.paths(status=200) if p in server.article_paths)
            for server in self.servers.values()
        )

    # -- running the crawler -------------------------------------------------------------

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "CSOWATCH_CONFIG": str(self.config),
            "CSOWATCH_DATABASE_URL": self.db_url,
            "PYTHONPATH": str(REPO),
            **extra,
        }

    def crawl_process(
        self, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, **kw: Any
    ) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "crawler", "crawl", "--quiet", *WEEK, *args],
            cwd=cwd or self.cwd,
            env=env or self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            **kw,
        )

    def crawl(self, *args: str, **kw: Any) -> subprocess.CompletedProcess[str]:
        proc = self.crawl_process(*args, **kw)
        out, err = proc.communicate(timeout=300)
        return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)

    def csowatch(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "crawler", *args],
            cwd=self.cwd,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=120,
        )

    def wait_for_downloads(self, n: int, proc: subprocess.Popen[str], timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while self.article_downloads() < n:
            if proc.poll() is not None:
                raise AssertionError(f"the crawl ended before {n} downloads: {proc.returncode}")
            if time.monotonic() > deadline:
                raise AssertionError(f"fewer than {n} article downloads in {timeout} s")
            time.sleep(0.02)

    # -- what the store holds ------------------------------------------------------------

    def stored(self) -> list[str]:
        with open_store(self.db_url) as store, store.read_session() as s:
            return list(s.scalars(select(ArticleRow.canonical_url)))

    def stored_count(self) -> int:
        with open_store(self.db_url) as store, store.read_session() as s:
            return int(s.scalar(select(func.count()).select_from(ArticleRow)) or 0)

    def runs(self) -> list[tuple[int, str]]:
        with open_store(self.db_url) as store, store.read_session() as s:
            return [(r.id, r.status) for r in s.scalars(select(CrawlRun).order_by(CrawlRun.id))]

    def last_run_counts(self) -> dict[str, int]:
        """The last run's counts, summed over its outlets."""
        with open_store(self.db_url) as store, store.read_session() as s:
            run = s.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1)).one()
            totals: dict[str, int] = {}
            for st in run.outlet_stats:
                for name, value in st.counts.items():
                    totals[name] = totals.get(name, 0) + value
            return totals


def one_line_errors(stderr: str, limit: int = 30) -> None:
    """The crawl's stderr tells of a fault in a few lines, never with a traceback."""
    assert "Traceback" not in stderr, stderr[-3000:]
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) <= limit, f"{len(lines)} lines of stderr:\n" + "\n".join(lines[:60])
