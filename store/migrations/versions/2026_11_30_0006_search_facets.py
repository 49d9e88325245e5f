"""Search facets: article_search.csos, and facet lexemes in the PostgreSQL tsvector.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 01:30:00

``csos`` (the CSOs an article mentions) is filled from ``mentions``. On PostgreSQL the
generated ``search_tsv`` is rebuilt with facet lexemes for the filters (outlet, language,
year, month, CSO; see ``store.search_index.PG_TSV``), so a filtered search intersects posting
lists in the GIN index rather than reading the heap row of every match. The column and its
GIN index are recomputed for every row: a few minutes per million articles.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _replace_tsvector(conn: sa.Connection, ddl: list[str]) -> None:
    from store.search_index import PG_DROP, create_search_objects

    for stmt in PG_DROP:
        conn.execute(sa.text(stmt))
    create_search_objects(conn, ddl[:2])  # the column and its index (lz4); the rest stays


def upgrade() -> None:
    from store.search_index import PG_DDL, sync_csos

    op.add_column('article_search', sa.Column('csos', sa.Text(), server_default='', nullable=False))
    conn = op.get_bind()
    sync_csos(conn)
    if conn.dialect.name == "postgresql":
        _replace_tsvector(conn, PG_DDL)
        conn.execute(sa.text("ANALYZE article_search"))  # the planner's lexeme statistics


def downgrade() -> None:
    from store.search_index import PG_DDL_0004

    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        _replace_tsvector(conn, PG_DDL_0004)
    op.drop_column('article_search', 'csos')  # SQLite >= 3.35: in place, triggers kept
