"""An article's mentions and quotes: replaced wholesale whenever the article is (re)matched."""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from pipelines.types import Mention, Quote
from store.clippings import sync_clippings
from store.errors import UnknownCSOError
from store.models import CSO, ArticleRow, MentionRow, QuoteRow
from store.rows import mention_from_row, quote_from_row
from store.search_index import sync_csos


def replace_matches(
    session: Session,
    article_id: int,
    mentions: list[Mention],
    quotes: list[Quote],
    week_ends_on: str = "friday",
) -> None:
    """Replace the article's stored mentions and quotes, then ``sync_clippings``.

    Used by ``save_article`` and by ``csowatch rematch``. Raises ``UnknownCSOError`` when a
    mention names a CSO missing from the `csos` table. Does not commit.
    """
    wanted = {m.cso for m in mentions}
    if wanted:
        present = set(session.scalars(select(CSO.id).where(CSO.id.in_(wanted))))
        missing = sorted(wanted - present)
        if missing:
            raise UnknownCSOError(
                f"mentions of CSO(s) {', '.join(missing)} not in the registry table; "
                "import the registry first (csowatch csos import)"
            )
    session.execute(delete(MentionRow).where(MentionRow.article_id == article_id))
    session.execute(delete(QuoteRow).where(QuoteRow.article_id == article_id))
    if mentions:
        session.execute(
            insert(MentionRow),
            [
                {
                    "article_id": article_id,
                    "cso_id": m.cso,
                    "surface": m.surface,
                    "field": m.field,
                    "paragraph": m.paragraph,
                    "start": m.start,
                    "end": m.end,
                    "via": m.via,
                    "in_title": bool(m.in_title),
                    "in_lead": bool(m.in_lead),
                    "evidence": m.evidence or None,
                    "confidence": m.confidence or None,
                }
                for m in mentions
            ],
        )
    if quotes:
        session.execute(
            insert(QuoteRow),
            [
                {
                    "article_id": article_id,
                    "idx": i,
                    "text": q.text,
                    "speaker": q.speaker,
                    "paragraph": q.paragraph,
                    "paragraphs": list(q.paragraphs),
                    "partial": bool(q.partial),
                    "start": q.start,
                    "end": q.end,
                }
                for i, q in enumerate(quotes)
            ],
        )
    session.flush()
    sync_csos(session, [article_id])  # the search index's CSO facet
    sync_clippings(session, session.get_one(ArticleRow, article_id), week_ends_on)


def load_matches(session: Session, article_id: int) -> tuple[list[Mention], list[Quote]]:
    """The stored mentions (in text order) and quotes (in idx order) of an article."""
    mention_rows = session.scalars(
        select(MentionRow).where(MentionRow.article_id == article_id).order_by(MentionRow.id)
    )
    quote_rows = session.scalars(
        select(QuoteRow).where(QuoteRow.article_id == article_id).order_by(QuoteRow.idx)
    )
    return [mention_from_row(r) for r in mention_rows], [quote_from_row(r) for r in quote_rows]
