"""Golden pages: one page per outlet layout with the fields a reader sees on it.

Each ``tests/golden/<outlet>/<name>.html`` has a ``<name>.json`` beside it: ``call`` holds the
arguments of ``extract_article`` (url, outlet, spider) and ``expected`` the fields, written from
what the page shows (headline, byline, dates, body without captions and boxes).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.extract import extract_article

GOLDEN = Path(__file__).resolve().parent / "golden"
PAGES = sorted(GOLDEN.glob("*/*.html"))


def test_every_outlet_family_has_a_golden_page() -> None:
    assert {p.parent.name for p in PAGES} >= {"rferl", "svoboda", "moscowtimes", "generic"}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_golden_page(page: Path) -> None:
    spec = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    article = extract_article(page.read_bytes(), **spec["call"])
    got = article.to_dict()
    got["links"] = [list(link) for link in article.links]
    for field, expected in spec["expected"].items():
        assert got[field] == expected, field
    assert got["outlet"] == spec["call"]["outlet"]
