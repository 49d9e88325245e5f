"""What spiders hand to the item pipelines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.http import Response

    from pipelines.stories import Print
    from pipelines.types import Article
    from store.frontier import Pending


@dataclass
class FetchedPage:
    """A downloaded article page, before extraction."""

    outlet: str
    url: str  # the URL that was requested
    canonical: str  # the public canonical URL found at discovery
    final_url: str  # the URL after redirects
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    lastmod: datetime | None = None
    known: bool = False
    # the date window of the run that scheduled the page (a resumed page keeps its own)
    window_since: datetime | None = None
    window_until: datetime | None = None
    article: Article | None = field(default=None, repr=False)
    # the article's search-index terms, computed with it (store.search_index)
    search_terms: dict[str, str] | None = field(default=None, repr=False)
    # the article's story print, made with it (pipelines.stories)
    story: Print | None = field(default=None, repr=False)
    # "statement": a CSO's own words (its Telegram post, its website's news), by ``author_cso``
    kind: str = "article"
    author_cso: str | None = None

    @classmethod
    def from_response(cls, response: Response, outlet: str) -> FetchedPage:
        headers = {
            k.decode("latin-1"): b", ".join(v).decode("latin-1")
            for k, v in response.headers.items()
        }
        meta = response.meta
        return cls(
            outlet=outlet,
            url=meta.get("redirect_urls", [response.url])[0],
            canonical=meta.get("canonical", response.url),
            final_url=response.url,
            status=response.status,
            headers=headers,
            body=response.body,
            fetched_at=datetime.now(UTC),
            lastmod=meta.get("lastmod"),
            known=bool(meta.get("known")),
            window_since=meta.get("window_since"),
            window_until=meta.get("window_until"),
        )

    @property
    def content_type(self) -> str:
        for k, v in self.headers.items():
            if k.lower() == "content-type":
                return v
        return ""


@dataclass
class BadPage:
    """An article page that could not be stored: HTTP error, no body, wrong charset…"""

    outlet: str
    url: str
    reason: str
    http_status: int | None = None
    detail: str = ""

    @property
    def passing(self) -> bool:
        """A failure the next run should try again (server errors, throttling, the network)."""
        return self.reason.startswith("network-") or self.reason in PASSING_REASONS


# Bad-page reasons worth another try by a later run (the frontier keeps the page).
PASSING_REASONS = frozenset(
    {"http-408", "http-429", "http-500", "http-502", "http-503", "http-504", "http-522"}
    | {"http-524"}
)


@dataclass
class Unscheduled:
    """A scheduled page (or child sitemap) that will not be fetched (robots.txt forbids it):
    it leaves the frontier without becoming an article or a bad page."""

    outlet: str
    url: str
    reason: str
    kind: str = "article"


@dataclass
class SourceRead:
    """How a feed or sitemap answered, with the pages and child sitemaps it scheduled: the
    store pipeline writes the validators and the frontier entries in one transaction."""

    outlet: str
    url: str
    kind: str  # feed | sitemap
    ok: bool
    items: int | None  # entries parsed; None when not parsed (304, an error)
    status: int | None
    etag: str | None = None
    last_modified: str | None = None
    detail: str = ""
    scheduled: list[Pending] = field(default_factory=list)
    frontier_url: str | None = None  # a child sitemap's own frontier entry
    # the run's date window the entries were judged by (until None: open-ended, a cron run)
    window_since: datetime | None = None
    window_until: datetime | None = None
