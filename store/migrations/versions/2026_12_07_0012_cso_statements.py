"""The CSOs' own words: statements and the channels they come from.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 22:00:00

``articles.kind`` ("article", or "statement": a CSO's own post on its Telegram channel or its
website, whose author is ``articles.author_cso_id``) and ``cso_sources`` (the CSOs' Telegram
channels and site feeds from csos.yaml). Existing rows are articles.

Plain ``ADD COLUMN`` on both backends (``articles`` is never batch-copied on SQLite, see 0010);
SQLite takes the column's CHECK and REFERENCES clauses inline.

It follows 0011 (the outlets' health counts).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    kind_check = "kind IN ('article', 'statement')"
    if sqlite:
        # ALTER TABLE .. ADD CONSTRAINT does not exist in SQLite: the clauses go inline
        op.execute(
            "ALTER TABLE articles ADD COLUMN kind VARCHAR(16) DEFAULT 'article' NOT NULL "
            f"CONSTRAINT ck_articles_kind CHECK ({kind_check})"
        )
        op.execute(
            "ALTER TABLE articles ADD COLUMN author_cso_id VARCHAR(64) "
            "CONSTRAINT fk_articles_author_cso_id_csos REFERENCES csos (id)"
        )
    else:
        op.add_column(
            "articles",
            sa.Column("kind", sa.String(length=16), server_default="article", nullable=False),
        )
        op.create_check_constraint(op.f("ck_articles_kind"), "articles", kind_check)
        op.add_column("articles", sa.Column("author_cso_id", sa.String(length=64), nullable=True))
        op.create_foreign_key(
            op.f("fk_articles_author_cso_id_csos"), "articles", "csos", ["author_cso_id"], ["id"]
        )
    op.create_index(op.f("ix_articles_author_cso_id"), "articles", ["author_cso_id"])
    op.create_table(
        "cso_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cso_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('telegram', 'feed')", name=op.f("ck_cso_sources_kind")),
        sa.ForeignKeyConstraint(["cso_id"], ["csos.id"], name=op.f("fk_cso_sources_cso_id_csos")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cso_sources")),
        sa.UniqueConstraint("kind", "address", name=op.f("uq_cso_sources_kind_address")),
    )
    op.create_index(op.f("ix_cso_sources_cso_id"), "cso_sources", ["cso_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_cso_sources_cso_id"), table_name="cso_sources")
    op.drop_table("cso_sources")
    op.drop_index(op.f("ix_articles_author_cso_id"), table_name="articles")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("fk_articles_author_cso_id_csos"), "articles", type_="foreignkey")
        op.drop_constraint(op.f("ck_articles_kind"), "articles", type_="check")
    # SQLite (3.35+) drops a column in place with its own CHECK and REFERENCES clauses
    op.drop_column("articles", "author_cso_id")
    op.drop_column("articles", "kind")
