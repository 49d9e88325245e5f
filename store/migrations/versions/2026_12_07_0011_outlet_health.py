"""Per-outlet extraction health: how many of a run's article pages gave a body, a date, an author.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 22:00:00

``crawl_outlet_stats.with_body``, ``.with_date`` and ``.with_authors`` count, of the run's
``fetched`` article pages, those that gave a body, and of those the ones with a publication
date and with an author; ``.health`` is the run's judgement against the outlet's earlier runs
(``spiders/health.py``: ``unjudged``, ``ok``, ``dropped``, ``accepted``, ``superseded``). Rows written before
this revision keep the counts at 0 and ``health`` NULL, which no baseline reads.

The counts are plain ``ADD COLUMN`` with a server default; the check on ``health`` is added
through a batch (a table copy on SQLite, which cannot add a constraint in place: nothing
points at ``crawl_outlet_stats``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HEALTH = "health IN ('unjudged', 'ok', 'dropped', 'accepted', 'superseded')"


def upgrade() -> None:
    for name in ("with_body", "with_date", "with_authors"):
        op.add_column(
            "crawl_outlet_stats",
            sa.Column(name, sa.Integer(), server_default="0", nullable=False),
        )
    op.add_column("crawl_outlet_stats", sa.Column("health", sa.String(length=16), nullable=True))
    with op.batch_alter_table("crawl_outlet_stats") as batch:
        batch.create_check_constraint(op.f("ck_crawl_outlet_stats_health"), HEALTH)


def downgrade() -> None:
    with op.batch_alter_table("crawl_outlet_stats") as batch:
        batch.drop_constraint(op.f("ck_crawl_outlet_stats_health"), type_="check")
        batch.drop_column("health")
        batch.drop_column("with_authors")
        batch.drop_column("with_date")
        batch.drop_column("with_body")
