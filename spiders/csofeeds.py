"""The news feeds of the CSOs' own websites (csos.yaml ``feeds``), stored as their statements.

One configured outlet (``spider = "csofeeds"``) reads every feed the registry lists. Its
articles are discovered, fetched and extracted as any generic outlet's (feeds, the frontier,
the generic extractor), with two differences: the hosts it owns are the feeds' hosts (and the
CSOs' ``domains``), each fetched as it is (no ``base_url`` mapping: every feed is an absolute
URL), and each page is a statement whose author is the CSO that lists the feed of its host.

A feed that fails (moved: 404; not a feed) is one line under the outlet's summary line and
fails the outlet; the other feeds and outlets go on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Response

from spiders.base import DiscoverySpider
from spiders.items import FetchedPage, SourceRead
from spiders.outlet import Outlet
from spiders.summary import note_problem


@dataclass(frozen=True)
class CsoSites(Outlet):
    """The CSOs' websites as one outlet: it owns their hosts (``sites``, host -> CSO id) and
    fetches every URL as it is."""

    sites: tuple[tuple[str, str], ...] = ()

    def cso_of(self, url: str) -> str | None:
        """The CSO whose site ``url`` is on (its host or a subdomain of it), else None."""
        host = (urlsplit(url).netloc or "").lower()
        bare = host.split("@")[-1]
        for site, cso in self.sites:
            if bare == site or bare.endswith("." + site) or bare.removeprefix("www.") == site:
                return cso
        return None

    def fetch_url(self, url: str) -> str:
        return url

    def public_url(self, url: str) -> str:
        return url

    def owns(self, url: str) -> bool:
        return urlsplit(url).scheme in ("http", "https") and self.cso_of(url) is not None


class CsoFeedsSpider(DiscoverySpider):
    family = "generic"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.feed_owner: dict[str, str] = {}  # feed URL -> the CSO's name (for the summary)

    async def start(self) -> AsyncIterator[Any]:
        from spiders.registry_store import registry_for_crawl

        sites: dict[str, str] = {}
        feeds: list[str] = []
        for cso in registry_for_crawl(self.crawler):
            for url in cso.feeds:
                feeds.append(url)
                self.feed_owner[url] = cso.name
                sites.setdefault((urlsplit(url).netloc or "").lower().removeprefix("www."), cso.id)
            for domain in cso.domains:
                sites.setdefault(domain, cso.id)
        # the class is this outlet's own (``crawler.spiderloader.spider_class``): its outlet
        # becomes the CSOs' sites the registry lists
        type(self).outlet = CsoSites(
            **{f.name: getattr(self.outlet, f.name) for f in dataclasses.fields(Outlet)}
            | {"feeds": tuple(feeds), "sitemaps": (), "robots_sitemaps": False},
            sites=tuple(sites.items()),
        )
        if not feeds:
            self.crawler.stats.set_value(
                "csowatch/source_error", "no CSO in the registry lists a feed of its website"
            )
        async for item in super().start():
            yield item

    def parse_article(self, response: Response) -> Iterator[FetchedPage]:
        for page in super().parse_article(response):
            assert isinstance(self.outlet, CsoSites)
            page.kind = "statement"
            page.author_cso = self.outlet.cso_of(page.canonical)
            if page.author_cso is None:  # redirected off the CSOs' sites: not their words
                page.kind = "article"
            yield page

    def _source_read(self, request: Any, kind: str, **kwargs: Any) -> SourceRead:
        read = super()._source_read(request, kind, **kwargs)
        if not read.ok:
            url = request.meta.get("frontier_url") or request.url
            owner = self.feed_owner.get(url) or self.feed_owner.get(read.url)
            note_problem(
                self.crawler.stats,
                f"feed {url}{f' ({owner})' if owner else ''}: {read.detail}",
            )
        return read
