"""The week's clippings as the desk and ``csowatch clippings`` show them.

``store.clippings.week_rows`` reads the stored rows; this applies the core's rules to each: the
sentence the CSO's first mention stands in (``pipelines.sentences``; a mention in the title
shows the title) and the quotes worth offering as excerpts (``pipelines.quotes.options``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from pipelines.mentions import best_confidence
from pipelines.quotes.options import quotes_for_cso
from pipelines.sentences import sentence_around
from pipelines.types import Quote
from store.clippings import ClippingFields, ClippingRow, week_rows


@dataclass(kw_only=True)
class ClippingView(ClippingFields):
    """One clipping with what the desk and ``csowatch clippings`` show next to it."""

    matched_sentence: str | None
    quotes: list[Quote] = field(default_factory=list)
    # how far the mentions say the article is about the CSO ("high", "medium", "low"; None for
    # mentions stored before the store kept it), and what made them count
    confidence: str | None = None
    evidence: list[str] = field(default_factory=list)

    @property
    def doubtful(self) -> bool:
        """Named on weaker evidence only (a name alone, a capital): the desk shows it apart."""
        return self.confidence in ("medium", "low")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("published", "decided_at", "week_end"):
            value = data[key]
            data[key] = value.isoformat().replace("+00:00", "Z") if value else None
        return data


_SHARED = tuple(f.name for f in fields(ClippingFields))


def clipping_view(row: ClippingRow) -> ClippingView:
    """The view of one stored clipping row."""
    return ClippingView(
        **{name: getattr(row, name) for name in _SHARED},
        matched_sentence=matched_sentence(row),
        quotes=quotes_for_cso(row.article_quotes, row.mentions, row.cso_entry),
        confidence=best_confidence(row.mentions),
        evidence=list(dict.fromkeys(m.evidence for m in row.mentions if m.evidence)),
    )


def matched_sentence(row: ClippingRow) -> str | None:
    """The sentence around the CSO's first mention (the title when that mention is in it)."""
    if not row.mentions or row.mention_text is None:
        return None
    first = row.mentions[0]
    if first.field == "title":
        return row.mention_text
    return sentence_around(row.mention_text, first.start, first.end)


def week_clippings(
    session: Session, week_end: date, cso: str | None = None, status: str | None = None
) -> list[ClippingView]:
    """The clippings of the week ending ``week_end``, by CSO, editor position, then date."""
    return [clipping_view(row) for row in week_rows(session, week_end, cso=cso, status=status)]
