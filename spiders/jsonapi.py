"""Outlets whose site is a JavaScript application with a JSON API: Meduza, Novaya Gazeta Europe.

Their article pages are empty shells a script fills from the site's API, so a crawler that
reads pages (or drives a browser) is the wrong tool: the API gives the text and the metadata
directly. One family class, ``DocumentSpider``, does what both need; ``MeduzaSpider`` and
``NovayaGazetaSpider`` only name their rule module (``pipelines.extract.rules.meduza`` /
``novayagazeta``), which knows the outlet's URLs and its JSON. The two sites differ in
every detail (paths, query, listing shape, seconds or milliseconds) but not in the shape of
the crawl, so the details live in the rule modules, one per outlet, and the crawl here:

- **Discovery**: the configured ``feeds`` are RSS feeds as for any outlet, or the API's own
  listings (a feed URL under the API's path, ``/api/w5/search?…`` or ``/api/v1/get/main``),
  read as JSON by the rule module's ``listing``. Both are kept as feeds in the store (their
  validators, empty-feed alerts), so a listing that answers HTML or moves is one failed
  source with its reason, like a feed.
- **Which URLs**: the rule module's article pattern, and the outlet's edition: the Russian
  and the English outlet share a host, so each keeps only its own language's URLs (Meduza:
  ``/en/…``; Novaya Gazeta Europe: slugs ending ``-en``).
- **Fetch**: each article's API document (``api_url``), while the article keeps its public
  URL everywhere else (frontier, store, bad pages, the WARC record's canonical URL). The
  extraction (``extract_article`` with the family) reads the JSON; a document that does not
  parse or has no body is a bad page with its reason, like any page.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from types import ModuleType
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response

from pipelines.extract.rules import meduza, novayagazeta
from pipelines.extract.rules.document import DocumentError, parse_json
from pipelines.urlrules import UrlMatch
from spiders.base import Candidate, DiscoverySpider
from spiders.state import Window
from store.frontier import Pending


class DocumentSpider(DiscoverySpider):
    """An API outlet: RSS or API listings to discover, API documents to fetch."""

    rules: ClassVar[ModuleType]

    def consider(
        self, c: Candidate, *, window: Window | None = None, resumed: bool = False
    ) -> Iterator[tuple[Pending, bool]]:
        url = self.rules.normalise(c.url)
        if url != c.url:
            c = Candidate(url, c.published, c.lastmod, c.source)
        yield from super().consider(c, window=window, resumed=resumed)

    def is_article(self, public: str, verdict: UrlMatch | None = None) -> bool:
        """An article of this outlet's edition (the API family's URL rule, by language), and
        not refused by the outlet's own URL rules."""
        if not self.rules.is_article_url(public, self.outlet.language):
            return False
        return super().is_article(public, verdict)

    def published_from_url(self, url: str) -> date | None:
        day = self.rules.published_day(url)
        if day is None:
            return None
        try:
            return date(*day)
        except ValueError:
            return None

    def _article_request(self, entry: Pending, known: bool) -> scrapy.Request:
        request = super()._article_request(entry, known)
        return request.replace(url=self.outlet.fetch_url(self.rules.api_url(entry.url)))

    def parse_feed(self, response: Response) -> Iterator[Any]:
        if not self.rules.is_listing_url(response.url):
            yield from super().parse_feed(response)
            return
        if response.status == 304:
            yield self._not_modified(response, "feed")
            return
        try:
            text = response.body.decode("utf-8-sig", errors="replace")
            entries = self.rules.listing(parse_json(text), self.outlet.site_url)
        except DocumentError as exc:
            yield self._source_broken(response, "feed", f"not an API listing: {exc}")
            return
        planned: list[tuple[Pending, bool]] = []
        for entry in entries:
            planned.extend(self.consider(Candidate(entry.url, entry.published, None, "listing")))
        yield self._source_ok(response, "feed", len(entries), [p for p, _ in planned])
        self._queue(planned)  # queued only once the store has the frontier entries


class MeduzaSpider(DocumentSpider):
    family = "meduza"
    rules: ClassVar[ModuleType] = meduza


class NovayaGazetaSpider(DocumentSpider):
    family = "novayagazeta"
    rules: ClassVar[ModuleType] = novayagazeta
