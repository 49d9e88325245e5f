"""Export round-trips: what is written as CSV, JSON lines or Parquet reads back the same."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from crawler.cli import main
from store.db import Store
from store.exports import columns, export
from store.listings import Filters, stream
from tests.search_corpus import add_docs

KINDS = ["articles", "mentions", "quotes", "clippings"]


@pytest.fixture
def corpus(seeded: Store, make_article) -> Store:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from store import queries

    add_docs(seeded)
    with seeded.transaction() as session:  # one article with a quote
        queries.save_article(session, make_article(), outlet_key="rferl",
                             fetched_at=datetime(2021, 9, 3, tzinfo=UTC))  # fmt: skip
    return seeded


@pytest.mark.parametrize("kind", KINDS)
def test_round_trips(corpus: Store, kind: str, tmp_path: Path) -> None:
    with corpus.read_session() as session:
        expected = list(stream(session, kind, Filters()))  # type: ignore[arg-type]
        assert expected
        text_csv, text_jsonl = io.StringIO(), io.StringIO()
        n_csv = export(session, kind, "csv", text_csv, batch_size=3)  # type: ignore[arg-type]
        n_jsonl = export(session, kind, "jsonl", text_jsonl, batch_size=3)  # type: ignore[arg-type]
        with (tmp_path / "out.parquet").open("wb") as fh:
            n_pq = export(session, kind, "parquet", fh, batch_size=3)  # type: ignore[arg-type]
    assert n_csv == n_jsonl == n_pq == len(expected)
    assert [json.loads(line) for line in text_jsonl.getvalue().splitlines()] == expected
    rows = list(csv.DictReader(io.StringIO(text_csv.getvalue())))
    assert list(rows[0]) == columns(kind)  # type: ignore[arg-type]
    assert [int(r["id"]) for r in rows] == [e["id"] for e in expected]
    if kind == "articles":
        assert [json.loads(r["authors"]) for r in rows] == [e["authors"] for e in expected]
        assert [(r["title"], r["text"]) for r in rows] == [
            (e["title"], e["text"]) for e in expected
        ]
    table = pq.read_table(tmp_path / "out.parquet")
    assert table.to_pylist() == expected


def test_filters_and_empty_export(corpus: Store, tmp_path: Path) -> None:
    with corpus.read_session() as session:
        recent = list(stream(session, "articles", Filters(since=date(2022, 1, 1))))
        assert {r["title"] for r in recent} == {"Memorial Liquidated By Supreme Court",
                                                "Мемориал ликвидирован", "A Quiet Day"}  # fmt: skip
        with (tmp_path / "none.parquet").open("wb") as fh:
            assert export(session, "mentions", "parquet", fh, Filters(cso="nobody")) == 0
    assert pq.read_table(tmp_path / "none.parquet").column_names == columns("mentions")


def test_cli_export_with_progress(corpus: Store, db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "m.jsonl"
    result = CliRunner().invoke(
        main,
        [
            "--db",
            db_url,
            "export",
            "mentions",
            "--cso",
            "ovd-info",
            "--format",
            "jsonl",
            "--output",
            str(out),
        ],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    assert "exported 3 mentions" in result.output
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert {x["cso"] for x in lines} == {"ovd-info"} and len(lines) == 3
    refused = CliRunner().invoke(main, ["--db", db_url, "export", "quotes", "--format", "parquet"])
    assert refused.exit_code == 2
