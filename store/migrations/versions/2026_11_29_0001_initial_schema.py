"""Initial schema: outlets, articles and versions, CSOs, mentions, quotes, clippings, crawl runs.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-29 22:06:41.448866
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('crawl_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=True),
    sa.Column('host', sa.String(length=255), nullable=True),
    sa.CheckConstraint("status IN ('running', 'ok', 'failed', 'partial')", name=op.f('ck_crawl_runs_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crawl_runs'))
    )
    op.create_table('csos',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('descriptor', sa.Text(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_csos'))
    )
    op.create_table('outlets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('base_url', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('spider', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outlets')),
    sa.UniqueConstraint('key', name=op.f('uq_outlets_key'))
    )
    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('canonical_url', sa.Text(), nullable=False),
    sa.Column('external_id', sa.String(length=128), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('subtitle', sa.Text(), nullable=True),
    sa.Column('lead', sa.Text(), nullable=True),
    sa.Column('authors', sa.JSON(), nullable=False),
    sa.Column('published', sa.DateTime(timezone=True), nullable=True),
    sa.Column('modified', sa.DateTime(timezone=True), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('section', sa.String(length=200), nullable=True),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('paragraphs', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('sitemap_lastmod', sa.DateTime(timezone=True), nullable=True),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('etag', sa.Text(), nullable=True),
    sa.Column('last_modified_header', sa.Text(), nullable=True),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_fetched', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_changed', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlets.id'], name=op.f('fk_articles_outlet_id_outlets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
    sa.UniqueConstraint('canonical_url', name=op.f('uq_articles_canonical_url')),
    sa.UniqueConstraint('outlet_id', 'external_id', name=op.f('uq_articles_outlet_id_external_id'))
    )
    op.create_index('ix_articles_outlet_id_published', 'articles', ['outlet_id', 'published'], unique=False)
    op.create_table('bad_pages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('outlet_id', sa.Integer(), nullable=True),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('reason', sa.String(length=64), nullable=False),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlets.id'], name=op.f('fk_bad_pages_outlet_id_outlets')),
    sa.ForeignKeyConstraint(['run_id'], ['crawl_runs.id'], name=op.f('fk_bad_pages_run_id_crawl_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bad_pages'))
    )
    op.create_index(op.f('ix_bad_pages_run_id'), 'bad_pages', ['run_id'], unique=False)
    op.create_table('crawl_outlet_stats',
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=False),
    sa.Column('discovered', sa.Integer(), nullable=False),
    sa.Column('fetched', sa.Integer(), nullable=False),
    sa.Column('new', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('skipped_known', sa.Integer(), nullable=False),
    sa.Column('failed', sa.Integer(), nullable=False),
    sa.Column('bad_pages', sa.Integer(), nullable=False),
    sa.Column('feeds_empty', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('ok', 'failed')", name=op.f('ck_crawl_outlet_stats_status')),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlets.id'], name=op.f('fk_crawl_outlet_stats_outlet_id_outlets')),
    sa.ForeignKeyConstraint(['run_id'], ['crawl_runs.id'], name=op.f('fk_crawl_outlet_stats_run_id_crawl_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('run_id', 'outlet_id', name=op.f('pk_crawl_outlet_stats'))
    )
    op.create_table('fetch_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('etag', sa.Text(), nullable=True),
    sa.Column('last_modified', sa.Text(), nullable=True),
    sa.Column('last_status', sa.Integer(), nullable=True),
    sa.Column('last_fetched', sa.DateTime(timezone=True), nullable=True),
    sa.Column('items_last', sa.Integer(), nullable=True),
    sa.Column('empty_runs', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('feed', 'sitemap', 'robots')", name=op.f('ck_fetch_state_kind')),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlets.id'], name=op.f('fk_fetch_state_outlet_id_outlets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fetch_state')),
    sa.UniqueConstraint('url', name=op.f('uq_fetch_state_url'))
    )
    op.create_table('article_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('subtitle', sa.Text(), nullable=True),
    sa.Column('lead', sa.Text(), nullable=True),
    sa.Column('authors', sa.JSON(), nullable=False),
    sa.Column('paragraphs', sa.JSON(), nullable=False),
    sa.Column('modified', sa.DateTime(timezone=True), nullable=True),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('superseded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_versions_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_versions')),
    sa.UniqueConstraint('article_id', 'version', name=op.f('uq_article_versions_article_id_version'))
    )
    op.create_table('clippings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('cso_id', sa.String(length=64), nullable=False),
    sa.Column('week_end', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('excerpt', sa.Text(), nullable=False),
    sa.Column('excerpt_kind', sa.String(length=16), nullable=False),
    sa.Column('excerpt_ref', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('decided_by', sa.String(length=100), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("excerpt_kind IN ('lead', 'paragraph', 'quote', 'custom')", name=op.f('ck_clippings_excerpt_kind')),
    sa.CheckConstraint("status IN ('candidate', 'approved', 'rejected')", name=op.f('ck_clippings_status')),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_clippings_article_id_articles')),
    sa.ForeignKeyConstraint(['cso_id'], ['csos.id'], name=op.f('fk_clippings_cso_id_csos')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clippings')),
    sa.UniqueConstraint('article_id', 'cso_id', name=op.f('uq_clippings_article_id_cso_id'))
    )
    op.create_index('ix_clippings_week_end_cso_id', 'clippings', ['week_end', 'cso_id'], unique=False)
    op.create_table('mentions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('cso_id', sa.String(length=64), nullable=False),
    sa.Column('surface', sa.Text(), nullable=False),
    sa.Column('field', sa.String(length=16), nullable=False),
    sa.Column('paragraph', sa.Integer(), nullable=True),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('via', sa.String(length=16), nullable=False),
    sa.Column('in_title', sa.Boolean(), nullable=False),
    sa.Column('in_lead', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_mentions_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cso_id'], ['csos.id'], name=op.f('fk_mentions_cso_id_csos')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentions'))
    )
    op.create_index(op.f('ix_mentions_article_id'), 'mentions', ['article_id'], unique=False)
    op.create_index(op.f('ix_mentions_cso_id'), 'mentions', ['cso_id'], unique=False)
    op.create_table('quotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('speaker', sa.Text(), nullable=True),
    sa.Column('paragraph', sa.Integer(), nullable=False),
    sa.Column('paragraphs', sa.JSON(), nullable=False),
    sa.Column('partial', sa.Boolean(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_quotes_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes')),
    sa.UniqueConstraint('article_id', 'idx', name=op.f('uq_quotes_article_id_idx'))
    )
    op.create_table('clipping_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clipping_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['clipping_id'], ['clippings.id'], name=op.f('fk_clipping_events_clipping_id_clippings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clipping_events'))
    )
    op.create_index(op.f('ix_clipping_events_clipping_id'), 'clipping_events', ['clipping_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_clipping_events_clipping_id'), table_name='clipping_events')
    op.drop_table('clipping_events')
    op.drop_table('quotes')
    op.drop_index(op.f('ix_mentions_cso_id'), table_name='mentions')
    op.drop_index(op.f('ix_mentions_article_id'), table_name='mentions')
    op.drop_table('mentions')
    op.drop_index('ix_clippings_week_end_cso_id', table_name='clippings')
    op.drop_table('clippings')
    op.drop_table('article_versions')
    op.drop_table('fetch_state')
    op.drop_table('crawl_outlet_stats')
    op.drop_index(op.f('ix_bad_pages_run_id'), table_name='bad_pages')
    op.drop_table('bad_pages')
    op.drop_index('ix_articles_outlet_id_published', table_name='articles')
    op.drop_table('articles')
    op.drop_table('outlets')
    op.drop_table('csos')
    op.drop_table('crawl_runs')
