"""SQLAlchemy 2 models: the truth the Alembic migrations are written to match.

Table and column names are the analysts' contract (see docs/schema.md). Every timestamp is an
aware UTC datetime (``UTCDateTime``); lists and dicts are portable ``JSON`` columns. Status
columns are short strings guarded by CHECK constraints rather than native enums, so that adding
a value is a one-line migration on both backends.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from store.coltypes import UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CLIPPING_STATUSES = ("candidate", "approved", "rejected")
# article: a page of an outlet; statement: a CSO's own words (its Telegram post, its site's news)
ARTICLE_KINDS = ("article", "statement")
# where a CSO speaks for itself (csos.yaml ``telegram`` and ``feeds``)
CSO_SOURCE_KINDS = ("telegram", "feed")
EXCERPT_KINDS = ("lead", "paragraph", "quote", "custom")
# interrupted: stopped by SIGTERM/SIGINT; abandoned: found ``running`` with its process gone
RUN_STATUSES = ("running", "ok", "failed", "partial", "interrupted", "abandoned")
OUTLET_RUN_STATUSES = ("ok", "failed", "interrupted")
FRONTIER_KINDS = ("article", "sitemap")
FETCH_KINDS = ("feed", "sitemap", "robots")
COUNT_FIELDS = (
    "discovered",
    "fetched",
    "new",
    "updated",
    "unchanged",
    "skipped_known",
    "failed",
    "bad_pages",
    "feeds_empty",
    "store_errors",
    "resumed",
    # extraction health (``spiders/health.py``): of the ``fetched`` article pages, those that
    # gave a body; of those, the ones with a date and with an author
    "with_body",
    "with_date",
    "with_authors",
)
# An outlet's extraction health in a run (``spiders/health.py``); NULL: recorded before
# health was counted (migration 0011)
HEALTH_STATES = ("unjudged", "ok", "dropped", "accepted", "superseded")


def _one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


class Outlet(Base):
    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    base_url: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    spider: Mapped[str | None] = mapped_column(String(64))


class ArticleRow(Base):
    """One article, whatever URL variant it was reached by; the current version's content."""

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("outlet_id", "external_id"),
        Index("ix_articles_outlet_id_published", "outlet_id", "published"),
        _one_of("kind", ARTICLE_KINDS, "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"))
    url: Mapped[str] = mapped_column(Text)
    canonical_url: Mapped[str] = mapped_column(Text, unique=True)
    external_id: Mapped[str | None] = mapped_column(String(128))
    title: Mapped[str] = mapped_column(Text, default="")
    subtitle: Mapped[str | None] = mapped_column(Text)
    lead: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list[Any]] = mapped_column(default=list)
    published: Mapped[datetime | None]
    modified: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(16))
    section: Mapped[str | None] = mapped_column(String(200))
    tags: Mapped[list[Any]] = mapped_column(default=list)
    text: Mapped[str] = mapped_column(Text, default="")
    paragraphs: Mapped[list[Any]] = mapped_column(default=list)
    content_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    # how the current version was extracted (NULL: stored before revision 0010)
    extractor: Mapped[str | None] = mapped_column(String(32))
    extraction_notes: Mapped[list[Any] | None] = mapped_column()
    field_sources: Mapped[dict[str, Any] | None] = mapped_column()
    # "statement": the CSO ``author_cso_id`` speaking for itself (revision 0012)
    kind: Mapped[str] = mapped_column(String(16), default="article", server_default="article")
    author_cso_id: Mapped[str | None] = mapped_column(ForeignKey("csos.id"), index=True)
    sitemap_lastmod: Mapped[datetime | None]
    http_status: Mapped[int | None] = mapped_column(Integer)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified_header: Mapped[str | None] = mapped_column(Text)
    first_seen: Mapped[datetime]
    last_fetched: Mapped[datetime]
    last_changed: Mapped[datetime]
    # one story, counted once (revision 0013, ``store/stories.py``): the id of the story's
    # first article (its own id when alone; NULL: not grouped yet, ``csowatch stories
    # rebuild``), the MinHash signature of the current version and its shingle count
    story_id: Mapped[int | None] = mapped_column(Integer, index=True)
    story_signature: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    story_size: Mapped[int | None] = mapped_column(Integer)

    outlet: Mapped[Outlet] = relationship(lazy="joined", innerjoin=True)


