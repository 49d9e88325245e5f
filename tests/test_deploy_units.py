"""The systemd units of ``docs/operations.md``, as printed there, checked and run.

The units are read from the document's ``ini`` blocks (each starts at a ``# /etc/systemd/
system/NAME`` line), with ``/srv/csowatch`` standing for a directory of the test and the
checkout's own ``csowatch`` for ``/srv/csowatch/.venv/bin/csowatch``. Then:

- systemd's own ``systemd-analyze verify`` loads every unit and must say nothing: a misspelt
  directive, a bad value or a missing executable fails the test;
- their commands run as systemd would run them (the unit's working directory, environment and
  command line; the store's URL from a drop-in, as an administrator would set it) against
  outlets served on loopback addresses and the PostgreSQL server: the exit codes must be the
  ones each unit counts as success, and stopping the worker the way ``KillMode=mixed`` does
  (SIGTERM to its main process, SIGKILL only after ``TimeoutStopSec``) must end it in time,
  with an exit code in ``SuccessExitStatus``.

systemd itself does not run here (no init system in the build container), so the units are
never started by ``systemctl``; what systemd would do with them is taken from the unit files.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bench.cluster import WEEK, ClusterSite, Politeness
from store.db import open_store
from store.models import ArticleRow

pytestmark = [pytest.mark.integration]

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "operations.md"
INSTALL = "/srv/csowatch"
CSOWATCH = Path(sys.executable).parent / "csowatch"
PER_OUTLET = 8  # x 4 outlets
UNIT_HEADER = re.compile(r"^# /etc/systemd/system/(\S+)$")


@dataclass
class Unit:
    name: str
    text: str
    sections: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def values(self, section: str, key: str) -> list[str]:
        return [v for k, v in self.sections.get(section, []) if k == key]

    def value(self, section: str, key: str) -> str:
        found = self.values(section, key)
        assert len(found) == 1, f"{self.name}: {key}= given {len(found)} times"
        return found[0]

    def success_codes(self) -> set[int]:
        codes = {0}
        for value in self.values("Service", "SuccessExitStatus"):
            codes |= {int(c) for c in value.split() if c.isdigit()}
        return codes

    def environment(self) -> dict[str, str]:
        env: dict[str, str] = {}
        for value in self.values("Service", "Environment"):
            for pair in shlex.split(value):
                key, _, val = pair.partition("=")
                env[key] = val
        return env

    def command(self) -> list[str]:
        return shlex.split(self.value("Service", "ExecStart"))

    def seconds(self, key: str) -> float:
        return float(self.value("Service", key))


def documented_units(install: Path) -> dict[str, Unit]:
    """The units in ``docs/operations.md``, installed in ``install`` (for ``/srv/csowatch``)."""
    blocks = re.findall(r"```ini\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    units: dict[str, Unit] = {}
    current: Unit | None = None
    for block in blocks:
        for line in block.splitlines():
            header = UNIT_HEADER.match(line.strip())
            if header:
                current = units.setdefault(header.group(1), Unit(header.group(1), ""))
                continue
            assert current is not None, f"an ini block of {DOC.name} names no unit first"
            line = line.replace(f"{INSTALL}/.venv/bin/csowatch", str(CSOWATCH))
            current.text += line.replace(INSTALL, str(install)) + "\n"
    for unit in units.values():
        section = ""
        for raw in unit.text.splitlines():
            line = raw.strip()
            if not line or line.startswith(("#", ";")):
                continue
            if line.startswith("["):
                section = line.strip("[]")
                continue
            key, _, value = line.partition("=")
            unit.sections.setdefault(section, []).append((key.strip(), value.strip()))
    return units


@pytest.fixture
def install(tmp_path: Path) -> Path:
    directory = tmp_path / "srv-csowatch"
    directory.mkdir()
    return directory


@pytest.fixture
def units(install: Path) -> dict[str, Unit]:
    found = documented_units(install)
    assert set(found) == {
        "csowatch-crawl.service",
        "csowatch-crawl.timer",
        "csowatch-worker@.service",
        "csowatch-enqueue.service",
        "csowatch-enqueue.timer",
    }, sorted(found)
    return found


@pytest.fixture
def site(tmp_path: Path) -> Iterator[ClusterSite]:
    with ClusterSite(tmp_path, PER_OUTLET, politeness=Politeness(0.0, False, 4)) as s:
        yield s


@pytest.fixture
def pg_url(pg_server: Any) -> Iterator[str]:
    schema, url = pg_server.new_schema()
    yield url
    pg_server.drop_schema(schema)


def _run_as_systemd(unit: Unit, site: ClusterSite, database_url: str, extra: list[str]) -> Any:
    """Start the unit's command as systemd would, plus a drop-in's store URL; a Popen."""
    env = {**os.environ, **unit.environment()}
    env.update({"CSOWATCH_DATABASE_URL": database_url, "CSOWATCH_CONFIG": str(site.config)})
    return subprocess.Popen(
        unit.command() + extra,
        cwd=unit.value("Service", "WorkingDirectory"),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _stored(database_url: str) -> int:
    with open_store(database_url) as store, store.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(ArticleRow)) or 0)


def test_systemd_analyze_verify_accepts_every_documented_unit(
    units: dict[str, Unit], tmp_path: Path
) -> None:
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing: install the systemd package (.ci/run does)"
    directory = tmp_path / "units"
    directory.mkdir()
    for unit in units.values():
        (directory / unit.name).write_text(unit.text, encoding="utf-8")
    names = [n.replace("@.", "@1.") for n in units]  # a template is verified as an instance
    done = subprocess.run(
        [analyze, "verify", "--man=no", *[str(directory / n) for n in names]],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (done.stdout + done.stderr).strip() == "", done.stdout + done.stderr


def test_a_broken_unit_is_caught_by_the_same_check(tmp_path: Path) -> None:
    # the check above can fail: a misspelt value and a missing command are reported
    analyze = shutil.which("systemd-analyze")
    assert analyze
    unit = tmp_path / "broken.service"
    unit.write_text("[Service]\nKillMode=mixd\nExecStart=/nonexistent/csowatch worker\n")
    done = subprocess.run(
        [analyze, "verify", "--man=no", str(unit)], capture_output=True, text=True, timeout=120
    )
    assert "kill mode" in done.stderr and "/nonexistent/csowatch" in done.stderr, done.stderr
    assert done.returncode != 0


@pytest.mark.postgres
def test_the_cluster_units_enqueue_crawl_and_stop_as_declared(
    units: dict[str, Unit], site: ClusterSite, pg_url: str
) -> None:
    enqueue, worker = units["csowatch-enqueue.service"], units["csowatch-worker@.service"]
    assert enqueue.value("Service", "Type") == "oneshot"
    planned = _run_as_systemd(enqueue, site, pg_url, list(WEEK))
    out, err = planned.communicate(timeout=120)
    assert planned.returncode in enqueue.success_codes(), out + err

    assert worker.value("Service", "KillMode") == "mixed"  # SIGTERM to the main process only
    proc = _run_as_systemd(worker, site, pg_url, [])
    try:
        deadline = time.monotonic() + 180
        while _stored(pg_url) < site.articles and time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.5)
        assert _stored(pg_url) == site.articles
        # `--wait`: the worker stays for more work, as a service does ...
        time.sleep(2)
        assert proc.poll() is None, "a worker service must wait for the next jobs"
        # ... until `systemctl stop`: SIGTERM, then SIGKILL after TimeoutStopSec
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=worker.seconds("TimeoutStopSec"))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=30)
    assert proc.returncode in worker.success_codes(), (proc.returncode, err)
    assert "Traceback" not in err
    # a bad configuration is an exit code the unit will not restart on
    bad = site.config / "settings.toml"
    bad.write_text(bad.read_text() + "\n[crawl]\nworkers = -3\n")
    broken = _run_as_systemd(worker, site, pg_url, [])
    _, err = broken.communicate(timeout=120)
    prevented = {int(c) for c in worker.value("Service", "RestartPreventExitStatus").split()}
    assert broken.returncode in prevented, (broken.returncode, err)
    assert worker.value("Service", "Restart") == "on-failure"


def test_the_one_machine_crawl_unit_runs_to_a_declared_success(
    units: dict[str, Unit], site: ClusterSite, tmp_path: Path
) -> None:
    crawl = units["csowatch-crawl.service"]
    assert crawl.value("Service", "Type") == "oneshot"
    db = f"sqlite:///{tmp_path}/store.db"
    proc = _run_as_systemd(crawl, site, db, list(WEEK))
    out, err = proc.communicate(timeout=crawl.seconds("TimeoutStopSec") + 180)
    assert proc.returncode in crawl.success_codes(), out + err
    assert _stored(db) == site.articles
    # the timer fires the same service on its calendar, catching up after a downtime
    timer = units["csowatch-crawl.timer"]
    assert timer.value("Timer", "Persistent") == "true"
