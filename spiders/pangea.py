"""Pangea CMS (rferl.org, svoboda.org, and every other RFE/RL and VOA site).

Article URLs are ``/a/[<slug>/]<id>.html``; ids are global and rise with time. Archive sitemap
``<lastmod>`` is the last edit, not publication: an entry edited after the window may still have
been published in it, and its id then lies among the ids of the window's other entries.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipelines.urls import article_id
from spiders.base import Candidate, DiscoverySpider


class PangeaSpider(DiscoverySpider):
    family = "pangea"

    def select_from_sitemap(self, candidates: list[Candidate]) -> Iterable[Candidate]:
        in_window = [
            c for c in candidates if c.lastmod is not None and self.window.contains(c.lastmod)
        ]
        ids = [_id(c.url) for c in in_window]
        known_ids = [i for i in ids if i is not None]
        low, high = (min(known_ids), max(known_ids)) if known_ids else (None, None)
        for c in candidates:
            if c.published is not None or c.lastmod is None or self.is_known(c.url):
                yield c  # consider() decides on publication dates and known pages' lastmods
                continue
            if c.lastmod < self.window.since:
                self.note_outside_window(c.url)
                continue
            if c.lastmod > self.window.until:
                # Edited after the window: only worth a fetch when published within it.
                i = _id(c.url)
                if low is None or high is None or i is None or not (low <= i <= high):
                    self.note_outside_window(c.url)
                    continue
            yield c


def _id(url: str) -> int | None:
    value = article_id(url, "pangea")
    return int(value) if value and value.isdigit() else None
