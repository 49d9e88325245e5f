"""Gone pages: article pages that answered 404 or 410, re-checked with back-off.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 10:00:00

``gone_pages`` remembers a page that answered 404 or 410, so the crawl does not fetch it on
every run: it is tried again after 1 day, then 7, then every 30 days, and dropped when it
answers 200 again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op



revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('gone_pages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('http_status', sa.Integer(), nullable=False),
    sa.Column('first_gone', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_checked', sa.DateTime(timezone=True), nullable=False),
    sa.Column('checks', sa.Integer(), nullable=False),
    sa.Column('next_check', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('http_status IN (404, 410)', name=op.f('ck_gone_pages_http_status')),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlets.id'], name=op.f('fk_gone_pages_outlet_id_outlets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gone_pages')),
    sa.UniqueConstraint('outlet_id', 'url', name=op.f('uq_gone_pages_outlet_id_url'))
    )


def downgrade() -> None:
    op.drop_table('gone_pages')
