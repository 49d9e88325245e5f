"""A Scrapy spider loader that makes one spider per configured outlet.

``scrapy crawl rferl`` and ``csowatch crawl --outlet rferl`` both end up here: the outlet's
table in ``outlets.toml`` picks the CMS family class and binds the outlet to it.
"""

from __future__ import annotations

import builtins
import sys
from typing import Any, Self

from scrapy import Request, Spider
from scrapy.settings import BaseSettings

from crawler.config import Config, ConfigError, CrawlSettings, Outlet, load_config
from spiders.base import DiscoverySpider
from spiders.csofeeds import CsoFeedsSpider
from spiders.generic import GenericSpider
from spiders.jsonapi import MeduzaSpider, NovayaGazetaSpider
from spiders.moscowtimes import MoscowTimesSpider
from spiders.pangea import PangeaSpider
from spiders.telegram import TelegramSpider

FAMILIES: dict[str, type[DiscoverySpider]] = {
    "pangea": PangeaSpider,
    "moscowtimes": MoscowTimesSpider,
    "generic": GenericSpider,
    "meduza": MeduzaSpider,  # API families (spiders/jsonapi.py)
    "novayagazeta": NovayaGazetaSpider,
    "telegram": TelegramSpider,
    "csofeeds": CsoFeedsSpider,
}


def spider_settings(crawl: CrawlSettings) -> dict[str, Any]:
    """The Scrapy settings that come from ``settings.toml``."""
    return {
        "USER_AGENT": crawl.user_agent_header,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrent_per_domain,
        "DOWNLOAD_DELAY": crawl.download_delay,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "RETRY_TIMES": crawl.retry_times,
        "RETRY_AFTER_MAX": crawl.max_retry_after,
        "CSOWATCH_ARCHIVE_DIR": crawl.archive_dir or None,
        "CSOWATCH_EMPTY_FEED_ALERT_RUNS": crawl.empty_feed_alert_runs,
        "CSOWATCH_MAX_SITEMAPS": crawl.max_sitemaps,
        # -1: one worker per core (spiders.pipeline_process)
        "CSOWATCH_WORKERS": -1 if crawl.workers == "auto" else crawl.workers,
        "CSOWATCH_STORE_BATCH_SIZE": crawl.store_batch,
        "CSOWATCH_STORE_BATCH_SECONDS": crawl.store_batch_seconds,
    }


def spider_class(outlet: Outlet, crawl: CrawlSettings) -> type[DiscoverySpider]:
    family = FAMILIES[outlet.spider]
    settings = spider_settings(crawl)
    if outlet.crawl_delay is not None:
        # the site's robots.txt Crawl-delay: the least wait between two requests, without
        # Scrapy's jitter (0.5-1.5x DOWNLOAD_DELAY), and AutoThrottle's floor (its least delay
        # is DOWNLOAD_DELAY)
        settings |= {
            "DOWNLOAD_DELAY": max(outlet.crawl_delay, crawl.download_delay),
            "DOWNLOAD_DELAY_JITTER": 0.0,
        }
    return type(
        f"{family.__name__}_{outlet.key.replace('-', '_')}",
        (family,),
        {
            "name": outlet.key,
            "outlet": outlet,
            "custom_settings": settings,
            "__module__": family.__module__,
        },
    )


class OutletSpiderLoader:
    def __init__(self, config: Config) -> None:
        self.config = config

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Self:
        try:
            return cls(load_config(settings.get("CSOWATCH_CONFIG")))
        except ConfigError as exc:
            print(f"csowatch: configuration error: {exc}", file=sys.stderr)
            raise SystemExit(2) from None

    def load(self, spider_name: str) -> type[Spider]:
        outlet = self.config.outlets.get(spider_name)
        if outlet is None:
            raise KeyError(f"Spider not found: {spider_name}")
        return spider_class(outlet, self.config.crawl)

    def list(self) -> builtins.list[str]:
        return list(self.config.outlets)

    def find_by_request(self, request: Request) -> builtins.list[str]:
        return [o.key for o in self.config.outlets.values() if o.owns(request.url)]
