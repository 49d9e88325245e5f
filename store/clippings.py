"""Clippings: candidate excerpts per (article, CSO), and the week's stored rows for the desk.

The crawl only ever creates, refreshes or removes *candidate* clippings; a clipping an editor
approved or rejected is never touched by the machine, even when the mention disappears.

``week_rows`` reads what a week's cards are made of, as stored; the rules that turn a row into
what the desk and ``csowatch clippings`` show (the matched sentence, the excerpt options) are the
core's, applied above the store (``editor/clippings.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from pipelines.types import Mention, Quote, text_order
from store.models import CSO, ArticleRow, Clipping, MentionRow, Outlet, QuoteRow
from store.rows import mention_from_row, quote_from_row
from store.weeks import week_end


def sync_clippings(session: Session, article_row: ArticleRow, week_ends_on: str = "friday") -> None:
    """One candidate per CSO the article mentions; drop candidates of CSOs no longer named.

    The week comes from the published date (else first seen); the default excerpt is the
    lead (else the first paragraph). Candidates whose excerpt is still the default follow
    the article's edits; approved/rejected clippings are left alone. Does not commit.
    """
    mentioned = set(
        session.scalars(
            select(MentionRow.cso_id).where(MentionRow.article_id == article_row.id).distinct()
        )
    )
    if article_row.kind == "statement" and article_row.author_cso_id:
        mentioned.add(article_row.author_cso_id)  # a CSO's own statement is its clipping
    day = (article_row.published or article_row.first_seen).date()
    week = week_end(day, week_ends_on)
    excerpt, kind, ref = _default_excerpt(article_row)
    existing = {
        c.cso_id: c
        for c in session.scalars(select(Clipping).where(Clipping.article_id == article_row.id))
    }
    for cso_id in sorted(mentioned - existing.keys()):
        session.add(
            Clipping(
                article_id=article_row.id,
                cso_id=cso_id,
                week_end=week,
                status="candidate",
                excerpt=excerpt,
                excerpt_kind=kind,
                excerpt_ref=ref,
            )
        )
    for cso_id, clipping in existing.items():
        if clipping.status != "candidate":
            continue
        if cso_id not in mentioned:
            session.delete(clipping)
            continue
        if clipping.week_end != week:
            clipping.week_end = week
        is_default = clipping.excerpt_kind in ("lead", "paragraph") and clipping.excerpt_ref in (
            None,
            0,
        )
        if is_default and (clipping.excerpt, clipping.excerpt_kind) != (excerpt, kind):
            clipping.excerpt, clipping.excerpt_kind, clipping.excerpt_ref = excerpt, kind, ref
    session.flush()


def _default_excerpt(row: ArticleRow) -> tuple[str, str, int | None]:
    if row.lead and row.lead.strip():
        return row.lead.strip(), "lead", None
    paragraphs = row.paragraphs or []
    if paragraphs:
        return str(paragraphs[0]), "paragraph", 0
    return "", "lead", None


@dataclass
class ClippingFields:
    """One clipping of a week with its article, outlet and CSO, as the desk lists it."""

    clipping_id: int
    article_id: int
    cso_id: str
    cso_name: str
    outlet_key: str
    outlet_name: str
    published: datetime | None
    title: str
    url: str
    lead: str | None
    excerpt: str
    excerpt_kind: str
    excerpt_ref: int | None
    status: str
    week_end: date
    position: int | None
    reason: str | None
    note: str | None
    decided_by: str | None
    decided_at: datetime | None
    # "statement": the author CSO's own words, on the outlet that read them (its spider says
    # where: "telegram" a Telegram channel, "csofeeds" the CSO's website)
    kind: str = "article"
    author_cso_id: str | None = None
    author_name: str | None = None
    outlet_spider: str | None = None
    # the article's story (``store.stories``: copies on other outlets share it); None: not
    # grouped yet
    story_id: int | None = None


@dataclass(kw_only=True)
class ClippingRow(ClippingFields):
    """A clipping's fields and the stored matches beside it.

    ``mentions`` are the CSO's mentions in the article, in text order; ``mention_text`` is the
    text the first of them stands in (the title, the lead or its paragraph; None when the stored
    paragraph index is out of range); ``article_quotes`` are all the article's quotes;
    ``cso_entry`` is the CSO's registry entry (with ``id`` and ``name``).
    """

    mentions: list[Mention]
    mention_text: str | None
    article_quotes: list[Quote]
    cso_entry: dict[str, Any]


def week_rows(
    session: Session, week_end: date, cso: str | None = None, status: str | None = None
) -> list[ClippingRow]:
    """The clippings of the week ending ``week_end``, by CSO, editor position, then date."""
    author = aliased(CSO)
    query = (
        select(Clipping, ArticleRow, Outlet, CSO, author.name)
        .join(ArticleRow, Clipping.article_id == ArticleRow.id)
        .join(Outlet, ArticleRow.outlet_id == Outlet.id)
        .join(CSO, Clipping.cso_id == CSO.id)
        .outerjoin(author, ArticleRow.author_cso_id == author.id)
        .where(Clipping.week_end == week_end)
        .order_by(
            Clipping.cso_id,
            Clipping.position.is_(None),
            Clipping.position,
            ArticleRow.published,
            Clipping.id,
        )
    )
    if cso is not None:
        query = query.where(Clipping.cso_id == cso)
    if status is not None:
        query = query.where(Clipping.status == status)
    rows = session.execute(query).unique().all()
    article_ids = {article.id for _, article, _, _, _ in rows}
    quotes = _quotes_by_article(session, article_ids)
    all_mentions = mentions_by_article_cso(session, article_ids)
    out = []
    for clipping, article, outlet, cso_row, author_name in rows:
        mentions = all_mentions.get((article.id, clipping.cso_id), [])
        out.append(
            ClippingRow(
                clipping_id=clipping.id,
                article_id=article.id,
                cso_id=clipping.cso_id,
                cso_name=cso_row.name,
                outlet_key=outlet.key,
                outlet_name=outlet.name,
                published=article.published,
                title=article.title,
                url=article.canonical_url,
                lead=article.lead,
                excerpt=clipping.excerpt,
                excerpt_kind=clipping.excerpt_kind,
                excerpt_ref=clipping.excerpt_ref,
                status=clipping.status,
                week_end=clipping.week_end,
                position=clipping.position,
                reason=clipping.reason,
                note=clipping.note,
                decided_by=clipping.decided_by,
                decided_at=clipping.decided_at,
                kind=article.kind,
                author_cso_id=article.author_cso_id,
                author_name=author_name,
                outlet_spider=outlet.spider,
                story_id=article.story_id,
                mentions=[mention_from_row(m) for m in mentions],
                mention_text=_field_text(article, mentions[0]) if mentions else None,
                article_quotes=quotes.get(article.id, []),
                cso_entry={**(cso_row.data or {}), "id": cso_row.id, "name": cso_row.name},
            )
        )
    return out


def _quotes_by_article(session: Session, article_ids: set[int]) -> dict[int, list[Quote]]:
    out: dict[int, list[Quote]] = {}
    if not article_ids:
        return out
    query = select(QuoteRow).where(QuoteRow.article_id.in_(article_ids)).order_by(QuoteRow.idx)
    for row in session.scalars(query):
        out.setdefault(row.article_id, []).append(quote_from_row(row))
    return out


def mentions_by_article_cso(
    session: Session, article_ids: set[int]
) -> dict[tuple[int, str], list[MentionRow]]:
    """Every mention per (article, CSO), in text order (title, lead, body)."""
    out: dict[tuple[int, str], list[MentionRow]] = {}
    if not article_ids:
        return out
    rows = session.scalars(select(MentionRow).where(MentionRow.article_id.in_(article_ids)))
    for row in sorted(rows, key=_text_order):
        out.setdefault((row.article_id, row.cso_id), []).append(row)
    return out


def _text_order(row: MentionRow) -> tuple[int, int, int, int]:
    return (row.article_id, *text_order(row))


def _field_text(article: ArticleRow, mention: MentionRow) -> str | None:
    if mention.field == "title":
        return article.title
    if mention.field == "lead":
        return article.lead or ""
    paragraphs = article.paragraphs or []
    index = mention.paragraph if mention.paragraph is not None else -1
    return str(paragraphs[index]) if 0 <= index < len(paragraphs) else None
