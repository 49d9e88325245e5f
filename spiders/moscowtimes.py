"""The Moscow Times: ``/<yyyy>/<mm>/<dd>/<slug>-a<id>`` articles, sitemaps ``<YYYY>-<M>.xml``.

The URL gives the publication day away, and the monthly sitemap files carry no lastmod: a
backfill opens only the months the window touches.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from spiders.base import DiscoverySpider

_URL_DATE = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/[^/]+-a\d+/?$")
_MONTH_FILE = re.compile(r"/(\d{4})-(\d{1,2})\.xml(?:\.gz)?$")


class MoscowTimesSpider(DiscoverySpider):
    family = "moscowtimes"

    def published_from_url(self, url: str) -> date | None:
        m = _URL_DATE.search(url.split("?", 1)[0])
        if not m:
            return None
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None

    def follow_sitemap(self, url: str, lastmod: datetime | None) -> bool:
        m = _MONTH_FILE.search(url)
        if not m:
            return super().follow_sitemap(url, lastmod)
        month = (int(m[1]), int(m[2]))
        first = (self.window.since.year, self.window.since.month)
        last = (self.window.until.year, self.window.until.month)
        return first <= month <= last
