"""The cluster's parts, one at a time: ``[cluster]`` settings, the retry rules, the jobs a
plan makes, the locks (real PostgreSQL), procrastinate's tables in the store's schema, the
child that dies with its worker, and the one-line refusals of the cluster commands."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest
from procrastinate.jobs import Job

from crawler.cluster.plan import plan_jobs
from crawler.cluster.queue import EXIT_LOCKED, CrawlRetry, JobFailed, conninfo
from crawler.cluster.schema import ensure_schema, migrations_between
from crawler.config import ClusterSettings, ConfigError, load_config
from crawler.lock import (
    LockBusy,
    PostgresCrawlLock,
    crawl_host,
    crawl_lock,
    job_lock,
    plan_lock,
)
from spiders.outlet import Outlet
from tests.processes import alive

REPO = Path(__file__).resolve().parents[1]
OUTLETS = """
[outlets.rferl]
name = "RFE/RL"
spider = "pangea"
base_url = "https://www.rferl.org"
language = "en"
"""


def _config(tmp_path: Path, settings: str) -> Path:
    d = tmp_path / "config"
    d.mkdir(exist_ok=True)
    (d / "outlets.toml").write_text(OUTLETS, encoding="utf-8")
    (d / "settings.toml").write_text(textwrap.dedent(settings), encoding="utf-8")
    return d


# -- [cluster] ------------------------------------------------------------------------------


def test_the_cluster_is_off_by_default_and_the_shipped_settings_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CSOWATCH_CLUSTER", raising=False)
    assert load_config(_config(tmp_path, "[crawl]\ndays = 3\n")).cluster == ClusterSettings()
    shipped = load_config(REPO / "config").cluster
    assert shipped.enabled is False and shipped.stalled_after >= 3 * shipped.heartbeat


def test_cluster_settings_are_read_and_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CSOWATCH_CLUSTER", raising=False)
    good = """\
        [cluster]
        enabled = true
        queue = "crawl-eu"
        heartbeat = 2
        stalled_after = 6.5
        retries = 0
        retry_wait = 30
        """
    cluster = load_config(_config(tmp_path, good)).cluster
    assert cluster == ClusterSettings(True, "crawl-eu", 2.0, 6.5, 0, 30.0)
    bad = {
        "enabled = 1": ("cluster.enabled", "must be true or false", 2),
        "heartbeat = 0": ("cluster.heartbeat", "positive number of seconds", 2),
        "retries = -1": ("cluster.retries", "non-negative whole number", 2),
        'queue = "a b"': ("cluster.queue", "must be a name", 2),
        "sleep = 3": ("cluster.sleep", "unknown setting", 2),
        "heartbeat = 10\nstalled_after = 20": ("cluster.stalled_after", "at least 3", 3),
    }
    for text, (fld, message, line) in bad.items():
        with pytest.raises(ConfigError) as err:
            load_config(_config(tmp_path, f"[cluster]\n{text}\n"))
        assert err.value.field == fld and message in str(err.value), str(err.value)
        assert err.value.line == line, str(err.value)


def test_csowatch_cluster_overrides_enabled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = _config(tmp_path, "[cluster]\nenabled = false\n")
    monkeypatch.setenv("CSOWATCH_CLUSTER", "1")
    assert load_config(d).cluster.enabled is True
    monkeypatch.setenv("CSOWATCH_CLUSTER", "off")
    assert load_config(d).cluster.enabled is False
    monkeypatch.setenv("CSOWATCH_CLUSTER", "maybe")
    with pytest.raises(ConfigError, match=r"CSOWATCH_CLUSTER.*must be 1 or 0"):
        load_config(d)


# -- jobs and their retries ------------------------------------------------------------------


def _outlet(key: str, base_url: str) -> Outlet:
    return Outlet(
        key=key, name=key, spider="pangea", base_url=base_url, language="en", site_url=base_url
    )


def test_a_plan_is_one_job_per_outlet_locked_on_its_host() -> None:
    outlets = [_outlet("rferl", "https://www.RFERL.org"), _outlet("mirror", "http://127.0.0.3:81")]
    cron = plan_jobs(outlets, None, None, 3)
    assert [(j.outlet, j.host, j.days) for j in cron] == [
        ("rferl", "www.rferl.org", 3),
        ("mirror", "127.0.0.3", 3),
    ]
    assert cron[0].lock == "csowatch:host:www.rferl.org"
    assert cron[0].queueing_lock == "csowatch:crawl:rferl:last-3d"
    assert cron[0].crawl_args() == ["--days", "3"]
    week = plan_jobs(outlets, date(2021, 10, 15), date(2021, 10, 21), 3)
    assert week[0].queueing_lock == "csowatch:crawl:rferl:2021-10-15..2021-10-21"
    assert week[0].crawl_args() == ["--since", "2021-10-15", "--until", "2021-10-21"]
    assert crawl_host("http://127.0.0.2:8801/x") == "127.0.0.2"


def _job(attempts: int) -> Job:
    return Job(
        id=1, queue="csowatch", lock=None, queueing_lock=None, task_name="t", attempts=attempts
    )


def test_the_retry_rules_follow_the_crawls_exit_code() -> None:
    retry = CrawlRetry(ClusterSettings(retries=2, retry_wait=60))

    def decision(code: int, attempts: int = 0) -> Any:
        return retry.get_retry_decision(exception=JobFailed(code, "rferl"), job=_job(attempts))

    def wait(d: Any) -> float:
        return (d.retry_at - time_now()).total_seconds()

    assert decision(2) is None  # bad configuration: never
    assert abs(wait(decision(143))) < 2 and abs(wait(decision(-9))) < 2  # interrupted: now
    assert 55 < wait(decision(EXIT_LOCKED, attempts=50)) < 61  # locked: later, however often
    assert 55 < wait(decision(1, 0)) < 61 and 115 < wait(decision(1, 1)) < 121
    assert decision(1, attempts=2) is None  # the outlet failed 3 times: failed for good
    assert "exit 75 (its host or the store is being crawled)" in str(JobFailed(75, "rferl"))


def time_now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


# -- locks, on the real server -----------------------------------------------------------------


@pytest.mark.postgres
def test_job_locks_share_the_store_and_own_their_host(pg_server: Any) -> None:
    schema, url = pg_server.new_schema()
    try:
        with job_lock(url, "www.rferl.org"), job_lock(url, "www.svoboda.org"):
            with pytest.raises(LockBusy, match="another crawl of www.rferl.org"):
                job_lock(url, "www.rferl.org").acquire()
            with pytest.raises(LockBusy, match="another crawl is running"):
                crawl_lock(url).acquire()  # no one-machine crawl beside cluster jobs
        with (
            PostgresCrawlLock(url),
            pytest.raises(LockBusy, match="a one-machine crawl of this store"),
        ):
            job_lock(url, "www.rferl.org").acquire()
        with job_lock(url, "www.rferl.org"):  # all released
            pass
        with plan_lock(url):
            with pytest.raises(LockBusy, match="another csowatch crawl --enqueue"):
                plan_lock(url).acquire()
            with job_lock(url, "www.rferl.org"):  # planning does not stop crawling
                pass
    finally:
        pg_server.drop_schema(schema)
    with pytest.raises(ValueError, match="PostgreSQL store"):
        job_lock("sqlite:////tmp/x.db", "h")


# -- procrastinate's tables ---------------------------------------------------------------------


def _tables(url: str, schema: str) -> set[str]:
    with psycopg.connect(conninfo(url)) as conn:
        rows = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename LIKE "
            "'procrastinate%%'",
            (schema,),
        ).fetchall()
    return {r[0] for r in rows}


@pytest.mark.postgres
def test_db_upgrade_applies_the_queue_tables_in_the_stores_schema_once(
    pg_server: Any, tmp_path: Path
) -> None:
    schema, url = pg_server.new_schema()
    try:
        d = _config(tmp_path, "[cluster]\nenabled = true\n")
        env = {**os.environ, "CSOWATCH_CONFIG": str(d), "CSOWATCH_DATABASE_URL": url}
        env.pop("CSOWATCH_CLUSTER", None)
        outs = []
        for _ in range(2):
            done = subprocess.run(
                [sys.executable, "-m", "crawler", "db", "upgrade"],
                env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path,
            )  # fmt: skip
            assert done.returncode == 0, done.stdout + done.stderr
            outs.append(done.stdout)
        assert f"procrastinate 3.10.0 schema applied in {schema}" in outs[0]
        assert f"queue: procrastinate 3.10.0 schema in {schema}" in outs[1]
        assert _tables(url, schema) == {
            "procrastinate_jobs",
            "procrastinate_workers",
            "procrastinate_events",
            "procrastinate_periodic_defers",
        }
        assert not _tables(url, "public")  # nothing outside the store's schema
        assert ensure_schema(url).startswith("queue: procrastinate 3.10.0 schema in")
    finally:
        pg_server.drop_schema(schema)


def test_procrastinate_upgrades_apply_the_migrations_after_the_recorded_version() -> None:
    names = [p.name for p in migrations_between((3, 2, 0), (3, 10, 0))]
    assert names and all(n.startswith(("03.03.", "03.04.")) for n in names), names
    assert names == sorted(names)
    assert migrations_between((3, 10, 0), (3, 10, 0)) == []


# -- the child dies with its worker ------------------------------------------------------------


def test_a_jobs_crawl_gets_sigterm_when_its_worker_is_killed(tmp_path: Path) -> None:
    marker = tmp_path / "child.pid"
    parent = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import os, subprocess, sys, time
            from crawler.cluster.worker import die_with_parent
            code = ("import os, time; open({str(marker)!r}, 'w').write(str(os.getpid())); "
                    "time.sleep(60)")
            subprocess.Popen([sys.executable, "-c", code], preexec_fn=die_with_parent(os.getpid()))
            time.sleep(60)
        """)],
        cwd=REPO,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while not (marker.exists() and marker.read_text()) and time.monotonic() < deadline:
        time.sleep(0.02)
    child = int(marker.read_text())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait(timeout=10)
    deadline = time.monotonic() + 10
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.02)
    outlived = alive(child)
    if outlived:
        os.kill(child, signal.SIGKILL)
    assert not outlived, "the child outlived its killed parent"


# -- the commands' refusals --------------------------------------------------------------------


def _csowatch(
    tmp_path: Path, settings: str, db: str, *args: str
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CSOWATCH_CONFIG": str(_config(tmp_path, settings))}
    env.pop("CSOWATCH_CLUSTER", None)
    return subprocess.run(
        [sys.executable, "-m", "crawler", "--db", db, *args],
        env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )  # fmt: skip


@pytest.mark.parametrize("args", [("worker",), ("crawl", "--enqueue"), ("queue",)])
def test_the_cluster_commands_refuse_in_one_line_without_a_cluster(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    sqlite = f"sqlite:///{tmp_path / 'store.db'}"
    off = _csowatch(tmp_path, "[crawl]\ndays = 3\n", sqlite, *args)
    assert off.returncode == 2, off.stdout + off.stderr
    assert (
        off.stderr.startswith("csowatch: configuration error: ") and "cluster is off" in off.stderr
    )
    on_sqlite = _csowatch(tmp_path, "[cluster]\nenabled = true\n", sqlite, *args)
    assert on_sqlite.returncode == 2, on_sqlite.stdout + on_sqlite.stderr
    assert "the cluster needs a PostgreSQL store" in on_sqlite.stderr
    for done in (off, on_sqlite):
        assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1
