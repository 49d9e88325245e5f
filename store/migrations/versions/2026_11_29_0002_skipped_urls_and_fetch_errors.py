"""Skipped URLs (fetched, not stored, so not fetched again) and fetch_state.last_error.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 22:09:40.077380
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('skipped_urls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=False),
    sa.Column('canonical_url', sa.Text(), nullable=False),
    sa.Column('sitemap_lastmod', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.String(length=64), nullable=False),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlets.id'], name=op.f('fk_skipped_urls_outlet_id_outlets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skipped_urls')),
    sa.UniqueConstraint('canonical_url', name=op.f('uq_skipped_urls_canonical_url'))
    )
    op.create_index(op.f('ix_skipped_urls_outlet_id'), 'skipped_urls', ['outlet_id'], unique=False)
    op.add_column('fetch_state', sa.Column('last_error', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('fetch_state') as batch:  # SQLite: table copy
        batch.drop_column('last_error')
    op.drop_index(op.f('ix_skipped_urls_outlet_id'), table_name='skipped_urls')
    op.drop_table('skipped_urls')
