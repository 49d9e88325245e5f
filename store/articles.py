"""Articles: what the crawler knows, saving a fetched article, and reading articles back.

``save_article`` is idempotent: an article is found by its canonical URL or by the outlet's
own id, whichever URL variant it was fetched under; a changed content hash moves the old
content to ``article_versions`` and bumps ``version``. Two sessions racing to insert the same
article end with one row: the insert is ``INSERT .. ON CONFLICT DO NOTHING`` and the loser
then updates the winner's row (locked with ``SELECT .. FOR UPDATE`` on PostgreSQL; SQLite
write transactions are serialised by ``BEGIN IMMEDIATE``, see ``store.db``).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Literal

from sqlalchemy import delete, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from pipelines.types import Article, Mention, Quote, StoryPrint
from store.errors import StoreError
from store.matches import load_matches, replace_matches
from store.models import ArticleRow, ArticleVersion, Outlet, SkippedURL
from store.registry import outlet_id as _outlet_id
from store.search_index import index_article
from store.stories import assign as assign_story

SaveStatus = Literal["new", "updated", "unchanged"]


@dataclass(frozen=True)
class SaveResult:
    status: SaveStatus
    article_id: int
    version: int


def content_hash(title: str, paragraphs: list[str]) -> str:
    """sha256 hex of the title and paragraphs, NFC-normalised, whitespace collapsed, empty
    paragraphs dropped: re-extraction noise does not count as an edit."""
    parts = [" ".join(unicodedata.normalize("NFC", s or "").split()) for s in [title, *paragraphs]]
    payload = "\n".join([parts[0], *(p for p in parts[1:] if p)])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def save_article(
    session: Session,
    article: Article,
    *,
    outlet_key: str,
    fetched_at: datetime,
    http_status: int | None = 200,
    etag: str | None = None,
    last_modified: str | None = None,
    sitemap_lastmod: datetime | None = None,
    week_ends_on: str = "friday",
    search_terms: Mapping[str, str] | None = None,
    story: StoryPrint | None = None,
) -> SaveResult:
    """Insert or update ``article`` with its mentions, quotes and candidate clippings.

    Runs in the caller's transaction and does not commit. The stored ``canonical_url`` is
    the first one seen (``url`` is the latest); ``published`` is kept when a re-fetch lost it,
    and so is a statement's author when a re-extraction does not name one.
    ``search_terms``: the article's ``store.search_index.article_search_values``, when the
    caller computed them already (the crawl does, in its analysis workers).
    ``story``: the article's ``pipelines.stories.story_print``; the article joins the story of
    its copies (``store.stories.assign``) when it is new, changed, not signed yet, or links
    to other hosts (the links are not part of the content hash). Without it a new article is
    a story of its own.
    """
    if fetched_at.tzinfo is None:
        raise ValueError("fetched_at must be timezone-aware (UTC)")
    outlet = _outlet_id(session, outlet_key)
    digest = content_hash(article.title, article.paragraphs)
    row = _find(session, outlet, article)
    status: SaveStatus = "unchanged"
    if row is None:
        new_id = _insert(session, outlet, article, digest, fetched_at)
        if new_id is not None:
            row, status = session.get_one(ArticleRow, new_id), "new"
        else:  # lost a race: someone else inserted it a moment ago
            row = _find(session, outlet, article)
            if row is None:
                raise StoreError(f"article {article.canonical_url} conflicts with another row")
    if status != "new":
        if row.content_hash != digest:
            _archive_version(session, row, fetched_at)
            row.version += 1
            row.last_changed = fetched_at
            status = "updated"
        _apply_content(row, article, digest)
    row.url = article.url
    if row.external_id is None and article.article_id:
        row.external_id = article.article_id
    row.last_fetched = fetched_at
    row.http_status, row.etag, row.last_modified_header = http_status, etag, last_modified
    if sitemap_lastmod is not None:
        row.sitemap_lastmod = sitemap_lastmod
    session.flush()
    if story is not None and (status != "unchanged" or row.story_size is None or story.sources):
        # an unchanged page with links to other hosts: its links may be new to the store
        assign_story(session, row, story)
    elif row.story_id is None:
        row.story_id = row.id
    index_article(session, row, search_terms)  # the full-text index in step (store.search_index)
    if status == "new":
        session.execute(delete(SkippedURL).where(SkippedURL.canonical_url == row.canonical_url))
    replace_matches(session, row.id, article.mentions, article.quotes, week_ends_on)
    return SaveResult(status=status, article_id=row.id, version=row.version)


def _find(session: Session, outlet: int, article: Article) -> ArticleRow | None:
    """The stored row for ``article``, locked for update; the outlet's own id wins over the URL."""
    cond = [ArticleRow.canonical_url == article.canonical_url]
    if article.article_id:
        cond.append(
            (ArticleRow.outlet_id == outlet) & (ArticleRow.external_id == article.article_id)
        )
    query = (
        select(ArticleRow)
        .where(or_(*cond))
        .with_for_update(of=ArticleRow)
        .execution_options(populate_existing=True)
    )
    rows = list(session.scalars(query).unique())
    by_id = [r for r in rows if article.article_id and r.external_id == article.article_id]
    found = by_id or rows
    return found[0] if found else None


