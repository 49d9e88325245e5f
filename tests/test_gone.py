"""Gone pages (404/410) in the store, and migration 0008, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text

from store import gone
from store.db import Store, alembic_config, current_revision, head_revision, upgrade, writer

T0 = datetime(2021, 10, 18, 6, 0, tzinfo=UTC)
URL = "https://www.rferl.org/a/deleted-story/31500001.html"
DAY = timedelta(days=1)


def test_a_gone_page_is_checked_again_after_1_then_7_then_every_30_days(seeded: Store) -> None:
    at, schedule = T0, []
    for _ in range(5):
        with seeded.transaction() as s:
            row = gone.record_gone(s, "rferl", URL, 404, at=at)
            schedule.append((row.checks, row.next_check - at))
            at = row.next_check  # checked again as soon as it is due
    assert schedule == [(1, DAY), (2, 7 * DAY), (3, 30 * DAY), (4, 30 * DAY), (5, 30 * DAY)]
    with seeded.read_session() as s:
        (row,) = gone.gone_pages(s, "rferl")
        assert (row.first_gone, row.http_status, row.checks) == (T0, 404, 5)
        assert gone.gone_pages(s, "moscowtimes") == []


def test_not_due_until_the_next_check_then_due(seeded: Store) -> None:
    other = "https://www.rferl.org/a/another/31500002.html"
    with seeded.transaction() as s:
        gone.record_gone(s, "rferl", URL, 404, at=T0)
        gone.record_gone(s, "rferl", other, 410, at=T0 + DAY / 2)
    with seeded.read_session() as s:
        assert gone.not_due(s, "rferl", at=T0 + DAY / 4) == {URL, other}
        assert gone.not_due(s, "rferl", at=T0 + DAY) == {other}  # due at its next check
        assert gone.not_due(s, "rferl", at=T0 + 2 * DAY) == set()
        assert gone.not_due(s, "moscowtimes", at=T0) == set()
        assert [g.url for g in gone.gone_pages(s, "rferl")] == [URL, other]  # next due first


def test_a_page_that_answers_again_is_forgotten(seeded: Store) -> None:
    with seeded.transaction() as s:
        gone.record_gone(s, "rferl", URL, 410, at=T0)
        gone.forget_gone(s, "moscowtimes", URL)  # another outlet's: not this one
    with seeded.transaction() as s:
        assert [g.url for g in gone.gone_pages(s, "rferl")] == [URL]
        gone.forget_gone(s, "rferl", URL)
        gone.forget_gone(s, "rferl", "https://www.rferl.org/a/never-gone/1.html")  # no-op
    with seeded.transaction() as s:
        assert gone.gone_pages(s, "rferl") == []
        # gone again later: a first answer again, back-off from the start
        assert gone.record_gone(s, "rferl", URL, 404, at=T0 + 9 * DAY).checks == 1


def test_only_404_and_410_make_a_page_gone(seeded: Store) -> None:
    with seeded.transaction() as s, pytest.raises(ValueError, match="not 500"):
        gone.record_gone(s, "rferl", URL, 500)
    with pytest.raises(Exception, match="ck_gone_pages_http_status"), seeded.transaction() as s:
        s.execute(
            text(
                "INSERT INTO gone_pages (outlet_id, url, http_status, first_gone, last_checked,"
                " checks, next_check) SELECT id, 'x', 500, '2021-10-18', '2021-10-18', 1,"
                " '2021-10-19' FROM outlets WHERE key = 'rferl'"
            )
        )


def test_0008_upgrade_and_downgrade(engine: Engine) -> None:
    upgrade(engine)
    with writer(engine).begin() as conn:
        command.downgrade(alembic_config(conn), "0007")
    assert current_revision(engine) == "0007"
    assert "gone_pages" not in inspect(engine).get_table_names()
    assert "crawl_frontier" in inspect(engine).get_table_names()  # 0007 untouched
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    names = inspect(engine).get_table_names()
    assert "gone_pages" in names
    columns = {c["name"] for c in inspect(engine).get_columns("gone_pages")}
    assert columns == {
        "id", "outlet_id", "url", "http_status", "first_gone", "last_checked", "checks",
        "next_check",
    }  # fmt: skip
    unique = inspect(engine).get_unique_constraints("gone_pages")
    assert [u["column_names"] for u in unique] == [["outlet_id", "url"]]
