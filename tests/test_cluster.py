"""Many machines, for real: ``csowatch crawl --enqueue`` and 2 or 3 ``csowatch worker``
processes share four outlets (240 articles in their real markup, each outlet served on its
own loopback address, 127.0.0.2-5, so Scrapy's per-domain slot is per outlet) and one
PostgreSQL store (a throwaway schema; procrastinate's queue in it).

What is checked, from the servers' request logs and the store: every article fetched exactly
once across the workers, stored once; the per-outlet request rate under the configured
``download_delay``; no two crawls of one outlet at once; ``kill -9`` of a worker mid-job and
SIGTERM lose nothing; the queue's server unreachable, or lost mid-job (a PostgreSQL cluster
of the test's own, stopped under the worker), is one line and exit 1, and the rerun completes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bench.cluster import WEEK, ClusterSite, Politeness, csowatch, start_workers
from demo.sitegen import article_path
from store.db import open_store
from store.models import ArticleRow, CrawlRun
from tests.processes import alive

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

PER_OUTLET = 60  # x 4 outlets = 240 articles
DELAY = 0.1  # download_delay: Scrapy waits 0.5-1.5 x this between two requests of a domain
WORKER_TIMEOUT = 150


@pytest.fixture
def pg_url(pg_server: Any) -> Iterator[str]:
    schema, url = pg_server.new_schema()
    yield url
    pg_server.drop_schema(schema)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[ClusterSite]:
    with ClusterSite(tmp_path, PER_OUTLET, politeness=Politeness(DELAY, False, 2)) as s:
        yield s


@pytest.fixture
def procs() -> Iterator[list[subprocess.Popen[str]]]:
    """Workers started by a test; any still running at the end are killed."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=30)


# -- helpers --------------------------------------------------------------------------------


