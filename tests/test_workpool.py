"""The analysis pool: pages analysed in worker processes store what in-process analysis stores,
and a worker killed mid-crawl loses no page. Real crawls (subprocesses) against real HTTP
servers on 127.0.0.1, into SQLite."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from demo.articles import MOSCOWTIMES, RFERL, sample_specs
from demo.mirror import start_servers, write_config
from demo.sitegen import SampleArticle, SiteSpec, article_path
from store.db import open_store
from store.models import ArticleRow, ArticleSearch, MentionRow, QuoteRow

REPO = Path(__file__).resolve().parents[1]
WEEK = ("--since", "2021-10-15", "--until", "2021-10-21")
pytestmark = pytest.mark.integration


def _many(template: SampleArticle, n: int, first_id: int) -> list[SampleArticle]:
    start = datetime(2021, 10, 15, 1, 0, tzinfo=UTC)
    return [
        replace(template, id=first_id + i, slug=f"{template.slug}-{i}",
                published=start + timedelta(minutes=37 * i), title=f"{template.title} ({i})",
                modified=None)
        for i in range(n)
    ]  # fmt: skip


def _specs(n: int) -> dict[str, SiteSpec]:
    base = sample_specs()
    return {
        "rferl": replace(base["rferl"], articles=_many(RFERL[0], n, 31600000)),
        "moscowtimes": replace(base["moscowtimes"], articles=_many(MOSCOWTIMES[0], n, 80000)),
    }


def _config(tmp: Path, specs: dict[str, SiteSpec], servers: Any, workers: str) -> Path:
    config = write_config(tmp / "config", specs, servers)
    settings = config / "settings.toml"
    settings.write_text(
        settings.read_text().replace("[digest]", f"workers = {workers}\n\n[digest]")
    )
    return config


def _env(config: Path, db: str) -> dict[str, str]:
    return {**os.environ, "CSOWATCH_CONFIG": str(config), "CSOWATCH_DATABASE_URL": db,
            "PYTHONPATH": str(REPO)}  # fmt: skip


def _start_crawl(config: Path, db: str, cwd: Path) -> subprocess.Popen[str]:
    """``csowatch crawl`` of the week, left running for the test to watch."""
    return subprocess.Popen(
        [sys.executable, "-m", "crawler", "crawl", "--quiet", *WEEK],
        env=_env(config, db), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _crawl(config: Path, db: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crawler", "crawl", "--quiet", *WEEK],
        env=_env(config, db), cwd=cwd, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def _stored(db: str) -> dict[str, Any]:
    """Everything the analysis decided, per canonical URL."""
    store = open_store(db)
    out: dict[str, Any] = {}
    try:
        with store.read_session() as s:
            for row in s.scalars(select(ArticleRow)):
                mentions = s.execute(
                    select(MentionRow.cso_id, MentionRow.field, MentionRow.paragraph,
                           MentionRow.start, MentionRow.end, MentionRow.via)
                    .where(MentionRow.article_id == row.id)
                ).all()  # fmt: skip
                quotes = s.execute(
                    select(QuoteRow.idx, QuoteRow.text, QuoteRow.speaker, QuoteRow.paragraph)
                    .where(QuoteRow.article_id == row.id)
                ).all()  # fmt: skip
                terms = s.get_one(ArticleSearch, row.id)
                out[row.canonical_url] = (
                    row.title, row.lead, list(row.paragraphs or []), row.published,
                    list(row.authors or []), row.language, row.content_hash,
                    sorted(tuple(m) for m in mentions), sorted(tuple(q) for q in quotes),
                    terms.title_terms, terms.body_terms,
                )  # fmt: skip
    finally:
        store.close()
    return out


def test_the_pool_stores_what_in_process_analysis_stores(tmp_path: Path) -> None:
    specs = _specs(12)
    with ExitStack() as stack:
        servers = start_servers(specs, stack)
        results = {}
        for workers in ("0", "2"):
            tmp = tmp_path / f"w{workers}"
            tmp.mkdir()
            db = f"sqlite:///{tmp}/store.db"
            result = _crawl(_config(tmp, specs, servers, workers), db, tmp)
            assert result.returncode == 0, result.stderr
            results[workers] = _stored(db)
    assert len(results["0"]) == 24
    assert results["2"] == results["0"]
    assert all(v[7] for v in results["0"].values())  # every article has its mentions


def _workers_of(pid: int) -> list[int]:
    """The analysis workers of the crawl process ``pid``: the forkserver's children."""

    def children(p: int) -> list[int]:
        out: list[int] = []
        for task in os.listdir(f"/proc/{p}/task"):
            try:
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    out += [int(c) for c in fh.read().split()]
            except OSError:
                continue
        return out

    return [w for child in children(pid) for w in children(child)]


def test_a_worker_killed_mid_crawl_loses_no_page(tmp_path: Path) -> None:
    specs = _specs(60)
    paths = {key: {article_path(spec, a) for a in spec.articles} for key, spec in specs.items()}
    with ExitStack() as stack:
        servers = start_servers(specs, stack)
        db = f"sqlite:///{tmp_path}/store.db"
        proc = _start_crawl(_config(tmp_path, specs, servers, "2"), db, tmp_path)
        killed = None
        deadline = time.monotonic() + 120
        while killed is None and proc.poll() is None and time.monotonic() < deadline:
            fetched = sum(1 for key, s in servers.items() for p in s.paths(200) if p in paths[key])
            workers = _workers_of(proc.pid)
            if fetched >= 20 and workers:
                killed = workers[0]
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.05)
        out, err = proc.communicate(timeout=300)
    assert killed is not None, "the crawl ended before a worker could be killed"
    assert proc.returncode == 0, out + err
    stored = _stored(db)
    assert len(stored) == 120
    assert all(v[7] for v in stored.values())


def test_workers_die_with_a_crawl_killed_with_9(tmp_path: Path) -> None:
    """kill -9 never shuts the pool down: the workers (children of the forkserver) must still
    go, or they would hold the crawl's output pipes open and keep running for ever."""
    specs = _specs(60)
    with ExitStack() as stack:
        servers = start_servers(specs, stack)
        db = f"sqlite:///{tmp_path}/store.db"
        proc = _start_crawl(_config(tmp_path, specs, servers, "2"), db, tmp_path)
        workers: list[int] = []
        deadline = time.monotonic() + 120
        while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
            workers = _workers_of(proc.pid)
            time.sleep(0.05)
        assert len(workers) == 2, "the crawl ended before its workers started"
        proc.kill()
        proc.communicate(timeout=30)  # EOF on its pipes: nobody holds them any more
    deadline = time.monotonic() + 30
    alive = workers
    while alive and time.monotonic() < deadline:
        alive = [w for w in workers if os.path.exists(f"/proc/{w}") and not _zombie(w)]
        time.sleep(0.05)
    assert alive == [], f"workers {alive} outlived the crawl"


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
