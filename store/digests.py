"""The editor's summary paragraph of a weekly item: one row per (week, CSO) in ``digests``."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.coltypes import utcnow
from store.models import DigestSummary


def get_summary(session: Session, week_end: date, cso_id: str) -> DigestSummary | None:
    """The stored summary of the item for ``cso_id`` in the week ending ``week_end``."""
    query = select(DigestSummary).where(
        DigestSummary.week_end == week_end, DigestSummary.cso_id == cso_id
    )
    return session.scalars(query).one_or_none()


def summary_text(session: Session, week_end: date, cso_id: str) -> str:
    """The summary paragraph, or ``""`` when none was written."""
    row = get_summary(session, week_end, cso_id)
    return row.summary if row is not None else ""


def set_summary(
    session: Session, week_end: date, cso_id: str, summary: str, *, actor: str
) -> DigestSummary:
    """Write the summary (whitespace collapsed) and who wrote it. Does not commit."""
    row = get_summary(session, week_end, cso_id)
    if row is None:
        row = DigestSummary(week_end=week_end, cso_id=cso_id)
        session.add(row)
    row.summary = " ".join(summary.split())
    row.updated_by = actor
    row.updated_at = utcnow()
    session.flush()
    return row
