"""Any outlet that only needs feeds and sitemaps: every URL they list is an article candidate."""

from __future__ import annotations

from spiders.base import DiscoverySpider


class GenericSpider(DiscoverySpider):
    family = "generic"
