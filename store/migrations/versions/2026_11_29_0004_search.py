"""Full-text search: article_search (normalised terms) + FTS5 (SQLite) / tsvector+GIN (PostgreSQL).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 23:30:00

The FTS5 table, its triggers and the generated tsvector are not autogenerate-able; they are
created by ``store.search_index.create_search_objects`` and left out of comparisons by
``store.search_index.include_name``. Existing articles are indexed here (batched). The
tsvector as this revision made it is ``store.search_index.PG_DDL_0004``; 0006 replaced it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from store.search_index import PG_DDL_0004, create_search_objects, reindex_all

    op.create_table('article_search',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('title_terms', sa.Text(), nullable=False),
    sa.Column('body_terms', sa.Text(), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('published', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_search_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlets.id'], name=op.f('fk_article_search_outlet_id_outlets')),
    sa.PrimaryKeyConstraint('article_id', name=op.f('pk_article_search'))
    )
    conn = op.get_bind()
    create_search_objects(conn, PG_DDL_0004)
    reindex_all(conn)


def downgrade() -> None:
    from store.search_index import drop_search_objects

    drop_search_objects(op.get_bind())
    op.drop_table('article_search')
