"""How each article's current version was extracted.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 19:00:00

``articles.extractor`` (the rule set that found the body: "pangea", "generic",
"pangea+generic"…), ``articles.extraction_notes`` (what was odd about the page and how it
was settled: a charset that lied, conflicting dates, a JSON-LD block that did not parse) and
``articles.field_sources`` (which source of the metadata cascade gave each field). Rows
stored before this revision keep NULL until they are fetched or reprocessed again.

Plain ``ADD COLUMN`` on both backends: ``articles`` is what other tables point at with
``ON DELETE CASCADE``, so it is never batch-copied on SQLite.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("extractor", sa.String(length=32), nullable=True))
    op.add_column("articles", sa.Column("extraction_notes", sa.JSON(), nullable=True))
    op.add_column("articles", sa.Column("field_sources", sa.JSON(), nullable=True))


def downgrade() -> None:
    # SQLite (3.35+) drops a plain column in place; none of the three is indexed or keyed.
    op.drop_column("articles", "field_sources")
    op.drop_column("articles", "extraction_notes")
    op.drop_column("articles", "extractor")
