"""Process helpers the tests share."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def run_csowatch(
    config: Path, db_url: str, cwd: Path, *args: str, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``python -m crawler ARGS`` as a user runs it: this checkout's code, the given
    configuration directory and store, from ``cwd``."""
    env = {
        **os.environ,
        "CSOWATCH_CONFIG": str(config),
        "CSOWATCH_DATABASE_URL": db_url,
        "PYTHONPATH": str(REPO),
    }
    return subprocess.run(
        [sys.executable, "-m", "crawler", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
