"""Stored mention and quote rows back to the pure shapes of ``pipelines.types``.

Used by ``store.matches`` (an article's matches) and ``store.clippings`` (the quotes shown
beside a clipping); it imports neither.
"""

from __future__ import annotations

from pipelines.types import Mention, Quote
from store.models import MentionRow, QuoteRow


def mention_from_row(row: MentionRow) -> Mention:
    return Mention(
        cso=row.cso_id,
        surface=row.surface,
        field=row.field,  # type: ignore[arg-type]
        paragraph=row.paragraph,
        start=row.start,
        end=row.end,
        via=row.via,  # type: ignore[arg-type]
        in_title=row.in_title,
        in_lead=row.in_lead,
        evidence=row.evidence or "",
        confidence=row.confidence or "",
    )


def quote_from_row(row: QuoteRow) -> Quote:
    return Quote(
        text=row.text,
        speaker=row.speaker,
        paragraph=row.paragraph,
        paragraphs=list(row.paragraphs or []),
        partial=row.partial,
        start=row.start,
        end=row.end,
    )
