"""Nothing lost: the crawl frontier, interrupted/abandoned runs, store errors, bad-page detail.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 14:00:00

``crawl_frontier`` holds what a run scheduled and has not finished (article pages, child
sitemaps), written in the same transaction as the source's validators, so the next run resumes
it. Runs may end ``interrupted`` (SIGTERM/SIGINT) or be found ``abandoned`` (process gone).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op



revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_RUN = "status IN ('running', 'ok', 'failed', 'partial')"
NEW_RUN = "status IN ('running', 'ok', 'failed', 'partial', 'interrupted', 'abandoned')"
OLD_OUTLET = "status IN ('ok', 'failed')"
NEW_OUTLET = "status IN ('ok', 'failed', 'interrupted')"


def _checks(run: str, outlet: str) -> None:
    with op.batch_alter_table('crawl_runs') as batch:  # SQLite: table copy
        batch.drop_constraint(op.f('ck_crawl_runs_status'), type_='check')
        batch.create_check_constraint(op.f('ck_crawl_runs_status'), run)
    with op.batch_alter_table('crawl_outlet_stats') as batch:
        batch.drop_constraint(op.f('ck_crawl_outlet_stats_status'), type_='check')
        batch.create_check_constraint(op.f('ck_crawl_outlet_stats_status'), outlet)


def upgrade() -> None:
    op.create_table('crawl_frontier',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('lastmod', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published', sa.DateTime(timezone=True), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=True),
    sa.Column('window_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('window_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('depth', sa.Integer(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('article', 'sitemap')", name=op.f('ck_crawl_frontier_kind')),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlets.id'], name=op.f('fk_crawl_frontier_outlet_id_outlets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crawl_frontier')),
    sa.UniqueConstraint('outlet_id', 'kind', 'url', name=op.f('uq_crawl_frontier_outlet_id_kind_url'))
    )
    op.create_index(op.f('ix_crawl_frontier_outlet_id'), 'crawl_frontier', ['outlet_id'], unique=False)
    op.add_column('crawl_outlet_stats', sa.Column('store_errors', sa.Integer(), server_default='0', nullable=False))
    op.add_column('crawl_outlet_stats', sa.Column('resumed', sa.Integer(), server_default='0', nullable=False))
    op.add_column('bad_pages', sa.Column('detail', sa.Text(), nullable=True))
    _checks(NEW_RUN, NEW_OUTLET)


def downgrade() -> None:
    op.execute("UPDATE crawl_runs SET status = 'failed' WHERE status IN ('interrupted', 'abandoned')")
    op.execute("UPDATE crawl_outlet_stats SET status = 'failed' WHERE status = 'interrupted'")
    _checks(OLD_RUN, OLD_OUTLET)
    with op.batch_alter_table('bad_pages') as batch:
        batch.drop_column('detail')
    with op.batch_alter_table('crawl_outlet_stats') as batch:
        batch.drop_column('resumed')
        batch.drop_column('store_errors')
    op.drop_index(op.f('ix_crawl_frontier_outlet_id'), table_name='crawl_frontier')
    op.drop_table('crawl_frontier')