def run(site: ClusterSite, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return csowatch(*args, env=site.env(url), cwd=site.directory)


def enqueue(site: ClusterSite, url: str, *args: str) -> str:
    done = run(site, url, "crawl", "--enqueue", *(args or WEEK))
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def workers(
    site: ClusterSite, url: str, n: int, procs: list[subprocess.Popen[str]], *extra: str
) -> list[subprocess.Popen[str]]:
    started = start_workers(n, site.env(url), site.directory, *extra)
    procs.extend(started)
    return started


def finish(proc: subprocess.Popen[str], timeout: float = WORKER_TIMEOUT) -> tuple[str, str]:
    out, err = proc.communicate(timeout=timeout)
    return out, err


def expected_urls(site: ClusterSite) -> set[str]:
    return {
        spec.public_url + article_path(spec, a)
        for spec in site.specs.values()
        for a in spec.articles
    }


def stored(url: str) -> list[str]:
    with open_store(url) as store, store.read_session() as s:
        return list(s.scalars(select(ArticleRow.canonical_url)))


def crawl_runs(url: str) -> list[CrawlRun]:
    with open_store(url) as store, store.read_session() as s:
        return list(s.scalars(select(CrawlRun).order_by(CrawlRun.id)))


def assert_stored_once(site: ClusterSite, url: str) -> None:
    rows = stored(url)
    assert len(rows) == len(set(rows)), "an article was stored twice"
    missing = expected_urls(site) - set(rows)
    extra = set(rows) - expected_urls(site)
    assert not missing and not extra, f"missing {len(missing)}, extra {len(extra)}"


def assert_fetched(site: ClusterSite, *, exactly_once: bool, allow_twice: int = 0) -> None:
    fetched = site.article_fetches()
    every = {(key, p) for key, paths in site.paths.items() for p in paths}
    assert set(fetched) == every, f"{len(every - set(fetched))} articles never fetched"
    twice = {k: n for k, n in fetched.items() if n > 1}
    if exactly_once:
        assert not twice, f"fetched more than once: {sorted(twice.items())[:5]}"
    else:
        assert len(twice) <= allow_twice, f"{len(twice)} fetched more than once"


def assert_polite(site: ClusterSite) -> None:
    """Each outlet's requests, whichever workers made them, stay under the configured rate:
    in any 2 s at most 2/DELAY (the configured 10 a second) with the room Scrapy's random
    0.5-1.5 x delay and the window's edges take; two crawls of one outlet at once would make
    about twice that."""
    window = 2.0
    limit = int(window / DELAY * 1.3) + 2
    for key in site.servers:
        times = site.request_times(key)
        busiest, j = 0, 0
        for i, t in enumerate(times):
            while times[j] < t - window:
                j += 1
            busiest = max(busiest, i - j + 1)
        assert busiest <= limit, f"{key}: {busiest} requests in {window} s (limit {limit})"
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        # never two requests together: Scrapy's slot waits at least half the delay
        assert sum(1 for g in gaps if g < DELAY * 0.4) <= 2, f"{key}: requests in bursts"


def assert_one_crawl_per_outlet_at_a_time(url: str) -> None:
    by_outlet: dict[str, list[tuple[Any, Any]]] = {}
    for r in crawl_runs(url):
        assert r.finished_at is not None or r.status == "abandoned", (r.id, r.status)
        end = r.finished_at or r.started_at
        by_outlet.setdefault(r.options["outlets"][0], []).append((r.started_at, end))
    for key, spans in by_outlet.items():
        spans.sort()
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert start >= end, f"two crawls of {key} overlapped"


def job_statuses(url: str) -> dict[str, int]:
    import psycopg

    from crawler.cluster.queue import conninfo

    with psycopg.connect(conninfo(url)) as conn:
        rows = conn.execute(
            "SELECT status::text, count(*) FROM procrastinate_jobs GROUP BY status"
        ).fetchall()
    return {status: int(n) for status, n in rows}


def one_line(stderr: str, start: str) -> None:
    assert "Traceback" not in stderr, stderr[-3000:]
    mine = [line for line in stderr.splitlines() if line.startswith("csowatch:")]
    assert len(mine) == 1 and mine[0].startswith(start), stderr[-3000:]


def wait_for(
    what: str, check: Callable[[], Any], timeout: float = 60, procs: list[Any] | None = None
) -> Any:
    """Poll ``check`` until it returns something true; fail if a worker ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        for proc in procs or []:
            if proc.poll() is not None:
                out, err = proc.communicate()
                raise AssertionError(f"a worker ended before {what}: {proc.returncode}\n{out}{err}")
        time.sleep(0.05)
    raise AssertionError(f"no {what} in {timeout} s")


def running_child(url: str, site: ClusterSite, min_fetched: int) -> tuple[int, str] | None:
    """(pid, outlet) of a job's crawl that has fetched ``min_fetched`` articles and goes on."""
    fetched = site.article_fetches()
    for r in crawl_runs(url):
        if r.status != "running" or r.pid is None:
            continue
        key = r.options["outlets"][0]
        done = sum(1 for (k, _), _n in fetched.items() if k == key)
        if min_fetched <= done <= len(site.paths[key]) - 15 and alive(r.pid):
            return r.pid, key
    return None


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


# -- the tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 3])
def test_workers_share_the_outlets_each_article_fetched_once_politely(
    site: ClusterSite, pg_url: str, procs: list[subprocess.Popen[str]], n: int
) -> None:
    first = enqueue(site, pg_url)
    assert first.count("queued") == 4, first
    again = enqueue(site, pg_url)  # cron twice, or a second scheduler: nothing new
    assert again.count("already waiting") == 4 and " queued " not in again, again
    # and one more job per outlet (the last 3 days) that must wait for its outlet's first:
    # with 3 workers, only the host lock keeps two crawls of one outlet apart
    assert enqueue(site, pg_url, "--days", "3").count("queued") == 4
    started = workers(site, pg_url, n, procs)
    outs = [finish(p) for p in started]
    for proc, (out, err) in zip(started, outs, strict=True):
        assert proc.returncode == 0, out + err
        assert "no work left" in out, out
        assert "Traceback" not in err, err[-3000:]
    ran = [out.count(": started by ") for out, _ in outs]
    assert sum(ran) == 8 and sum(1 for r in ran if r) >= 2, ran  # the work was shared
    assert job_statuses(pg_url) == {"succeeded": 8}
    assert_fetched(site, exactly_once=True)
    assert_stored_once(site, pg_url)
    assert_polite(site)
    assert_one_crawl_per_outlet_at_a_time(pg_url)
    assert {r.status for r in crawl_runs(pg_url)} == {"ok"}
    shown = run(site, pg_url, "queue")
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "todo 0, doing 0, failed 0, succeeded 8" in shown.stdout, shown.stdout
    assert "workers: 0 alive" in shown.stdout and shown.stdout.count("succeeded") == 5


def test_a_service_worker_waits_for_the_next_jobs(
    site: ClusterSite, pg_url: str, procs: list[subprocess.Popen[str]]
) -> None:
    enqueue(site, pg_url, *WEEK, "--outlet", "rferl")
    (worker,) = workers(site, pg_url, 1, procs, "--wait")
    wait_for("the first job", lambda: job_statuses(pg_url) == {"succeeded": 1}, procs=[worker])
    enqueue(site, pg_url, *WEEK, "--outlet", "svoboda")  # it is still there to take it
    wait_for("the next job", lambda: job_statuses(pg_url) == {"succeeded": 2}, procs=[worker])
    worker.send_signal(signal.SIGTERM)
    out, err = finish(worker, 60)
    assert worker.returncode == 143, out + err
    assert "job 2 svoboda: done" in out and "Traceback" not in err, out + err
    assert len(stored(pg_url)) == 2 * PER_OUTLET


def test_kill_9_of_a_worker_mid_job_loses_nothing(
    site: ClusterSite, pg_url: str, procs: list[subprocess.Popen[str]]
) -> None:
    enqueue(site, pg_url)
    started = workers(site, pg_url, 2, procs)
    child, outlet = wait_for(
        "crawl half-way", lambda: running_child(pg_url, site, 10), procs=started
    )
    victim = next(p for p in started if p.pid == _parent(child))
    survivor = next(p for p in started if p is not victim)
    victim.kill()
    victim.communicate(timeout=30)
    # PR_SET_PDEATHSIG: the orphaned crawl gets SIGTERM and ends (gracefully), it does not
    # go on crawling the outlet the job's retry will crawl
    wait_for("the orphaned crawl's end", lambda: not alive(child), timeout=30)
    out, err = finish(survivor)
    assert survivor.returncode == 0, out + err
    assert "back in the queue" in out, out  # the survivor put the dead worker's job back
    assert f"{outlet} (" in out.split("back in the queue", 1)[1], out
    assert job_statuses(pg_url) == {"succeeded": 4}
    assert_stored_once(site, pg_url)
    # what the killed crawl had in flight may be fetched again, nothing else
    assert_fetched(site, exactly_once=False, allow_twice=8)
    assert_polite(site)
    assert_one_crawl_per_outlet_at_a_time(pg_url)
    statuses = [r.status for r in crawl_runs(pg_url) if r.options["outlets"] == [outlet]]
    assert statuses[0] in ("interrupted", "abandoned") and statuses[-1] == "ok", statuses


def test_sigterm_puts_the_job_back_and_the_next_worker_completes_it(
    site: ClusterSite, pg_url: str, procs: list[subprocess.Popen[str]]
) -> None:
    enqueue(site, pg_url, *WEEK, "--outlet", "rferl", "--outlet", "svoboda")
    (worker,) = workers(site, pg_url, 1, procs)
    wait_for("crawl half-way", lambda: running_child(pg_url, site, 10), procs=[worker])
    worker.send_signal(signal.SIGTERM)
    out, err = finish(worker, 60)
    assert worker.returncode == 143, out + err
    assert "exit 143 (interrupted (SIGTERM)); back in the queue" in out, out
    assert "Traceback" not in err, err[-3000:]
    assert job_statuses(pg_url).get("todo") == 2  # nothing lost: both jobs wait
    (again,) = workers(site, pg_url, 1, procs)
    out, err = finish(again)
    assert again.returncode == 0, out + err
    assert job_statuses(pg_url) == {"succeeded": 2}
    rows = stored(pg_url)
    assert len(rows) == len(set(rows)) == 2 * PER_OUTLET


def test_the_queue_server_unreachable_is_one_line_and_exit_1(site: ClusterSite) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://postgres@127.0.0.1:{port}/test"
    for args in (("worker",), ("crawl", "--enqueue"), ("queue",)):
        done = run(site, url, *args)
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        one_line(done.stderr, "csowatch: queue error: ")
        assert "127.0.0.1" in done.stderr


# -- a PostgreSQL of the test's own, to stop under a worker ------------------------------------


@dataclass
class OwnPostgres:
    directory: Path
    port: int
    as_postgres: list[str]

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def ctl(self, *args: str) -> None:
        bindir = _pg_bindir()
        subprocess.run(
            [*self.as_postgres, str(bindir / "pg_ctl"), "-D", str(self.directory / "data"),
             "-l", str(self.directory / "log"), "-w", *args],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip

    def start(self) -> None:
        self.ctl("-o", f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1", "start")

    def stop(self) -> None:
        self.ctl("-m", "immediate", "stop")


def _pg_bindir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        pytest.fail("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin", pytrace=False)
    return found[-1].parent


@pytest.fixture
def own_pg() -> Iterator[OwnPostgres]:
    """A throwaway PostgreSQL cluster (initdb + pg_ctl) on a port of its own: the shared
    server is never stopped."""
    directory = Path(tempfile.mkdtemp(prefix="csowatch-pg-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root
        shutil.chown(directory, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    subprocess.run(
        [*as_postgres, str(_pg_bindir() / "initdb"), "-D", str(directory / "data"), "-A",
         "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    pg = OwnPostgres(directory, port, as_postgres)
    pg.start()
    yield pg
    with contextlib.suppress(subprocess.CalledProcessError):
        pg.stop()  # unless a test left it stopped
    shutil.rmtree(directory, ignore_errors=True)


def test_a_worker_that_loses_postgres_stops_in_one_line_and_its_job_goes_back(
    site: ClusterSite, own_pg: OwnPostgres, procs: list[subprocess.Popen[str]]
) -> None:
    url = own_pg.url
    done = run(site, url, "db", "upgrade")
    assert done.returncode == 0, done.stdout + done.stderr
    enqueue(site, url, *WEEK, "--outlet", "rferl")
    (worker,) = workers(site, url, 1, procs)
    child, _ = wait_for("crawl half-way", lambda: running_child(url, site, 10), procs=[worker])
    own_pg.stop()
    out, err = finish(worker, 60)
    assert worker.returncode == 1, out + err
    one_line(err, "csowatch: queue error: lost the queue's PostgreSQL at ")
    assert "job 1 (rferl) goes back to the queue" in err, err
    assert not alive(child), "the worker's crawl outlived it"
    own_pg.start()
    (again,) = workers(site, url, 1, procs)  # finds the job stalled, puts it back, runs it
    out, err = finish(again)
    assert again.returncode == 0, out + err
    assert "job 1 rferl: its worker sent no heartbeat" in out, out
    assert job_statuses(url) == {"succeeded": 1}
    rows = stored(url)
    assert len(rows) == len(set(rows)) == PER_OUTLET


def test_a_one_machine_crawl_and_cluster_jobs_exclude_each_other(
    site: ClusterSite, pg_url: str, procs: list[subprocess.Popen[str]]
) -> None:
    """The store's lock: exclusive for ``csowatch crawl``, shared by cluster jobs."""
    from crawler.lock import crawl_lock

    enqueue(site, pg_url, *WEEK, "--outlet", "rferl")
    with crawl_lock(pg_url):  # a one-machine crawl is running
        (worker,) = workers(site, pg_url, 1, procs)
        # the job's crawl met the lock (exit 75) and the job went back, due in retry_wait
        wait_for("a job put back", lambda: job_attempts(pg_url) >= 1, timeout=30, procs=[worker])
        assert site.article_fetches() == {}
    out, err = finish(worker)
    assert worker.returncode == 0, out + err
    assert "exit 75" in out and "job 1 rferl: done" in out, out
    assert len(stored(pg_url)) == PER_OUTLET


def job_attempts(url: str) -> int:
    import psycopg

    from crawler.cluster.queue import conninfo

    with psycopg.connect(conninfo(url)) as conn:
        row = conn.execute(
            "SELECT attempts FROM procrastinate_jobs WHERE status = 'todo' ORDER BY id LIMIT 1"
        ).fetchone()
    return int(row[0]) if row else 0
