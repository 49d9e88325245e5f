"""Browser tests: the real desk served by uvicorn on 127.0.0.1, driven by Debian's Chromium.

Playwright cannot download its own browsers here, so ``browser_type_launch_args`` points it at
``/usr/bin/chromium`` (installed by ``.ci/system-deps``). The store is a SQLite file built by
the real code (``tests.desk_store``). Screenshots go to ``tests/artifacts/`` (ignored by git).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from editor.app import create_app
from store.db import open_store
from tests.desk_store import SECRET, build_store

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": ["--no-sandbox", "--headless=new", "--disable-gpu",
                 "--disable-background-networking"],
    }  # fmt: skip


@pytest.fixture(scope="session")
def base_url() -> None:
    """pytest-base-url's own fixture trips a pytest deprecation (warnings are errors here);
    the tests build their URLs from ``desk_url``."""
    return None


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1440, "height": 900}}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def desk_url(tmp_path: Path) -> Iterator[str]:
    """The desk on a fresh store, served by uvicorn in a thread; yields its base URL."""
    store = open_store(f"sqlite:///{tmp_path / 'desk.db'}")
    build_store(store)
    port = _free_port()
    config = uvicorn.Config(
        create_app(store, secret=SECRET), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the desk did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
