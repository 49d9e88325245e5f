"""A store that fails under the crawl fails the run, loudly and in one line, and loses nothing:
SQLite locked by another process (briefly, for long, before the crawl), a file-size limit, and
PostgreSQL stopped and started again mid-crawl (a throwaway cluster of the test's own)."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.faults.crawlsite import FaultSite, one_line_errors
from tests.faults.test_interrupted import assert_complete

pytestmark = pytest.mark.integration

PG_BIN = Path("/usr/lib/postgresql/15/bin")
BUSY = "2"  # seconds a SQLite writer waits for the lock, in these tests


@pytest.fixture
def sqlite_site(tmp_path: Path) -> Iterator[FaultSite]:
    s = FaultSite(tmp_path, f"sqlite:///{tmp_path / 'store.db'}")
    assert s.csowatch("db", "upgrade").returncode == 0
    yield s
    s.close()


def sqlite_path(site: FaultSite) -> str:
    return str(make_url(site.db_url).database)


class Locker:
    """Another process holding the SQLite write lock (BEGIN EXCLUSIVE) for ``seconds``."""

    def __init__(self, path: str, seconds: float) -> None:
        code = (
            "import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('BEGIN EXCLUSIVE')\n"
            "print('locked', flush=True)\n"
            "time.sleep(float(sys.argv[2]))\n"
            "c.execute('COMMIT')\n"
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code, path, str(seconds)], stdout=subprocess.PIPE, text=True
        )
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "locked"

    def wait(self) -> None:
        self.proc.communicate(timeout=120)

    def stop(self) -> None:
        self.proc.kill()
        self.proc.communicate(timeout=30)


def test_a_short_lock_mid_crawl_is_waited_out(sqlite_site: FaultSite) -> None:
    site = sqlite_site
    proc = site.crawl_process(env=site.env(CSOWATCH_SQLITE_BUSY_TIMEOUT=BUSY))
    site.wait_for_downloads(20, proc)
    locker = Locker(sqlite_path(site), 3.5)  # longer than one busy timeout, shorter than three
    locker.wait()
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, out + err
    assert_complete(site)


def test_a_long_lock_mid_crawl_fails_the_run_and_the_rerun_completes(
    sqlite_site: FaultSite,
) -> None:
    site = sqlite_site
    proc = site.crawl_process(env=site.env(CSOWATCH_SQLITE_BUSY_TIMEOUT=BUSY))
    site.wait_for_downloads(20, proc)
    locker = Locker(sqlite_path(site), 300)
    try:
        out, err = proc.communicate(timeout=300)
    finally:
        locker.stop()
    assert proc.returncode == 1, out + err
    assert "store error: database is locked (after 2 s)" in out, out
    assert "FAILED" in out
    one_line_errors(err)
    assert site.stored_count() < 80

    rerun = site.crawl()
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert_complete(site)
    # the locked run could not even record its end: the next crawl found it abandoned
    assert [s for _, s in site.runs()] == ["abandoned", "ok"]
    assert site.last_run_counts()["resumed"] > 0


def test_a_store_locked_before_the_crawl_is_one_line_and_exit_2(sqlite_site: FaultSite) -> None:
    site = sqlite_site
    locker = Locker(sqlite_path(site), 300)
    try:
        result = site.crawl(env=site.env(CSOWATCH_SQLITE_BUSY_TIMEOUT="1"))
    finally:
        locker.stop()
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip().splitlines() == [
        "csowatch: store error: database is locked (after 1 s)"
    ], result.stderr


def test_a_file_size_limit_fails_the_run_and_the_rerun_completes(
    sqlite_site: FaultSite,
) -> None:
    site = sqlite_site
    path = Path(sqlite_path(site))
    limit = path.stat().st_size + 64 * 1024

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = site.crawl(preexec_fn=small_files)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "store error:" in result.stdout, result.stdout
    one_line_errors(result.stderr)
    assert site.stored_count() < 80

    rerun = site.crawl()
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert_complete(site)


# -- PostgreSQL stopped mid-crawl: a cluster of the test's own, never the shared server --------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """A throwaway PostgreSQL 15 cluster in a temporary directory, on a port of its own."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="csowatch-pg-"))
        self.data = self.dir / "data"
        self.port = _free_port()
        shutil.chown(self.dir, "postgres", "postgres")
        self._as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"
        )

    def _as_postgres(self, *cmd: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *cmd], check=True, capture_output=True, timeout=120)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-l",
            str(self.dir / "log"), "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    if not (PG_BIN / "initdb").exists():
        pytest.fail(f"{PG_BIN}/initdb is missing: install Debian's postgresql-15")
    c = Cluster()
    c.start()
    yield c
    c.remove()


def test_postgres_stopped_mid_crawl_fails_in_one_line_and_the_rerun_completes(
    tmp_path: Path, cluster: Cluster
) -> None:
    site = FaultSite(tmp_path, cluster.url)
    try:
        assert site.csowatch("db", "upgrade").returncode == 0
        proc = site.crawl_process()
        site.wait_for_downloads(20, proc)
        cluster.stop()
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 1, out + err
        assert "store error:" in out + err
        one_line_errors(err, limit=40)

        cluster.start()
        time.sleep(0.5)
        rerun = site.crawl()
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr
        assert_complete(site)
        statuses = [status for _, status in site.runs()]
        assert statuses[-1] == "ok" and statuses[0] in ("abandoned", "failed"), statuses
    finally:
        site.close()
