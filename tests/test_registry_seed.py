"""Crawls starting together on an empty store seed its CSO registry once, without an error.

Real processes on the real store (a SQLite file, a fresh PostgreSQL schema), released together
by a barrier, each doing what a crawl or a cluster worker does when it starts:
``spiders.registry_store.registry_from_store``.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from pipelines.registry import load_registry
from store.db import Store, open_store
from store.models import CSO

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "config" / "csos.yaml"
STARTERS = 4


def _start(url: str, barrier: Any, results: Any) -> None:
    from spiders.registry_store import registry_from_store

    store = open_store(url, migrate=False)
    try:
        barrier.wait(timeout=60)
        registry = registry_from_store(store, SEED)
        results.put(("ok", sorted(c.id for c in registry.csos)))
    except Exception as exc:  # the test reports it
        results.put(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        store.close()


def test_crawls_starting_together_seed_the_registry_once(store: Store, db_url: str) -> None:
    expected = sorted(c.id for c in load_registry(SEED).csos)
    assert expected
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(STARTERS)
    results = ctx.Queue()
    procs = [ctx.Process(target=_start, args=(db_url, barrier, results)) for _ in range(STARTERS)]
    for proc in procs:
        proc.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    assert [kind for kind, _ in outcomes] == ["ok"] * STARTERS, outcomes
    assert all(ids == expected for _, ids in outcomes)
    with store.read_session() as session:
        assert session.scalar(select(func.count()).select_from(CSO)) == len(expected)


def test_a_store_that_holds_a_registry_is_not_seeded_again(store: Store) -> None:
    from spiders.registry_store import registry_from_store
    from store import guard, queries

    first = registry_from_store(store, SEED)
    assert first.csos
    # once seeded, csos.yaml is no longer read: the store's copy is the registry
    assert not guard.write(store, lambda s: queries.seed_registry(s, [{"id": "other"}]))
    again = registry_from_store(store, SEED)
    assert sorted(c.id for c in again.csos) == sorted(c.id for c in first.csos)
