"""A mention's evidence and confidence: what made the matcher count it, and how far to trust it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08 02:00:00

``mentions.evidence`` is the rule that made the hit count (``pipelines.mentions.evidence``:
``alias``, ``link``, ``person``, ``initial``, ``quoted``, ``cue``, ``capital``,
``name-syntax``, ``surname``, ``elsewhere``) and ``mentions.confidence`` the trust it gives
(``high``, ``medium``, ``low``: ``pipelines.mentions.find.CONFIDENCE``). Rows stored before
this revision keep both NULL ("not known") until ``csowatch rematch`` matches their articles
again. Plain ``ADD COLUMN``s: no table copy, instant on SQLite and PostgreSQL.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("mentions", sa.Column("evidence", sa.String(length=16), nullable=True))
    op.add_column("mentions", sa.Column("confidence", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mentions") as batch:
        batch.drop_column("confidence")
        batch.drop_column("evidence")
