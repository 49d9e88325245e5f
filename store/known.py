"""What the crawler already has: stored articles and remembered skipped URLs of an outlet.

The spider loads this once per run and does not fetch a URL again unless its sitemap
``lastmod`` has moved past the one seen when it was last fetched.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from store.coltypes import utcnow
from store.models import ArticleRow, Outlet, SkippedURL
from store.registry import outlet_id


@dataclass(frozen=True)
class KnownArticle:
    """One known URL. ``stored`` is False for a skipped URL (then ``id``/``content_hash``
    are None): fetched once, not kept, e.g. published outside the run's window."""

    id: int | None
    canonical_url: str
    external_id: str | None
    content_hash: str | None
    sitemap_lastmod: datetime | None
    etag: str | None
    last_modified_header: str | None
    last_fetched: datetime
    published: datetime | None
    stored: bool = True


@dataclass
class KnownArticles:
    """An outlet's known URLs: stored articles by canonical URL and by the outlet's own id,
    and skipped URLs. Iterating yields every entry (stored ones first)."""

    by_url: dict[str, KnownArticle]
    by_external_id: dict[str, KnownArticle]
    skipped: dict[str, KnownArticle] = field(default_factory=dict)

    def get(
        self, canonical_url: str | None = None, external_id: str | None = None
    ) -> KnownArticle | None:
        """The stored article by external id, else by URL, else the skipped URL, else None."""
        if external_id is not None and external_id in self.by_external_id:
            return self.by_external_id[external_id]
        if canonical_url is None:
            return None
        return self.by_url.get(canonical_url) or self.skipped.get(canonical_url)

    def __iter__(self) -> Iterator[KnownArticle]:
        yield from self.by_url.values()
        yield from (k for url, k in self.skipped.items() if url not in self.by_url)

    def __len__(self) -> int:
        return len(self.by_url) + len(self.skipped.keys() - self.by_url.keys())

    def __contains__(self, canonical_url: object) -> bool:
        return canonical_url in self.by_url or canonical_url in self.skipped


def known_articles(session: Session, outlet_key: str) -> KnownArticles:
    """Everything the spider needs to skip what it has, for one outlet."""
    rows = session.execute(
        select(
            ArticleRow.id,
            ArticleRow.canonical_url,
            ArticleRow.external_id,
            ArticleRow.content_hash,
            ArticleRow.sitemap_lastmod,
            ArticleRow.etag,
            ArticleRow.last_modified_header,
            ArticleRow.last_fetched,
            ArticleRow.published,
        )
        .join(Outlet)
        .where(Outlet.key == outlet_key)
    )
    known = [KnownArticle(*row) for row in rows]
    skipped_rows = session.execute(
        select(
            SkippedURL.canonical_url,
            SkippedURL.sitemap_lastmod,
            SkippedURL.last_seen,
            SkippedURL.published,
        )
        .join(Outlet)
        .where(Outlet.key == outlet_key)
    )
    skipped = {
        url: KnownArticle(None, url, None, None, lastmod, None, None, seen, published, False)
        for url, lastmod, seen, published in skipped_rows
    }
    return KnownArticles(
        by_url={k.canonical_url: k for k in known},
        by_external_id={k.external_id: k for k in known if k.external_id is not None},
        skipped=skipped,
    )


def remember_skipped(
    session: Session,
    canonical_url: str,
    outlet_key: str,
    lastmod: datetime | None = None,
    *,
    published: datetime | None = None,
    reason: str = "outside_window",
    at: datetime | None = None,
) -> None:
    """Remember a fetched-but-not-stored URL (or refresh its lastmod). No-op if the
    article is stored (the article row is then what the spider should see)."""
    stored = session.scalars(
        select(ArticleRow.id).where(ArticleRow.canonical_url == canonical_url)
    ).first()
    if stored is not None:
        return
    now = at or utcnow()
    row = session.scalars(
        select(SkippedURL).where(SkippedURL.canonical_url == canonical_url)
    ).one_or_none()
    if row is None:
        row = SkippedURL(
            canonical_url=canonical_url, outlet_id=outlet_id(session, outlet_key), first_seen=now
        )
        session.add(row)
    row.sitemap_lastmod = lastmod if lastmod is not None else row.sitemap_lastmod
    row.published = published if published is not None else row.published
    row.reason, row.last_seen = reason, now
    session.flush()


def record_lastmods(session: Session, lastmods: dict[str, datetime], run_started: datetime) -> int:
    """Remember the sitemap lastmod of pages fetched this run, and a first lastmod for pages
    stored without one (found through a feed), so later edits are noticed."""
    if not lastmods:
        return 0
    # a run can fetch tens of thousands of pages: only the four columns needed are read, a
    # chunk at a time, and written back with one bulk UPDATE by primary key a chunk (loading
    # the whole rows, their texts with them, took about 9 KB a page at the end of the run)
    changed = 0
    urls = list(lastmods)
    for start in range(0, len(urls), LASTMOD_CHUNK):
        found = session.execute(
            select(
                ArticleRow.id,
                ArticleRow.canonical_url,
                ArticleRow.last_fetched,
                ArticleRow.sitemap_lastmod,
            ).where(ArticleRow.canonical_url.in_(urls[start : start + LASTMOD_CHUNK]))
        )
        updates = [
            {"id": id_, "sitemap_lastmod": lastmods[url]}
            for id_, url, last_fetched, sitemap_lastmod in found
            if sitemap_lastmod is None or (last_fetched is not None and last_fetched >= run_started)
        ]
        if updates:
            session.execute(update(ArticleRow), updates)
            changed += len(updates)
    return changed


LASTMOD_CHUNK = 500
