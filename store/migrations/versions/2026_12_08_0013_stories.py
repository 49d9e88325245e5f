"""One story, counted once: story groups and their LSH band keys.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 01:30:00

``articles.story_id`` is the id of the story's first article (``store/stories.py``), with the
article's MinHash ``story_signature`` and ``story_size`` (its shingle count); ``story_bands``
holds each article's band keys, its URL's key and its sources' keys, keyed for the one index
lookup per key that finds a new article's candidates.

Articles stored before this revision get ``story_id = id`` (each its own story, as the desk
showed them when no text matched) and no signature: ``csowatch stories rebuild`` signs them
and groups them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("story_id", sa.Integer(), nullable=True))
    op.add_column("articles", sa.Column("story_signature", sa.LargeBinary(), nullable=True))
    op.add_column("articles", sa.Column("story_size", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_articles_story_id"), "articles", ["story_id"])
    op.execute("UPDATE articles SET story_id = id")
    op.create_table(
        "story_bands",
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_story_bands_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("band", "key", "article_id", name=op.f("pk_story_bands")),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f("ix_story_bands_article_id"), "story_bands", ["article_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_story_bands_article_id"), table_name="story_bands")
    op.drop_table("story_bands")
    op.drop_index(op.f("ix_articles_story_id"), table_name="articles")
    # SQLite (3.35+) drops a column in place
    op.drop_column("articles", "story_size")
    op.drop_column("articles", "story_signature")
    op.drop_column("articles", "story_id")
