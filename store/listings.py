"""Flat records for analysts: articles, mentions, quotes and clippings with the usual filters.

One place builds the SELECT for each kind of record, so the JSON API (pages of it) and
``csowatch export`` (a stream of it, keyset-paged by id) return the same fields. Records are
plain dicts of JSON-friendly values (ISO 8601 strings for dates and timestamps).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from store.models import CSO, ArticleRow, Clipping, MentionRow, Outlet, QuoteRow

Kind = Literal["articles", "mentions", "quotes", "clippings"]
KINDS: tuple[Kind, ...] = ("articles", "mentions", "quotes", "clippings")


@dataclass(frozen=True)
class Filters:
    """What analysts filter on. Dates are inclusive days (UTC) on the article's published
    date, else its first-seen date."""

    cso: str | None = None
    outlet: str | None = None
    since: date | None = None
    until: date | None = None
    lang: str | None = None
    speaker: str | None = None  # quotes: case-insensitive substring of the speaker
    status: str | None = None  # clippings: candidate | approved | rejected
    kind: str | None = None  # articles of this kind only: article | statement (not in search)


def day_start(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=UTC)


def article_date() -> Any:
    """The date an article counts under: published, else first seen."""
    return func.coalesce(ArticleRow.published, ArticleRow.first_seen)


def _article_filters(query: Any, f: Filters, *, cso_via_mentions: bool) -> Any:
    when = article_date()
    if f.since is not None:
        query = query.where(when >= day_start(f.since))
    if f.until is not None:
        query = query.where(when < day_start(f.until + timedelta(days=1)))
    if f.outlet:
        query = query.where(Outlet.key == f.outlet)
    if f.lang:
        query = query.where(ArticleRow.language == f.lang)
    if f.kind:
        query = query.where(ArticleRow.kind == f.kind)
    if f.cso and cso_via_mentions:
        query = query.where(
            exists().where(MentionRow.article_id == ArticleRow.id, MentionRow.cso_id == f.cso)
        )
    return query


_ARTICLE_COLS = (
    ArticleRow.id,
    Outlet.key.label("outlet"),
    ArticleRow.url,
    ArticleRow.canonical_url,
    ArticleRow.title,
    ArticleRow.subtitle,
    ArticleRow.lead,
    ArticleRow.authors,
    ArticleRow.kind,  # "article", or "statement": the CSO ``author_cso`` speaking for itself
    ArticleRow.author_cso_id.label("author_cso"),
    ArticleRow.published,
    ArticleRow.modified,
    ArticleRow.language,
    ArticleRow.section,
    ArticleRow.tags,
    ArticleRow.version,
    ArticleRow.first_seen,
    ArticleRow.last_changed,
)


def select_records(kind: Kind, f: Filters, *, with_text: bool = False) -> Select[Any]:
    """The SELECT for ``kind`` with filters applied, not yet ordered or limited.
    Its first column is the record's ``id``."""
    if kind == "articles":
        cols = [*_ARTICLE_COLS, ArticleRow.text] if with_text else list(_ARTICLE_COLS)
        query = select(*cols).join(Outlet, Outlet.id == ArticleRow.outlet_id)
        return _article_filters(query, f, cso_via_mentions=True)
    context = (
        Outlet.key.label("outlet"),
        ArticleRow.title.label("article_title"),
        ArticleRow.canonical_url.label("article_url"),
        ArticleRow.published.label("published"),
    )
    if kind == "mentions":
        m = MentionRow
        query = select(
            m.id, m.article_id, m.cso_id.label("cso"), m.surface, m.field, m.paragraph,
            m.start, m.end, m.via, m.in_title, m.in_lead, m.evidence, m.confidence, *context,
        ).join(ArticleRow, ArticleRow.id == m.article_id)  # fmt: skip
        if f.cso:
            query = query.where(m.cso_id == f.cso)
    elif kind == "quotes":
        q = QuoteRow
        query = select(
            q.id, q.article_id, q.idx, q.text, q.speaker, q.paragraph, q.partial, *context
        ).join(ArticleRow, ArticleRow.id == q.article_id)
        if f.speaker:
            query = query.where(func.lower(q.speaker).contains(f.speaker.lower()))
        if f.cso:  # quotes of articles that mention the CSO
            query = query.where(
                exists().where(MentionRow.article_id == q.article_id, MentionRow.cso_id == f.cso)
            )
    elif kind == "clippings":
        c = Clipping
        query = select(
            c.id, c.article_id, c.cso_id.label("cso"), CSO.name.label("cso_name"), c.week_end,
            c.status, c.excerpt, c.excerpt_kind, c.excerpt_ref, c.reason, c.note, c.position,
            c.decided_by, c.decided_at, *context,
        ).join(ArticleRow, ArticleRow.id == c.article_id).join(CSO, CSO.id == c.cso_id)  # fmt: skip
        if f.cso:
            query = query.where(c.cso_id == f.cso)
        if f.status:
            query = query.where(c.status == f.status)
    else:
        raise ValueError(f"unknown record kind {kind!r}: expected one of {', '.join(KINDS)}")
    query = query.join(Outlet, Outlet.id == ArticleRow.outlet_id)
    return _article_filters(query, f, cso_via_mentions=False)


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_record(row: Any) -> dict[str, Any]:
    return {key: jsonable(value) for key, value in row._mapping.items()}


def page(
    session: Session, kind: Kind, f: Filters, *, limit: int, offset: int
) -> list[dict[str, Any]]:
    """One page, newest first (articles by date, the rest by id)."""
    query = select_records(kind, f)
    id_col = query.selected_columns[0]
    if kind == "articles":
        query = query.order_by(article_date().desc(), id_col.desc())
    else:
        query = query.order_by(id_col.desc())
    return [to_record(r) for r in session.execute(query.limit(limit).offset(offset))]


def stream(
    session: Session, kind: Kind, f: Filters, *, batch_size: int = 2000, with_text: bool = True
) -> Iterator[dict[str, Any]]:
    """Every record in id order, fetched in keyset-paged batches (constant memory)."""
    base = select_records(kind, f, with_text=with_text)
    id_col = base.selected_columns[0]
    last = 0
    while True:
        rows = session.execute(base.where(id_col > last).order_by(id_col).limit(batch_size)).all()
        for row in rows:
            yield to_record(row)
        if len(rows) < batch_size:
            return
        last = rows[-1][0]


def count(session: Session, kind: Kind, f: Filters) -> int:
    return session.scalar(select(func.count()).select_from(select_records(kind, f).subquery())) or 0


def get_article(session: Session, article_id: int) -> dict[str, Any] | None:
    """One article with its text, paragraphs, mentions and quotes, and how it was extracted
    (``extractor``, ``extraction_notes``, ``field_sources``; null for rows stored before
    revision 0010)."""
    extraction = (ArticleRow.extractor, ArticleRow.extraction_notes, ArticleRow.field_sources)
    query = select(*_ARTICLE_COLS, ArticleRow.paragraphs, *extraction).join(
        Outlet, Outlet.id == ArticleRow.outlet_id
    )
    row = session.execute(query.where(ArticleRow.id == article_id)).first()
    if row is None:
        return None
    record = to_record(row)
    f = Filters()
    for kind in ("mentions", "quotes"):
        sub = select_records(kind, f).where(ArticleRow.id == article_id)
        record[kind] = [
            to_record(r) for r in session.execute(sub.order_by(sub.selected_columns[0]))
        ]
    return record
