"""``scrapy crawl`` is the csowatch crawl: bad input in one line with exit 2, an unreachable
outlet reported in its summary line with exit 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from demo.articles import sample_specs
from demo.mirror import write_config
from demo.server import SampleServer

REPO = Path(__file__).resolve().parents[1]


def scrapy(tmp_path: Path, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CSOWATCH_CONFIG": str(config),
        "CSOWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}",
        "PYTHONPATH": str(REPO),
        "SCRAPY_SETTINGS_MODULE": "crawler.settings",
    }
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", *args, "-s", "LOG_LEVEL=WARNING"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.fixture
def config(tmp_path: Path) -> Path:
    specs = {"svoboda": sample_specs()["svoboda"]}
    with SampleServer() as server:  # a port that answers nothing once the server is gone
        return write_config(tmp_path / "config", specs, {"svoboda": server})


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["nosuch"], "csowatch: no outlet 'nosuch' in "),
        (["svoboda", "-a", "since=2021-13-45"], "csowatch: not a date: '2021-13-45'"),
        (["svoboda", "-a", "since=2021-10-21", "-a", "until=2021-10-15"], "is after --until"),
        (["svoboda", "-a", "sinse=2021-10-15"], "csowatch: unknown spider argument(s) sinse"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, config: Path, args: list[str], says: str
) -> None:
    result = scrapy(tmp_path, config, *args)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], result.stderr


def test_an_unreachable_outlet_fails_with_its_summary_line(tmp_path: Path, config: Path) -> None:
    result = scrapy(tmp_path, config, "svoboda", "-a", "since=2021-10-15", "-a", "until=2021-10-21")
    assert result.returncode == 1, result.stdout + result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("svoboda"))
    assert "FAILED" in line and "unreachable:" in line and "make demo" in line, line
    assert "Traceback" not in result.stderr
