"""News of the Day: the articles of one day that mention a tracked CSO."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from store.models import CSO, ArticleRow, Clipping, Outlet


@dataclass(frozen=True)
class DayArticle:
    outlet_name: str
    title: str
    lead: str
    url: str
    published: datetime
    # a statement's author CSO (its display name) and the spider of the outlet that read it
    author_name: str | None = None
    outlet_spider: str | None = None


def articles_of_day(session: Session, day: date) -> list[DayArticle]:
    """Articles published on ``day`` (UTC) with a clipping that no editor rejected."""
    start = datetime.combine(day, time.min, UTC)
    end = start + timedelta(days=1)
    relevant = exists().where(Clipping.article_id == ArticleRow.id, Clipping.status != "rejected")
    query = (
        select(ArticleRow, Outlet.name, Outlet.spider, CSO.name)
        .join(Outlet, Outlet.id == ArticleRow.outlet_id)
        .outerjoin(CSO, (CSO.id == ArticleRow.author_cso_id) & (ArticleRow.kind == "statement"))
        .where(ArticleRow.published >= start, ArticleRow.published < end, relevant)
        .order_by(ArticleRow.published)
    )
    out = []
    for row, outlet_name, spider, author_name in session.execute(query):
        assert row.published is not None  # the window's filter
        lead = row.lead or (row.paragraphs[0] if row.paragraphs else "")
        out.append(
            DayArticle(outlet_name, row.title, lead, row.canonical_url, row.published,
                       author_name, spider)
        )  # fmt: skip
    return out
