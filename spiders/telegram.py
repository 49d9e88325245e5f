"""The CSOs' public Telegram channels, read from Telegram's web preview ``t.me/s/<channel>``.

One configured outlet (``spider = "telegram"``, ``base_url = "https://t.me"``) reads every
channel the registry lists (csos.yaml ``telegram``). A channel's preview page shows its newest
posts; the spider follows its "more" link (``?before=<id>``) back until it meets the newest post
the store has of that channel (incremental: ``store.statements.stored_posts``; a backfill of a
week before that post reads on, skipping the posts stored) or a post older than the run's
window, at most ``MAX_PAGES`` pages a run. Each post of the channel's own
(text, not a forward or a service line) in the window becomes a ``FetchedPage`` of its own:
its markup, cut from the page, under its permalink ``https://t.me/<channel>/<id>``, a statement
(``kind``) whose author is the CSO. The analysis pool reads it with the ``telegram`` rules
(``pipelines.extract.rules.telegram``) and finds mentions and quotes as in any article.

Polite: robots.txt is obeyed (t.me has none), the outlet's ``crawl_delay`` spaces the
requests. Bad input is one line each under the outlet's summary line (``note_problem``): a
name that is no public channel any more (the preview redirects to a contact page: renamed,
deleted or private) fails the outlet, the other channels are still read; a preview with no
posts counts as an empty feed (failing only after ``empty_feed_alert_runs`` runs in a row).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from pipelines.extract import ExtractionError, decode_html
from pipelines.telegram import Post, Preview, parse_preview
from pipelines.urls import canonical_url
from spiders.base import MAX_SITEMAP_BYTES, DiscoverySpider
from spiders.crawlstore import crawl_store
from spiders.items import FetchedPage, SourceRead
from spiders.state import CrawlState
from spiders.summary import note_problem
from store.statements import ChannelPosts, stored_posts

log = logging.getLogger(__name__)

MAX_PAGES = 50  # preview pages (about 20 posts each) read per channel and run


class TelegramSpider(DiscoverySpider):
    family = "telegram"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # folded channel name -> (CSO id, CSO name, channel name as the registry writes it)
        self.channels: dict[str, tuple[str, str, str]] = {}
        self.stored: dict[str, ChannelPosts] = {}  # folded channel name -> its stored posts

    async def start(self) -> AsyncIterator[Any]:
        from spiders.registry_store import registry_for_crawl

        store = crawl_store(self.crawler)
        self.state = CrawlState.load(
            store, self.outlet.key, self.window, self.settings.getint("CSOWATCH_RUN_ID") or None
        )
        for cso in registry_for_crawl(self.crawler):
            for channel in cso.telegram:
                self.channels.setdefault(channel.casefold(), (cso.id, cso.name, channel))
        with store.read_session() as session:
            self.stored = stored_posts(session, self.outlet.key)
        if not self.channels:
            self.crawler.stats.set_value(
                "csowatch/source_error", "no CSO in the registry lists a Telegram channel"
            )
        for channel in sorted(self.channels):
            yield self._preview_request(self.channels[channel][2], None, 1)

    def _preview_request(self, channel: str, before: int | None, page: int) -> scrapy.Request:
        path = f"/s/{channel}" + (f"?before={before}" if before is not None else "")
        return scrapy.Request(
            self.outlet.base_url + path,
            callback=self.parse_preview,
            errback=self.source_failed,
            meta={
                "source_kind": "feed",
                "channel": channel,
                "page": page,
                "download_maxsize": MAX_SITEMAP_BYTES,
            },
        )

    def _public(self, url: str) -> str:
        return self.outlet.public_url(url)

    def parse_preview(self, response: Response) -> Iterator[Any]:
        channel: str = response.meta["channel"]
        page: int = response.meta["page"]
        cso_id, cso_name, _ = self.channels[channel.casefold()]
        try:
            content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
            text = decode_html(response.body, content_type)
        except ExtractionError as exc:  # an empty or undecodable answer: no preview at all
            text = ""
            log.info("%s: %s: %s", self.outlet.key, response.url, exc)
        preview = parse_preview(text, self._public(response.url))
        shown = f"t.me/s/{channel}"
        if not self._is_channel_page(response, channel, preview):
            redirected = response.meta.get("redirect_urls")
            where = (
                f"; the preview redirected to {self._public(response.url)}" if redirected else ""
            )
            detail = (
                f"{shown} ({cso_name}): no public channel of that name (renamed, deleted or "
                f"made private?){where}"
            )
            note_problem(self.crawler.stats, detail)
            if page == 1:
                yield self._source_broken(response, "feed", detail)
            else:
                self._later_page_failed(detail)
            return
        stats = self.crawler.stats
        if page == 1:
            yield self._source_ok(response, "feed", len(preview.posts), [])
            if not preview.posts:
                note_problem(stats, f"{shown} ({cso_name}): the preview shows no posts")
                log.warning("%s: %s shows no posts", self.outlet.key, shown)
                return
        stats.inc_value("csowatch/discovered", len(preview.posts))
        stored = self.stored.get(channel.casefold(), ChannelPosts())
        for post in preview.posts:
            item = self._statement(post, stored, cso_id, response)
            if item is not None:
                yield item
        if self._go_back(preview, stored, page):
            assert preview.before is not None
            yield self._preview_request(channel, preview.before, page + 1)

    def _is_channel_page(self, response: Response, channel: str, preview: Preview) -> bool:
        """The answer is the channel's preview: still at ``/s/<channel>`` and showing a channel
        (a renamed or deleted name redirects to ``t.me/<name>``, a contact page)."""
        path = urlsplit(response.url).path.rstrip("/")
        return preview.found and path.casefold() == f"/s/{channel}".casefold()

    def _statement(
        self, post: Post, stored: ChannelPosts, cso_id: str, response: Response
    ) -> FetchedPage | None:
        stats = self.crawler.stats
        if not post.own_text:
            stats.inc_value("csowatch/posts_not_own")  # a forward, a photo, a service line
            return None
        if post.id in stored.ids:
            stats.inc_value("csowatch/skipped_known")
            return None
        if post.published is None or not self.window.contains(post.published):
            stats.inc_value("csowatch/outside_window")
            return None
        permalink = canonical_url(post.url) or post.url
        return FetchedPage(
            outlet=self.outlet.key,
            url=response.url,
            canonical=permalink,
            final_url=permalink,
            status=response.status,
            headers={"Content-Type": "text/html; charset=utf-8"},
            body=post.html.encode("utf-8"),
            fetched_at=datetime.now(UTC),
            window_since=self.window.since,
            window_until=self.window.until,
            kind="statement",
            author_cso=cso_id,
        )

    def _go_back(self, preview: Preview, stored: ChannelPosts, page: int) -> bool:
        """Whether the page before this one can hold posts to store: older posts exist, this
        page's oldest is in the window, and (incremental) it is newer than the newest post
        stored. The last rule holds for a window that reaches the newest stored post (the cron
        run's); a backfill of a week before it reads back to the window's start, skipping the
        posts the store has."""
        if preview.before is None or not preview.posts:
            return False
        oldest = min(preview.posts, key=lambda p: p.id)
        reaches_last = stored.last_published is None or stored.last_published <= self.window.until
        if reaches_last and oldest.id <= stored.last_id:
            return False
        if oldest.published is not None and oldest.published < self.window.since:
            return False
        if page >= MAX_PAGES:
            log.warning(
                "%s: %s: more than %d preview pages in the window; the rest waits for a backfill",
                self.outlet.key,
                preview.channel,
                MAX_PAGES,
            )
            return False
        return True

    def _later_page_failed(self, detail: str) -> None:
        stats = self.crawler.stats
        stats.inc_value("csowatch/sources_failed")
        if stats.get_value("csowatch/source_error") is None:
            stats.set_value("csowatch/source_error", detail)

    def source_failed(self, failure: Any) -> Iterator[Any]:
        request = failure.request
        channel = request.meta.get("channel", "")
        name = self.channels.get(channel.casefold(), ("", channel, channel))[1]
        for item in super().source_failed(failure):
            if isinstance(item, SourceRead) and not item.ok:
                note_problem(self.crawler.stats, f"t.me/s/{channel} ({name}): {item.detail}")
                if request.meta.get("page", 1) > 1:  # no fetch state for an older page
                    continue
            yield item
