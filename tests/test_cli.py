"""The command line as a user runs it (click's CliRunner, a real store on both backends)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from crawler.cli import main
from demo.articles import RFERL, sample_specs
from demo.sitegen import pangea_page
from pipelines.registry import load_registry
from pipelines.types import Article
from store import queries
from store.db import Store

REPO = Path(__file__).resolve().parents[1]
CSOS = REPO / "config" / "csos.yaml"


def run(db_url: str, *args: str, input: str | None = None) -> Result:  # noqa: A002
    return CliRunner().invoke(
        main, ["--db", db_url, "--config", str(REPO / "config"), *args], input=input
    )


def test_csos_import_list_export_round_trip(db_url: str, tmp_path: Path) -> None:
    result = run(db_url, "csos", "import", str(CSOS))
    assert result.exit_code == 0, result.output
    shipped = load_registry(CSOS)
    assert f"imported {len(shipped.csos)} CSOs" in result.output
    listing = run(db_url, "csos", "list")
    assert listing.exit_code == 0
    ids = sorted(c.id for c in shipped.csos)
    assert sorted(line.split()[0] for line in listing.output.splitlines()) == ids
    out = tmp_path / "export.yaml"
    assert run(db_url, "csos", "export", "-o", str(out)).exit_code == 0
    by_id = {c.id: c for c in load_registry(out).csos}
    assert [by_id[c.id] for c in shipped.csos] == shipped.csos


def test_an_invalid_registry_names_file_line_and_field(db_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "csos.yaml"
    bad.write_text("csos:\n  - id: Not A Slug\n    name: X\n", encoding="utf-8")
    result = run(db_url, "csos", "import", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:2" in result.output and "id" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_match_and_quotes_read_json_lines(db_url: str) -> None:
    lines = [
        {"id": 1, "text": "Суд оштрафовал «Мемориал». Сотрудники «Мемориала» обжалуют решение."},
        {"id": "b", "text": "A memorial service was held on Sunday."},
    ]
    result = run(db_url, "match", "--registry", str(CSOS), input="\n".join(map(json.dumps, lines)))
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == [1, "b"]
    assert [m["surface"] for m in out[0]["mentions"]] == ["Мемориал", "Мемориала"]
    assert out[0]["mentions"][0]["cso"] == "memorial" and out[1]["mentions"] == []
    text = lines[0]["text"]
    for m in out[0]["mentions"]:
        assert text[m["start"] : m["end"]] == m["surface"]

    doc = {"id": 7, "paragraphs": ["“We will keep working,” Grigory Okhotin told RFE/RL."]}
    result = run(db_url, "quotes", input=json.dumps(doc) + "\n")
    assert result.exit_code == 0, result.output
    quote = json.loads(result.output)["quotes"][0]
    assert (quote["text"], quote["speaker"]) == ("We will keep working,", "Grigory Okhotin")


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_bad_json_lines_are_named(db_url: str) -> None:
    result = run(db_url, "quotes", input='{"id": 1, "paragraphs": ["ok"]}\n{not json\n')
    assert result.exit_code == 2
    assert "<stdin>:2: not JSON" in result.output


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_extract_prints_the_article(db_url: str, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(pangea_page(sample_specs()["rferl"], RFERL[0]), encoding="utf-8")
    url = "https://www.rferl.org/a/russia-ovd-info-foreign-agents-court/31512223.html"
    result = run(db_url, "extract", str(page), "--url", url, "--outlet", "rferl")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["title"] == RFERL[0].title
    assert data["authors"] == list(RFERL[0].authors)
    assert data["published"] == "2021-10-15T18:58:00Z"
    anchors = " ".join(text for text, _ in RFERL[0].links)  # the page links the last paragraph
    paragraphs = [*RFERL[0].paragraphs[:-1], f"{RFERL[0].paragraphs[-1]} {anchors}"]
    assert data["paragraphs"] == paragraphs
    assert {m["cso"] for m in data["mentions"]} >= {"ovd-info"}
    assert any(q["speaker"] == "Grigory Okhotin" for q in data["quotes"])
    assert set(data) >= {"url", "canonical_url", "outlet", "subtitle", "lead", "modified",
                         "language", "text", "tags"}  # fmt: skip


def test_rematch_adds_and_removes_candidates_but_keeps_decisions(
    db_url: str, store: Store, make_article: Callable[..., Article], tmp_path: Path
) -> None:
    assert run(db_url, "csos", "import", str(CSOS)).exit_code == 0
    with store.transaction() as session:
        queries.upsert_outlet(session, "rferl", "RFE/RL", "https://www.rferl.org", "en", "pangea")
        first = make_article(mentions=[], quotes=[])  # stored before matching ran
        queries.save_article(session, first, outlet_key="rferl", fetched_at=first.published)
        second = make_article(
            url="https://www.rferl.org/a/memorial/31440001.html",
            canonical_url="https://www.rferl.org/a/memorial/31440001.html",
            article_id="31440001",
            title="Court Hears Memorial Case",
            paragraphs=["The Supreme Court heard the case against Memorial on Tuesday."],
            mentions=[],
            quotes=[],
        )
        queries.save_article(session, second, outlet_key="rferl", fetched_at=second.published)
    result = run(db_url, "rematch")
    assert result.exit_code == 0, result.output
    assert "rematched 2 articles" in result.output
    week = run(db_url, "clippings", "--week", "2021-09-01", "--format", "json")
    views = json.loads(week.output)
    assert {(v["cso_id"], v["title"]) for v in views} == {
        ("ovd-info", "Dozens Detained At Moscow Protest"),
        ("memorial", "Court Hears Memorial Case"),
    }
    ovd = next(v for v in views if v["cso_id"] == "ovd-info")
    with store.transaction() as session:
        queries.update_clipping(session, ovd["clipping_id"], actor="editor", status="approved")

    # The registry drops OVD-Info: its approved clipping stays; Memorial's candidate stays.
    registry = yaml.safe_load(CSOS.read_text(encoding="utf-8"))
    registry["csos"] = [c for c in registry["csos"] if c["id"] != "ovd-info"]
    path = tmp_path / "smaller.yaml"
    path.write_text(yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8")
    assert run(db_url, "csos", "import", str(path)).exit_code == 0
    assert run(db_url, "rematch").exit_code == 0
    after = json.loads(run(db_url, "clippings", "--week", "2021-09-01", "--format", "json").output)
    assert {(v["cso_id"], v["status"]) for v in after} == {
        ("ovd-info", "approved"),
        ("memorial", "candidate"),
    }


def test_db_upgrade_and_status(db_url: str) -> None:
    result = run(db_url, "db", "upgrade")
    assert result.exit_code == 0 and "schema at" in result.output
    assert run(db_url, "status").output.strip() == "no crawl has run yet"


def test_a_bad_store_url_is_one_line(tmp_path: Path) -> None:
    result = run("postgresql://nobody@127.0.0.1:1/none", "status")
    assert result.exit_code == 2
    assert result.output.startswith("csowatch: store error:") and "Traceback" not in result.output
