"""Crawl runs, per-outlet counts, bad pages and feed state, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from store import queries
from store.db import Store
from store.errors import UnknownOutletError
from store.models import BadPage


def test_run_lifecycle_with_outlet_counts(seeded: Store) -> None:
    with seeded.transaction() as session:
        run_id = queries.start_run(
            session,
            since=datetime(2021, 9, 1, 0, 0, tzinfo=UTC),
            until=date(2021, 9, 3),
            options={"outlets": ["rferl", "moscowtimes"]},
        )
        queries.record_outlet_stats(
            session, run_id, "rferl", {"discovered": 10, "fetched": 4, "new": 3, "unchanged": 1}
        )
        queries.record_outlet_stats(session, run_id, "rferl", {"discovered": 12, "new": 5})
        queries.record_outlet_stats(
            session, run_id, "moscowtimes", {"failed": 2}, "failed", "HTTP 503 on every feed"
        )
        run = queries.finish_run(session, run_id)
        assert run.status == "partial" and run.finished_at is not None
    with seeded.read_session() as session:
        [run] = queries.last_runs(session, 5)
        assert (run.since, run.until) == (date(2021, 9, 1), date(2021, 9, 3))
        assert run.options == {"outlets": ["rferl", "moscowtimes"]} and run.pid and run.host
        stats = {s.outlet.key: s for s in run.outlet_stats}
        assert stats["rferl"].counts["discovered"] == 12  # set, not added
        assert stats["rferl"].counts["fetched"] == 0 and stats["rferl"].new == 5
        assert list(stats["rferl"].counts) == list(queries.COUNT_FIELDS)
        assert (stats["moscowtimes"].status, stats["moscowtimes"].message) == (
            "failed",
            "HTTP 503 on every feed",
        )


def test_finish_run_status_rules(seeded: Store) -> None:
    with seeded.transaction() as session:
        empty = queries.start_run(session)
        assert queries.finish_run(session, empty).status == "failed"  # nothing ran
        ok = queries.start_run(session)
        queries.record_outlet_stats(session, ok, "rferl", {})
        assert queries.finish_run(session, ok).status == "ok"
        explicit = queries.start_run(session)
        assert queries.finish_run(session, explicit, "ok").status == "ok"
        with pytest.raises(ValueError, match="not 'running'"):
            queries.finish_run(session, explicit, "running")
        with pytest.raises(ValueError, match="unknown count"):
            queries.record_outlet_stats(session, ok, "rferl", {"bogus": 1})
        with pytest.raises(UnknownOutletError):
            queries.record_outlet_stats(session, ok, "nope", {})
        assert [r.id for r in queries.last_runs(session, 2)] == [explicit, ok]


def test_bad_pages(seeded: Store) -> None:
    with seeded.transaction() as session:
        run_id = queries.start_run(session)
        queries.record_bad_page(session, run_id, "rferl", "https://x/a", "no_text", 200)
        queries.record_bad_page(session, None, None, "https://x/b", "http_error", 500)
    with seeded.read_session() as session:
        pages = session.scalars(select(BadPage).order_by(BadPage.id)).all()
        assert [(p.url, p.reason, p.http_status) for p in pages] == [
            ("https://x/a", "no_text", 200),
            ("https://x/b", "http_error", 500),
        ]
        assert pages[0].run_id == run_id and pages[1].outlet_id is None


def test_fetch_state_keeps_the_window_its_validators_were_read_with(seeded: Store) -> None:
    sitemap = "https://www.rferl.org/sitemap.xml"
    week = datetime(2021, 10, 15, tzinfo=UTC), datetime(2021, 10, 21, 23, 59, tzinfo=UTC)
    with seeded.transaction() as session:
        queries.update_fetch_state(session, sitemap, "rferl", "sitemap", '"e1"', None, 200, 9,
                                   window_since=week[0], window_until=week[1])  # fmt: skip
        state = queries.update_fetch_state(
            session, sitemap, "rferl", "sitemap", None, None, 304, None,
            window_since=datetime(2026, 12, 4, tzinfo=UTC),
        )  # fmt: skip
        # a 304 keeps the version's window, as it keeps its validators
        assert (state.etag, state.window_since, state.window_until) == ('"e1"', *week)
        state = queries.update_fetch_state(
            session, sitemap, "rferl", "sitemap", '"e2"', None, 200, 9,
            window_since=datetime(2026, 12, 4, tzinfo=UTC), window_until=None,
        )  # fmt: skip
        assert (state.window_since, state.window_until) == (datetime(2026, 12, 4, tzinfo=UTC), None)
    with seeded.read_session() as session:
        row = queries.get_fetch_state(session, sitemap)
        assert row is not None and row.window_since == datetime(2026, 12, 4, tzinfo=UTC)


def test_fetch_state_tracks_validators_and_empty_runs(seeded: Store) -> None:
    feed = "https://www.rferl.org/api/feed"
    with seeded.transaction() as session:
        assert queries.get_fetch_state(session, feed) is None
        state = queries.update_fetch_state(
            session, feed, "rferl", "feed", '"e1"', "Wed, 01 Sep 2021", 200, 20
        )
        assert state.empty_runs == 0 and state.items_last == 20
        for expected in (1, 2):
            state = queries.update_fetch_state(session, feed, "rferl", "feed", '"e2"', None, 200, 0)
            assert state.empty_runs == expected
        state = queries.update_fetch_state(session, feed, "rferl", "feed", None, None, 304, None)
        assert state.empty_runs == 2 and state.etag == '"e2"'  # 304 keeps what we had
        state = queries.update_fetch_state(
            session, feed, "rferl", "feed", None, None, 503, None, error="HTTP 503"
        )
        assert (state.last_status, state.last_error, state.empty_runs) == (503, "HTTP 503", 2)
        state = queries.update_fetch_state(session, feed, "rferl", "feed", '"e3"', None, 200, 4)
        assert state.empty_runs == 0 and state.last_error is None
        queries.update_fetch_state(session, "https://www.rferl.org/robots.txt", "rferl", "robots",
                                   None, None, 200, None)  # fmt: skip
    with seeded.read_session() as session:
        states = queries.fetch_states(session, "rferl")
        assert [s.kind for s in states] == ["feed", "robots"]
        assert queries.fetch_states(session, "moscowtimes") == []
