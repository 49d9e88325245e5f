"""The date window a source's validators were read with.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 10:00:00

A 304 Not Modified says a feed or sitemap has not changed since it was read, not that the
entries outside that run's date window were looked at: ``fetch_state.window_since`` and
``window_until`` (NULL: an open-ended run, up to when it read the source) keep the window,
and the crawl sends the validators back only when it covers the new run's. Rows from
before this revision have no window, so each source is read in full once more.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("fetch_state") as batch:
        batch.add_column(sa.Column("window_since", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("window_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("fetch_state") as batch:
        batch.drop_column("window_until")
        batch.drop_column("window_since")
