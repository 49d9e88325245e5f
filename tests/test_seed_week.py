"""The sample week's clippings and digests stay what they were before the outlets, the CSOs'
own channels and the sharper mention rules came in: the demo sites crawled end to end must give
the clippings (and the draft digests, word for word) pinned in ``tests/golden/seed_week.json``,
which csowatch produced at commit 578367b. New fields may appear; none may change or go."""

from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from demo.articles import sample_specs
from demo.mirror import start_servers, write_config
from tests.processes import run_csowatch

GOLDEN = Path(__file__).parent / "golden" / "seed_week.json"
pytestmark = pytest.mark.integration


def _clippings(rows: list[dict[str, Any]], keys: set[str]) -> list[str]:
    """The rows as sorted JSON texts of the golden's fields (row ids differ by backend)."""
    return sorted(
        json.dumps({k: row.get(k) for k in keys}, ensure_ascii=False, sort_keys=True)
        for row in rows
    )


def test_the_sample_week_gives_the_same_clippings_and_digests(tmp_path: Path, db_url: str) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    with ExitStack() as stack:
        specs = sample_specs()
        config = write_config(tmp_path / "config", specs, start_servers(specs, stack))

        def csowatch(*args: str) -> str:
            result = run_csowatch(config, db_url, tmp_path, *args)
            assert result.returncode == 0, result.stderr[-2000:]
            return result.stdout

        csowatch("crawl", "--quiet", "--since", "2021-10-08", "--until", "2021-10-28")
        for week, expected in golden["weeks"].items():
            rows = json.loads(csowatch("clippings", "--week", week, "--format", "json") or "[]")
            keys = {k for row in expected for k in row}
            assert _clippings(rows, keys) == _clippings(expected, keys), week
        for name, text in golden["digests"].items():
            week, _, cso = name.split(" ")
            assert csowatch("digest", "--week", week, "--cso", cso, "--draft") == text, name
    assert sum(len(rows) for rows in golden["weeks"].values()) >= 10
