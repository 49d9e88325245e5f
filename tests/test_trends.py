"""Trends per week (weeks end on the configured day) and per month, the CLI and its charts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner

from api.charts import trend_svg
from crawler.cli import main
from store.db import Store
from store.trends import Point, trend
from tests.search_corpus import add_docs


def test_weekly_and_monthly_zero_filled(seeded: Store) -> None:
    add_docs(seeded)
    with seeded.read_session() as session:
        weeks = trend(session, "gulagu-net", by="week")
        months = trend(session, "ovd-info", by="month", since=date(2021, 5, 1),
                       until=date(2021, 8, 31))  # fmt: skip
        sunday = trend(session, "gulagu-net", by="week", week_ends="sunday")
    # 1 and 2 March 2021 (Mon, Tue) are in the week ending Friday 5 March
    assert weeks == [Point(date(2021, 3, 5), 2, 2)]
    assert sunday == [Point(date(2021, 3, 7), 2, 2)]
    assert [p.to_dict() for p in months] == [
        {"period": "2021-05-01", "articles": 0, "mentions": 0},
        {"period": "2021-06-01", "articles": 2, "mentions": 2},
        {"period": "2021-07-01", "articles": 0, "mentions": 0},
        {"period": "2021-08-01", "articles": 0, "mentions": 0},
    ]


def test_cli_trend_and_plots(seeded: Store, db_url: str, tmp_path: Path) -> None:
    add_docs(seeded)
    runner = CliRunner()
    png, svg = tmp_path / "t.png", tmp_path / "t.svg"
    args = ["--db", db_url, "trend", "--cso", "memorial", "--from", "2021-12-25"]
    result = runner.invoke(main, [*args, "--to", "2022-01-31", "--plot", str(png)])
    assert result.exit_code == 0, result.output
    assert "2022-01-21          2         2" in result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = runner.invoke(main, ["--db", db_url, "trend", "--cso", "memorial", "--by", "month",
                                  "--format", "csv", "--plot", str(svg)])  # fmt: skip
    assert result.output.splitlines()[:2] == ["month,articles,mentions", "2022-01-01,2,2"]
    assert svg.read_text().startswith("<svg")
    unknown = runner.invoke(main, ["--db", db_url, "trend", "--cso", "nobody"])
    assert unknown.exit_code == 2
    assert "unknown CSO 'nobody' (see csowatch csos list)" in unknown.output


def test_svg_chart() -> None:
    svg = trend_svg([Point(date(2021, 3, 5), 2, 3), Point(date(2021, 3, 12), 0, 0)], "a & b")
    assert svg.count("<rect") == 2 and "a &amp; b" in svg and "2021-03-05: 2" in svg
    assert "<rect" not in trend_svg([], "empty")
