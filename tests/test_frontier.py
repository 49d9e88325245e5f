"""The crawl frontier and dead runs, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from store import frontier, queries
from store.db import Store
from store.frontier import Pending
from store.models import CrawlRun
from store.runs import abandon_dead_runs

T1 = datetime(2021, 10, 15, 9, 0, tzinfo=UTC)
T2 = datetime(2021, 10, 16, 9, 0, tzinfo=UTC)


def test_entries_are_added_once_kept_in_order_and_finished(seeded: Store) -> None:
    a = Pending("article", "https://www.rferl.org/a/1.html", lastmod=T1, window_since=T1)
    m = Pending("sitemap", "https://www.rferl.org/sitemap_8_1.xml.gz")
    with seeded.transaction() as s:
        assert frontier.add_pending(s, "rferl", [a, m, a]) == 2
    with seeded.transaction() as s:
        # seen again with a newer lastmod: not added twice, the lastmod moves forward
        assert frontier.add_pending(s, "rferl", [Pending("article", a.url, lastmod=T2)]) == 0
        assert frontier.pending(s, "moscowtimes") == []
    with seeded.read_session() as s:
        got = frontier.pending(s, "rferl")
    assert [(p.kind, p.url) for p in got] == [("sitemap", m.url), ("article", a.url)]
    assert got[1].lastmod == T2 and got[1].window_since == T1
    with seeded.transaction() as s:
        frontier.finish_pending(s, "rferl", "article", a.url)
    with seeded.read_session() as s:
        assert [p.kind for p in frontier.pending(s, "rferl")] == ["sitemap"]


def test_a_passing_failure_is_kept_for_a_few_runs_then_dropped(seeded: Store) -> None:
    url = "https://www.rferl.org/a/2.html"
    with seeded.transaction() as s:
        frontier.add_pending(s, "rferl", [Pending("article", url)])
    kept = []
    for _ in range(frontier.MAX_ATTEMPTS):
        with seeded.transaction() as s:
            kept.append(frontier.retry_pending(s, "rferl", "article", url, "http-503"))
    assert kept == [True] * (frontier.MAX_ATTEMPTS - 1) + [False]
    with seeded.read_session() as s:
        assert frontier.pending(s, "rferl") == []
        assert frontier.retry_pending(s, "rferl", "article", url, "x") is False


def test_runs_left_running_are_abandoned_but_the_current_one(seeded: Store) -> None:
    with seeded.transaction() as s:
        dead = queries.start_run(s, pid=999999, host="elsewhere")
        current = queries.start_run(s)
        assert abandon_dead_runs(s, current) == [dead]
    with seeded.transaction() as s:
        assert s.get_one(CrawlRun, dead).status == "abandoned"
        assert s.get_one(CrawlRun, dead).finished_at is not None
        assert s.get_one(CrawlRun, current).status == "running"
        queries.finish_run(s, current, "interrupted")
    with seeded.read_session() as s:
        assert s.get_one(CrawlRun, current).status == "interrupted"


def test_a_finished_run_cannot_be_marked_abandoned_by_hand(seeded: Store) -> None:
    with seeded.transaction() as s:
        run = queries.start_run(s)
        with pytest.raises(ValueError, match="not 'abandoned'"):
            queries.finish_run(s, run, "abandoned")


def test_a_cluster_job_abandons_only_its_outlets_runs_and_one_machine_runs(seeded: Store) -> None:
    with seeded.transaction() as s:
        one_machine = queries.start_run(s, options={"outlets": ["rferl", "moscowtimes"]})
        same_outlet = queries.start_run(s, options={"outlets": ["rferl"], "job": 7})
        other_outlet = queries.start_run(s, options={"outlets": ["moscowtimes"], "job": 8})
        current = queries.start_run(s, options={"outlets": ["rferl"], "job": 9})
        dead = abandon_dead_runs(s, current, job_outlet="rferl")
        assert sorted(dead) == sorted([one_machine, same_outlet])
    with seeded.read_session() as s:
        assert s.get_one(CrawlRun, other_outlet).status == "running"  # alive elsewhere, maybe
        assert s.get_one(CrawlRun, current).status == "running"