def _insert(
    session: Session, outlet: int, article: Article, digest: str, fetched_at: datetime
) -> int | None:
    values = _content_values(article, digest) | {
        "outlet_id": outlet,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "external_id": article.article_id or None,
        "version": 1,
        "first_seen": fetched_at,
        "last_fetched": fetched_at,
        "last_changed": fetched_at,
    }
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = (
        dialect.insert(ArticleRow.__table__)
        .values(**values)
        .on_conflict_do_nothing()
        .returning(ArticleRow.__table__.c.id)
    )
    return session.execute(stmt).scalar_one_or_none()


def _content_values(article: Article, digest: str) -> dict[str, object]:
    return {
        "title": article.title or "",
        "subtitle": article.subtitle,
        "lead": article.lead,
        "authors": list(article.authors),
        "published": article.published,
        "modified": article.modified,
        "language": article.language,
        "section": article.section,
        "tags": list(article.tags),
        "text": article.text,
        "paragraphs": list(article.paragraphs),
        "content_hash": digest,
        "extractor": article.extractor,
        "extraction_notes": list(article.extraction_notes),
        "field_sources": dict(article.field_sources),
        "kind": article.kind,
        "author_cso_id": article.author_cso,
    }


def _apply_content(row: ArticleRow, article: Article, digest: str) -> None:
    published, kind, author = row.published, row.kind, row.author_cso_id
    for key, value in _content_values(article, digest).items():
        setattr(row, key, value)
    if row.published is None:
        row.published = published
    if kind == "statement" and article.author_cso is None:
        # re-extracted from the archive (``csowatch reprocess``), which does not know whose
        # channel it was: still the CSO's statement
        row.kind, row.author_cso_id = kind, author


def _archive_version(session: Session, row: ArticleRow, superseded_at: datetime) -> None:
    session.add(
        ArticleVersion(
            article_id=row.id,
            version=row.version,
            content_hash=row.content_hash,
            title=row.title,
            subtitle=row.subtitle,
            lead=row.lead,
            authors=list(row.authors or []),
            paragraphs=list(row.paragraphs or []),
            modified=row.modified,
            fetched_at=row.last_changed,
            superseded_at=superseded_at,
        )
    )


def row_to_article(
    row: ArticleRow, mentions: list[Mention] | None = None, quotes: list[Quote] | None = None
) -> Article:
    """The ``Article`` dataclass for a stored row (mentions/quotes only if passed; see
    ``load_article``). ``links`` are not stored, so they come back empty."""
    return Article(
        url=row.url,
        canonical_url=row.canonical_url,
        outlet=row.outlet.key,
        article_id=row.external_id,
        title=row.title,
        subtitle=row.subtitle,
        lead=row.lead,
        authors=list(row.authors or []),
        published=row.published,
        modified=row.modified,
        language=row.language,
        section=row.section,
        paragraphs=list(row.paragraphs or []),
        tags=list(row.tags or []),
        quotes=list(quotes or []),
        mentions=list(mentions or []),
        extractor=row.extractor,
        extraction_notes=list(row.extraction_notes or []),
        field_sources=dict(row.field_sources or {}),
        kind=row.kind,
        author_cso=row.author_cso_id,
    )


def load_article(session: Session, article_id: int) -> Article | None:
    """A stored article with its stored mentions and quotes, or None."""
    row = session.get(ArticleRow, article_id)
    if row is None:
        return None
    mentions, quotes = load_matches(session, article_id)
    return row_to_article(row, mentions, quotes)


def iter_articles(
    session: Session,
    since: date | datetime | None = None,
    *,
    outlet_key: str | None = None,
    batch_size: int = 500,
) -> Iterator[ArticleRow]:
    """Stored articles in id order, in batches (keyset paging: safe to write, even commit,
    between items). ``since`` filters on the published date, else first seen."""
    last_id = 0
    while True:
        query = select(ArticleRow).where(ArticleRow.id > last_id)
        if since is not None:
            query = query.where(
                func.coalesce(ArticleRow.published, ArticleRow.first_seen) >= _as_datetime(since)
            )
        if outlet_key is not None:
            query = query.join(Outlet).where(Outlet.key == outlet_key)
        rows = list(session.scalars(query.order_by(ArticleRow.id).limit(batch_size)).unique())
        yield from rows
        if len(rows) < batch_size:
            return
        last_id = rows[-1].id


def _as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time.min, tzinfo=UTC)
