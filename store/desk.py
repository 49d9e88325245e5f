"""What the desk's review pages read beside a week's clippings: article texts, mentions, the
CSOs' registry entries and each clipping's history (a few queries per page, by id sets)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session

from store.models import CSO, ArticleRow, Clipping, ClippingEvent, QuoteRow


@dataclass(frozen=True)
class EventInfo:
    id: int
    at: datetime
    actor: str
    action: str
    reason: str | None = None


@dataclass(frozen=True)
class ArticleText:
    """An article's text as the review shows it."""

    title: str
    lead: str | None
    paragraphs: list[str]
    language: str | None
    quote_idx: dict[tuple[int, int, str], int] = field(default_factory=dict)
    # what the extraction had to settle (a lying charset, conflicting dates): the card says it
    extraction_notes: list[str] = field(default_factory=list)


def articles_for_review(session: Session, ids: set[int]) -> dict[int, ArticleText]:
    """The texts the review cards need, with each quote's index by its place."""
    if not ids:
        return {}
    query = select(
        ArticleRow.id, ArticleRow.title, ArticleRow.lead, ArticleRow.paragraphs,
        ArticleRow.language, ArticleRow.extraction_notes,
    ).where(ArticleRow.id.in_(ids))  # fmt: skip
    out = {
        row.id: ArticleText(
            row.title,
            row.lead,
            [str(p) for p in row.paragraphs or []],
            row.language,
            extraction_notes=[str(n) for n in row.extraction_notes or []],
        )  # fmt: skip
        for row in session.execute(query)
    }
    quotes = select(QuoteRow.article_id, QuoteRow.idx, QuoteRow.paragraph, QuoteRow.start,
                    QuoteRow.text).where(QuoteRow.article_id.in_(ids))  # fmt: skip
    for article_id, idx, paragraph, start, text in session.execute(quotes):
        out[article_id].quote_idx[(paragraph, start, text)] = idx
    return out


def clipping_history(session: Session, clipping_ids: list[int]) -> dict[int, list[EventInfo]]:
    """Each clipping's decisions, oldest first."""
    out: dict[int, list[EventInfo]] = {}
    if not clipping_ids:
        return out
    query = (
        select(ClippingEvent)
        .where(ClippingEvent.clipping_id.in_(clipping_ids))
        .order_by(ClippingEvent.at, ClippingEvent.id)
    )
    for event in session.scalars(query):
        reason = (event.after or {}).get("reason") if event.action == "rejected" else None
        out.setdefault(event.clipping_id, []).append(
            EventInfo(event.id, event.at, event.actor, event.action, reason)
        )
    return out


def cso_entries(session: Session, ids: set[str]) -> dict[str, dict[str, Any]]:
    """The CSOs' registry entries (with ``id`` and ``name``), by id."""
    if not ids:
        return {}
    return {
        row.id: {**(row.data or {}), "id": row.id, "name": row.name}
        for row in session.scalars(select(CSO).where(CSO.id.in_(ids)))
    }


def week_counts(session: Session, limit: int = 52) -> list[tuple[date, int, int, int]]:
    """The newest weeks that have clippings: (week end, clippings, CSOs, approved)."""
    query = (
        select(
            Clipping.week_end,
            func.count(Clipping.id),
            func.count(distinct(Clipping.cso_id)),
            func.sum(case((Clipping.status == "approved", 1), else_=0)),
        )
        .group_by(Clipping.week_end)
        .order_by(Clipping.week_end.desc())
        .limit(limit)
    )
    return [(w, int(n), int(c), int(a or 0)) for w, n, c, a in session.execute(query)]
