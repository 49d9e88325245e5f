"""The outlets' own extraction rule modules (``rules = "..."`` in outlets.toml): what they change
on the generic path, and that every configured outlet has a golden page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.config import load_config
from pipelines.extract import extract_article
from pipelines.extract.rules import OUTLET_RULES
from pipelines.extract.rules.guardian import byline_names

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"
GUARDIAN_AGENCIES = GOLDEN / "guardian" / "journalist_detained_agencies_2026_11_19.html"
GUARDIAN_URL = "https://www.theguardian.com/world/2026/nov/19/russian-police-detain-journalist"


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Maria Lindqvist in Tbilisi", ["Maria Lindqvist"]),
        ("Andrei Kozlov in Moscow and agencies", ["Andrei Kozlov"]),
        ("Shaun Walker in Kyiv and Pjotr Sauer in Moscow", ["Shaun Walker", "Pjotr Sauer"]),
        ("Luke Harding at the Hague", ["Luke Harding"]),
        ("Jane Doe for the Observer", ["Jane Doe"]),
        ("Guardian staff and agencies", []),
        ("Guardian staff reporter", []),
        ("Reuters in Moscow", ["Reuters"]),
        ("Agence France-Presse", ["Agence France-Presse"]),
    ],
)
def test_guardian_byline_names(byline: str, names: list[str]) -> None:
    assert byline_names(byline) == names


def test_the_guardian_module_reads_the_byline_where_json_ld_names_staff() -> None:
    page = GUARDIAN_AGENCIES.read_bytes()
    plain = extract_article(page, GUARDIAN_URL, "guardian", spider="generic")
    ruled = extract_article(page, GUARDIAN_URL, "guardian", spider="generic", rules="guardian")
    assert ruled.authors == ["Andrei Kozlov"]
    # the generic cascade, since its byline round, also takes the printed byline over the
    # JSON-LD "Guardian staff reporter"; the module reads it from the byline element itself
    assert plain.authors == ["Andrei Kozlov"]
    assert plain.field_sources["authors"] != "guardian: byline"
    assert ruled.field_sources["authors"] == "guardian: byline"
    assert ruled.extractor == "guardian"
    assert ruled.lead.startswith("Reporter for an independent outlet")  # the standfirst


def test_a_rule_module_without_its_markup_leaves_the_generic_result() -> None:
    page = (GOLDEN / "generic" / "rights_defenders_detained_2021_10_18.html").read_bytes()
    url = "https://news.example.org/2021/10/18/rights-defenders-detained-yekaterinburg/"
    plain = extract_article(page, url, spider="generic")
    for name in OUTLET_RULES:
        ruled = extract_article(page, url, spider="generic", rules=name)
        for field in ("title", "authors", "published", "paragraphs"):
            assert getattr(ruled, field) == getattr(plain, field), (name, field)


def test_every_configured_outlet_has_a_golden_page_read_with_its_rules() -> None:
    outlets = load_config(REPO / "config").outlets
    for key, outlet in outlets.items():
        if outlet.spider != "generic":
            continue  # the families' goldens live under the family's outlets
        pages = sorted((GOLDEN / key).glob("*.json"))
        assert pages, f"no golden page for outlet {key}"
        for page in pages:
            call = json.loads(page.read_text(encoding="utf-8"))["call"]
            assert call["outlet"] == key and call.get("rules") == outlet.rules, page
