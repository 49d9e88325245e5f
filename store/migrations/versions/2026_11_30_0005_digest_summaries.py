"""The editor's summary paragraph per weekly item: table digests.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 00:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('digests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('week_end', sa.Date(), nullable=False),
    sa.Column('cso_id', sa.String(length=64), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('updated_by', sa.String(length=100), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cso_id'], ['csos.id'], name=op.f('fk_digests_cso_id_csos')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digests')),
    sa.UniqueConstraint('week_end', 'cso_id', name=op.f('uq_digests_week_end_cso_id'))
    )


def downgrade() -> None:
    op.drop_table('digests')