class StoryBand(Base):
    """An article's LSH band keys (``band`` ≥ 0), its own URL's key (``URL_BAND``) and the keys
    of the sources its body links to (``LINK_BAND``): one index lookup a key finds the
    candidates of the same story, however large the store."""

    __tablename__ = "story_bands"
    # SQLite: the primary key is the table (no rowid copy of 28 rows an article)
    __table_args__ = {"sqlite_with_rowid": False}

    band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ArticleVersion(Base):
    """A PREVIOUS version of an article (the current one lives in `articles`)."""

    __tablename__ = "article_versions"
    __table_args__ = (UniqueConstraint("article_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    subtitle: Mapped[str | None] = mapped_column(Text)
    lead: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list[Any]] = mapped_column(default=list)
    paragraphs: Mapped[list[Any]] = mapped_column(default=list)
    modified: Mapped[datetime | None]
    fetched_at: Mapped[datetime]  # when this version was first seen
    superseded_at: Mapped[datetime]  # the fetch that found the next version


class CSO(Base):
    """A tracked organisation; ``data`` holds aliases/people/domains/ambiguous as in csos.yaml."""

    __tablename__ = "csos"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    descriptor: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class CSOSource(Base):
    """A CSO's own channel, imported from csos.yaml: a public Telegram channel (``address`` is
    its name) or its website's news feed (``address`` is the feed's URL). The crawl's
    ``telegram`` and ``csofeeds`` outlets read them; what they store is the CSO's statements."""

    __tablename__ = "cso_sources"
    __table_args__ = (
        UniqueConstraint("kind", "address"),
        _one_of("kind", CSO_SOURCE_KINDS, "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cso_id: Mapped[str] = mapped_column(ForeignKey("csos.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)  # the order csos.yaml lists them


class MentionRow(Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    cso_id: Mapped[str] = mapped_column(ForeignKey("csos.id"), index=True)
    surface: Mapped[str] = mapped_column(Text)
    field: Mapped[str] = mapped_column(String(16))
    paragraph: Mapped[int | None] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    via: Mapped[str] = mapped_column(String(16), default="name")
    in_title: Mapped[bool] = mapped_column(Boolean, default=False)
    in_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    # what made the matcher count it and how far to trust it (NULL: stored before 0014)
    evidence: Mapped[str | None] = mapped_column(String(16))
    confidence: Mapped[str | None] = mapped_column(String(8))


class QuoteRow(Base):
    __tablename__ = "quotes"
    __table_args__ = (UniqueConstraint("article_id", "idx"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    idx: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str | None] = mapped_column(Text)
    paragraph: Mapped[int] = mapped_column(Integer)
    paragraphs: Mapped[list[Any]] = mapped_column(default=list)
    partial: Mapped[bool] = mapped_column(Boolean, default=False)
    start: Mapped[int] = mapped_column(Integer, default=0)
    end: Mapped[int] = mapped_column(Integer, default=0)


class Clipping(Base):
    """An article proposed for (or decided into) a CSO's weekly item."""

    __tablename__ = "clippings"
    __table_args__ = (
        UniqueConstraint("article_id", "cso_id"),
        Index("ix_clippings_week_end_cso_id", "week_end", "cso_id"),
        _one_of("status", CLIPPING_STATUSES, "status"),
        _one_of("excerpt_kind", EXCERPT_KINDS, "excerpt_kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    cso_id: Mapped[str] = mapped_column(ForeignKey("csos.id"))
    week_end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="candidate")
    excerpt: Mapped[str] = mapped_column(Text, default="")
    excerpt_kind: Mapped[str] = mapped_column(String(16), default="lead")
    excerpt_ref: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int | None] = mapped_column(Integer)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ClippingEvent(Base):
    """Audit trail: one row per editor action, with the clipping's fields before and after."""

    __tablename__ = "clipping_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clipping_id: Mapped[int] = mapped_column(
        ForeignKey("clippings.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class CrawlRun(Base):
    __tablename__ = "crawl_runs"
    __table_args__ = (_one_of("status", RUN_STATUSES, "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="running")
    since: Mapped[date | None] = mapped_column(Date)  # the run's date window, inclusive
    until: Mapped[date | None] = mapped_column(Date)
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    pid: Mapped[int | None] = mapped_column(Integer)
    host: Mapped[str | None] = mapped_column(String(255))

    outlet_stats: Mapped[list[CrawlOutletStats]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="CrawlOutletStats.outlet_id"
    )


class CrawlOutletStats(Base):
    __tablename__ = "crawl_outlet_stats"
    __table_args__ = (
        _one_of("status", OUTLET_RUN_STATUSES, "status"),
        _one_of("health", HEALTH_STATES, "health"),
    )

    run_id: Mapped[int] = mapped_column(
        ForeignKey("crawl_runs.id", ondelete="CASCADE"), primary_key=True
    )
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"), primary_key=True)
    discovered: Mapped[int] = mapped_column(Integer, default=0)
    fetched: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    skipped_known: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    bad_pages: Mapped[int] = mapped_column(Integer, default=0)
    feeds_empty: Mapped[int] = mapped_column(Integer, default=0)
    store_errors: Mapped[int] = mapped_column(Integer, default=0)
    resumed: Mapped[int] = mapped_column(Integer, default=0)
    with_body: Mapped[int] = mapped_column(Integer, default=0)
    with_date: Mapped[int] = mapped_column(Integer, default=0)
    with_authors: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="ok")
    message: Mapped[str | None] = mapped_column(Text)
    health: Mapped[str | None] = mapped_column(String(16))

    run: Mapped[CrawlRun] = relationship(back_populates="outlet_stats")
    outlet: Mapped[Outlet] = relationship(lazy="joined", innerjoin=True)

    @property
    def counts(self) -> dict[str, int]:
        """The counts as a dict, in ``COUNT_FIELDS`` order."""
        return {name: getattr(self, name) for name in COUNT_FIELDS}


class FetchState(Base):
    """Conditional-GET memory and health for every feed, sitemap and robots.txt."""

    __tablename__ = "fetch_state"
    __table_args__ = (_one_of("kind", FETCH_KINDS, "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"))
    kind: Mapped[str] = mapped_column(String(16))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_fetched: Mapped[datetime | None]
    items_last: Mapped[int | None] = mapped_column(Integer)
    empty_runs: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # The date window of the run that read the version the validators stand for: a 304 only
    # means "nothing new" for a run whose window this covers (``window_until`` NULL: the run
    # was open-ended, up to the moment it read the source).
    window_since: Mapped[datetime | None]
    window_until: Mapped[datetime | None]


class SkippedURL(Base):
    """An article URL fetched once but not stored (e.g. published outside the run's window):
    remembered so the next run does not download it again unless its lastmod moves."""

    __tablename__ = "skipped_urls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"), index=True)
    canonical_url: Mapped[str] = mapped_column(Text, unique=True)
    sitemap_lastmod: Mapped[datetime | None]
    published: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(String(64), default="outside_window")
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)


class BadPage(Base):
    __tablename__ = "bad_pages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("crawl_runs.id", ondelete="CASCADE"), index=True
    )
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"))
    url: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(64))
    http_status: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class GonePage(Base):
    """An article page that answered 404 or 410: not fetched again until ``next_check``
    (1 day after the first answer, then 7, then every 30 days); the row goes when the page
    answers 200 again."""

    __tablename__ = "gone_pages"
    __table_args__ = (
        UniqueConstraint("outlet_id", "url"),
        CheckConstraint("http_status IN (404, 410)", name="http_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"))
    url: Mapped[str] = mapped_column(Text)  # the public canonical URL
    http_status: Mapped[int] = mapped_column(Integer)  # of the last answer
    first_gone: Mapped[datetime]
    last_checked: Mapped[datetime]
    checks: Mapped[int] = mapped_column(Integer, default=1)  # answers 404/410 in a row
    next_check: Mapped[datetime]


class FrontierEntry(Base):
    """A URL a run has scheduled and not yet finished: an article page (stored, recorded as
    bad or found outside the window ends it) or a child sitemap (parsed ends it).

    Written in the same transaction as the feed's or sitemap's validators, deleted in the same
    transaction as the article, so an interrupted run loses nothing: the next run requests
    what is left here first, whatever its feeds answer."""

    __tablename__ = "crawl_frontier"
    __table_args__ = (
        UniqueConstraint("outlet_id", "kind", "url"),
        _one_of("kind", FRONTIER_KINDS, "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    url: Mapped[str] = mapped_column(Text)  # public canonical URL (article) or fetch URL
    lastmod: Mapped[datetime | None]
    published: Mapped[datetime | None]
    source: Mapped[str | None] = mapped_column(String(16))
    window_since: Mapped[datetime | None]  # the window of the run that found it
    window_until: Mapped[datetime | None]
    depth: Mapped[int] = mapped_column(Integer, default=0)  # sitemap index nesting
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # runs that failed to finish it
    last_error: Mapped[str | None] = mapped_column(Text)
    run_id: Mapped[int | None] = mapped_column(Integer)  # the run that added it
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    """An account on the editors' desk (``csowatch users add NAME``); passwords are argon2."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login: Mapped[datetime | None]
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)


class ApiToken(Base):
    """A token for scripts using the JSON API (``csowatch tokens add NAME``); only its SHA-256
    is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class ArticleSearch(Base):
    """The search index's source: an article's title and body as normalised terms
    (``store.fts``), written by ``save_article``. SQLite indexes it with the FTS5 table
    ``article_fts``; PostgreSQL with the generated ``search_tsv`` column and its GIN index.
    Those three objects are created by migration 0004 and are not in this metadata (see
    ``store.search_index.include_name``)."""

    __tablename__ = "article_search"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    title_terms: Mapped[str] = mapped_column(Text, default="")
    body_terms: Mapped[str] = mapped_column(Text, default="")
    # Copies of the article's filter columns, so a filtered search never reads `articles`:
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"))
    language: Mapped[str | None] = mapped_column(String(16))
    published: Mapped[datetime]  # the article's published date, else first seen
    # the ids of the CSOs the article mentions, space-separated and sorted (kept in step
    # with `mentions` by store.search_index.sync_csos): the CSO filter's facet on PostgreSQL
    csos: Mapped[str] = mapped_column(Text, server_default="")


class DigestSummary(Base):
    """The editor's summary paragraph of a weekly "CSO of the Week" item (the desk's compose
    page, ``csowatch digest``); one row per (week, CSO)."""

    __tablename__ = "digests"
    __table_args__ = (UniqueConstraint("week_end", "cso_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week_end: Mapped[date] = mapped_column(Date)
    cso_id: Mapped[str] = mapped_column(ForeignKey("csos.id"))
    summary: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
