"""Trends: how often a CSO was mentioned, per week (weeks end on the configured day) or month.

The database groups by day (the article's published date, else first seen, in UTC), which is
the same SQL shape on SQLite and PostgreSQL and at most a few thousand rows; Python folds the
days into weeks with ``store.weeks.week_end`` (the digest's weeks) or into months, and fills
empty periods with zeros so a chart has no gaps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import Date, cast, func, select
from sqlalchemy.orm import Session

from store.listings import article_date, day_start
from store.models import ArticleRow, MentionRow
from store.weeks import week_end

Period = Literal["week", "month"]


@dataclass(frozen=True)
class Point:
    period: date  # the week's last day, or the month's first day
    articles: int  # articles that mention the CSO
    mentions: int  # mentions in them

    def to_dict(self) -> dict[str, Any]:
        return {"period": self.period.isoformat(), "articles": self.articles,
                "mentions": self.mentions}  # fmt: skip


def _day(session: Session) -> Any:
    when = article_date()
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone("UTC", when), Date)
    return func.date(when)


def period_of(d: date, by: Period, week_ends: str = "friday") -> date:
    if by == "week":
        return week_end(d, week_ends)
    if by == "month":
        return d.replace(day=1)
    raise ValueError(f"unknown period {by!r}: expected week or month")


def _next(p: date, by: Period) -> date:
    if by == "week":
        return p + timedelta(days=7)
    return date(p.year + p.month // 12, p.month % 12 + 1, 1)


def trend(
    session: Session,
    cso: str,
    *,
    by: Period = "week",
    since: date | None = None,
    until: date | None = None,
    week_ends: str = "friday",
    outlet: str | None = None,
) -> list[Point]:
    """Articles mentioning ``cso`` and their mentions, per period, zero-filled between the
    first and last period (or ``since``/``until`` when given)."""
    period_of(date(2000, 1, 1), by, week_ends)  # validate early
    day = _day(session).label("day")
    query = (
        select(day, func.count(func.distinct(MentionRow.article_id)), func.count(MentionRow.id))
        .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
        .where(MentionRow.cso_id == cso)
        .group_by(day)
    )
    if since is not None:
        query = query.where(article_date() >= day_start(since))
    if until is not None:
        query = query.where(article_date() < day_start(until + timedelta(days=1)))
    if outlet is not None:
        from store.models import Outlet

        query = query.join(Outlet, Outlet.id == ArticleRow.outlet_id).where(Outlet.key == outlet)
    counts: dict[date, list[int]] = {}
    for raw_day, n_articles, n_mentions in session.execute(query):
        d = raw_day if isinstance(raw_day, date) else date.fromisoformat(str(raw_day)[:10])
        slot = counts.setdefault(period_of(d, by, week_ends), [0, 0])
        slot[0] += n_articles
        slot[1] += n_mentions
    if not counts and (since is None or until is None):
        return []
    first = period_of(since, by, week_ends) if since else min(counts)
    last = period_of(until, by, week_ends) if until else max(counts)
    points = []
    p = first
    while p <= last:
        a, m = counts.get(p, (0, 0))
        points.append(Point(p, a, m))
        p = _next(p, by)
    return points
