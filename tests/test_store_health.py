"""The store's side of extraction health (``store/runs.py``): an outlet's runs as a baseline
reads them, and a drop accepted as the outlet's new normal; on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from store import queries, runs
from store.db import Store


def _run(store: Store, outlet: str, fetched: int, health: str | None) -> int:
    counts = {"fetched": fetched, "with_body": fetched, "with_date": fetched // 2}
    with store.transaction() as session:
        run_id = queries.start_run(session)
        queries.record_outlet_stats(session, run_id, outlet, counts, health=health)
        queries.finish_run(session, run_id)
    return run_id


def test_outlet_runs_filters_as_a_baseline_needs(seeded: Store) -> None:
    ids = [
        _run(seeded, "rferl", 8, "ok"),
        _run(seeded, "rferl", 0, "unjudged"),  # analysed no page
        _run(seeded, "rferl", 6, None),  # recorded before health was counted
        _run(seeded, "moscowtimes", 9, "ok"),  # another outlet
        _run(seeded, "rferl", 7, "dropped"),
        _run(seeded, "rferl", 5, "unjudged"),
    ]
    with seeded.read_session() as session:
        every = runs.outlet_runs(session, "rferl", limit=100)
        assert [r.run_id for r in every] == [ids[5], ids[4], ids[2], ids[1], ids[0]]
        assert every[0].counts["with_date"] == 2 and every[0].health == "unjudged"
        baseline = runs.outlet_runs(
            session, "rferl", before_run=ids[5], health=("unjudged", "ok", "accepted"),
            with_pages=True,
        )  # fmt: skip
        assert [r.run_id for r in baseline] == [ids[0]]
        assert len(runs.outlet_runs(session, "rferl", limit=2)) == 2


def test_accepting_a_drop_starts_the_baseline_again(seeded: Store) -> None:
    before = [_run(seeded, "rferl", 8, "ok"), _run(seeded, "rferl", 2, "unjudged")]
    drops = [_run(seeded, "rferl", 8, "dropped"), _run(seeded, "rferl", 8, "dropped")]
    small = _run(seeded, "rferl", 2, "unjudged")  # after the last drop: stays
    other = _run(seeded, "moscowtimes", 8, "ok")
    with seeded.transaction() as session:
        assert runs.accept_health_drop(session, "rferl") == 2
        assert runs.accept_health_drop(session, "moscowtimes") == 0
    with seeded.read_session() as session:
        health = {r.run_id: r.health for r in runs.outlet_runs(session, "rferl", limit=100)}
        assert health == {
            before[0]: "superseded",
            before[1]: "superseded",
            drops[0]: "accepted",
            drops[1]: "accepted",
            small: "unjudged",
        }
        [mt] = runs.outlet_runs(session, "moscowtimes")
        assert (mt.run_id, mt.health) == (other, "ok")
    with seeded.transaction() as session:  # nothing left to accept
        assert runs.accept_health_drop(session, "rferl") == 0


def test_health_is_one_of_the_known_states(seeded: Store) -> None:
    with seeded.transaction() as session:
        run_id = queries.start_run(session)
        with pytest.raises(ValueError, match="health must be one of"):
            queries.record_outlet_stats(session, run_id, "rferl", {}, health="fine")
    with pytest.raises(IntegrityError), seeded.transaction() as session:  # the CHECK holds too
        run_id = queries.start_run(session)
        stats = queries.record_outlet_stats(session, run_id, "rferl", {})
        stats.health = "fine"
        session.flush()
