"""Candidate clippings, editor decisions and the CSO registry, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from editor.clippings import week_clippings
from pipelines.types import Article, Mention
from store import queries
from store.db import Store
from store.errors import StoreError
from store.models import Clipping, MentionRow
from tests.conftest import FETCHED_AT, REGISTRY

MakeArticle = Callable[..., Article]
WEEK = date(2021, 9, 3)  # Friday: the week of 28 Aug .. 3 Sep 2021
MEMORIAL = Mention("memorial", "Memorial", "lead", None, 0, 8, in_lead=True)


def _save(store: Store, article: Article, hours: int = 0, ends_on: str = "friday") -> int:
    with store.transaction() as session:
        return queries.save_article(
            session,
            article,
            outlet_key="rferl",
            fetched_at=FETCHED_AT + timedelta(hours=hours),
            week_ends_on=ends_on,
        ).article_id


def _clippings(store: Store) -> dict[str, Clipping]:
    with store.read_session() as session:
        return {c.cso_id: c for c in session.scalars(select(Clipping))}


def test_one_candidate_per_mentioned_cso(seeded: Store, make_article: MakeArticle) -> None:
    article = make_article(lead="Memorial said police detained dozens.")
    article.mentions = [*article.mentions, MEMORIAL, article.mentions[0]]
    _save(seeded, article)
    clippings = _clippings(seeded)
    assert sorted(clippings) == ["memorial", "ovd-info"]
    for clipping in clippings.values():
        assert clipping.status == "candidate" and clipping.week_end == WEEK
        assert (clipping.excerpt, clipping.excerpt_kind) == (article.lead, "lead")


def test_week_from_first_seen_and_configurable_end_day(
    seeded: Store, make_article: MakeArticle
) -> None:
    _save(seeded, make_article(published=None), ends_on="sunday")
    # first seen Friday 3 Sep 2021 -> the week ending Sunday 5 Sep
    assert _clippings(seeded)["ovd-info"].week_end == date(2021, 9, 5)


def test_candidates_follow_the_article(seeded: Store, make_article: MakeArticle) -> None:
    _save(seeded, make_article())
    edited = make_article(lead="A new lead.", mentions=[MEMORIAL])
    _save(seeded, edited, hours=1)
    clippings = _clippings(seeded)
    assert sorted(clippings) == ["memorial"]  # OVD-Info is no longer mentioned
    assert clippings["memorial"].excerpt == "A new lead."
    # no lead: the first paragraph is the default excerpt
    _save(seeded, make_article(lead=None, mentions=[MEMORIAL]), hours=2)
    clipping = _clippings(seeded)["memorial"]
    assert (clipping.excerpt_kind, clipping.excerpt_ref) == ("paragraph", 0)
    assert clipping.excerpt == make_article().paragraphs[0]


def test_decided_clippings_are_never_touched(seeded: Store, make_article: MakeArticle) -> None:
    article = make_article(mentions=[*make_article().mentions, MEMORIAL])
    _save(seeded, article)
    ids = {k: c.id for k, c in _clippings(seeded).items()}
    with seeded.transaction() as session:
        queries.update_clipping(
            session,
            ids["ovd-info"],
            actor="anna",
            status="approved",
            excerpt="“We will keep working,” the group's director said.",
            excerpt_kind="quote",
            excerpt_ref=0,
        )
        queries.update_clipping(session, ids["memorial"], actor="anna", status="rejected")
    # the next fetch mentions neither CSO and has another lead and date
    later = make_article(lead="Changed.", mentions=[], published=FETCHED_AT + timedelta(days=9))
    _save(seeded, later, hours=5)
    after = _clippings(seeded)
    assert after["ovd-info"].status == "approved" and after["ovd-info"].week_end == WEEK
    assert after["ovd-info"].excerpt_kind == "quote" and after["ovd-info"].decided_by == "anna"
    assert after["memorial"].status == "rejected" and after["memorial"].excerpt != "Changed."
    with seeded.read_session() as session:
        assert session.scalars(select(MentionRow)).all() == []


def test_decisions_are_audited_and_undoable(seeded: Store, make_article: MakeArticle) -> None:
    _save(seeded, make_article())
    clipping_id = _clippings(seeded)["ovd-info"].id
    with seeded.transaction() as session:
        queries.update_clipping(session, clipping_id, actor="anna", status="approved")
        queries.update_clipping(session, clipping_id, actor="anna", note="lead is fine")
        queries.update_clipping(session, clipping_id, actor="anna", note="lead is fine")  # no-op
        events = queries.clipping_events(session, clipping_id)
        assert [e.action for e in events] == ["approved", "edit"]
        assert events[0].before["status"] == "candidate"  # type: ignore[index]
        assert events[0].after["decided_by"] == "anna"  # type: ignore[index]
        with pytest.raises(StoreError, match="changed after event"):
            queries.undo_event(session, events[0].id, actor="boris")
        queries.undo_event(session, events[1].id, actor="boris")
        restored = queries.undo_event(session, events[0].id, actor="boris")
        assert (restored.status, restored.note, restored.decided_by) == ("candidate", None, None)
        assert [e.action for e in queries.clipping_events(session, clipping_id)][-2:] == [
            "undo",
            "undo",
        ]
        with pytest.raises(ValueError, match="not editable"):
            queries.update_clipping(session, clipping_id, actor="x", week_end=WEEK)


def test_week_clippings_view(seeded: Store, make_article: MakeArticle) -> None:
    article_id = _save(seeded, make_article(mentions=[*make_article().mentions, MEMORIAL]))
    _save(
        seeded,
        make_article(
            canonical_url="https://www.rferl.org/a/x/9.html",
            article_id="9",
            published=FETCHED_AT + timedelta(days=7),  # next week
        ),
    )
    with seeded.read_session() as session:
        views = week_clippings(session, WEEK)
        only = week_clippings(session, WEEK, cso="ovd-info", status="candidate")
        none = week_clippings(session, WEEK, status="approved")
    assert [(v.cso_id, v.article_id) for v in views] == [
        ("memorial", article_id),
        ("ovd-info", article_id),
    ]
    view = only[0]
    assert len(only) == 1 and none == []
    assert (view.outlet_key, view.outlet_name, view.cso_name) == ("rferl", "RFE/RL", "OVD-Info")
    assert view.url == make_article().canonical_url and view.status == "candidate"
    assert view.matched_sentence == "OVD-Info counted them all."
    assert view.excerpt == make_article().lead
    assert [q.text for q in view.quotes] == ["We will keep working,"]
    data = view.to_dict()
    assert data["published"] == "2021-09-01T09:30:00Z" and data["week_end"] == "2021-09-03"


def test_registry_round_trip_and_retirement(seeded: Store, make_article: MakeArticle) -> None:
    with seeded.read_session() as session:
        assert queries.load_registry_dicts(session) == sorted(
            [{"descriptor": None, **d} for d in REGISTRY], key=lambda d: d["id"]
        )
    article = make_article(mentions=[*make_article().mentions, MEMORIAL])
    _save(seeded, article)
    memorial_clipping = _clippings(seeded)["memorial"].id
    with seeded.transaction() as session:
        queries.update_clipping(session, memorial_clipping, actor="anna", status="approved")
        queries.replace_registry(session, [d for d in REGISTRY if d["id"] == "gulagu-net"])
    with seeded.read_session() as session:
        assert [d["id"] for d in queries.load_registry_dicts(session)] == ["gulagu-net"]
        everything = queries.load_registry_dicts(session, include_inactive=True)
        assert [d["id"] for d in everything] == ["gulagu-net", "memorial", "ovd-info"]
        assert session.scalars(select(MentionRow)).all() == []
    assert list(_clippings(seeded)) == ["memorial"]  # approved survives, candidate went
    with seeded.transaction() as session, pytest.raises(ValueError, match="twice"):
        queries.replace_registry(session, [REGISTRY[0], REGISTRY[0]])
