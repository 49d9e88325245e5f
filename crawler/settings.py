"""Scrapy settings for csowatch (``scrapy crawl <outlet>`` and ``csowatch crawl`` share them).

Values that come from ``config/settings.toml`` (User-Agent, politeness) are applied per spider
by ``crawler.spiderloader``; these are the defaults beneath them.
"""

import os

BOT_NAME = "csowatch"
SPIDER_LOADER_CLASS = "crawler.spiderloader.OutletSpiderLoader"
CSOWATCH_CONFIG = os.environ.get("CSOWATCH_CONFIG") or "config"
CSOWATCH_DATABASE_URL = os.environ.get("CSOWATCH_DATABASE_URL")
CSOWATCH_ARCHIVE_DIR = None  # set from config (crawl.archive_dir); None turns archiving off
CSOWATCH_RUN_ID = None  # set by `csowatch crawl`; `scrapy crawl` records a run of its own

# Politeness
ROBOTSTXT_OBEY = True
USER_AGENT = "csowatch/0.1 (+https://github.com/csowatch/csowatch)"
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 1.0
RETRY_BACKOFF_MAX = 60.0
RETRY_AFTER_MAX = 300.0
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
}
ITEM_PIPELINES = {
    "pipelines.archive.ArchivePipeline": 100,
    "pipelines.process.ProcessPipeline": 200,
    "pipelines.store.StorePipeline": 300,
}

LOG_LEVEL = "INFO"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_DATEFORMAT = "%Y-%m-%dT%H:%M:%S"
FEED_EXPORT_ENCODING = "utf-8"
