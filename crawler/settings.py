"""Scrapy settings for csowatch (``scrapy crawl <outlet>`` and ``csowatch crawl`` share them).

Values that come from ``config/settings.toml`` (User-Agent, politeness) are applied per spider
by ``crawler.spiderloader``; these are the defaults beneath them.
"""

import os

BOT_NAME = "csowatch"
SPIDER_LOADER_CLASS = "crawler.spiderloader.OutletSpiderLoader"
# `scrapy crawl` is the csowatch crawl (lock, summary, exit codes)
COMMANDS_MODULE = "crawler.cli.scrapy_commands"
CSOWATCH_CONFIG = os.environ.get("CSOWATCH_CONFIG") or "config"
CSOWATCH_DATABASE_URL = os.environ.get("CSOWATCH_DATABASE_URL")
CSOWATCH_ARCHIVE_DIR = None  # set from config (crawl.archive_dir); None turns archiving off
CSOWATCH_RUN_ID = None  # the run `csowatch crawl` / `scrapy crawl` records (crawler.run)

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
# Scrapy 2.19 opens an HTTP control port by default: not on a cron host
REMOTE_CONTROL_ENABLED = False

# Size caps. A news page is well under 1 MiB; an article body over 10 MiB (after
# decompression: a gzip bomb is stopped while it inflates) is refused as a `too-large` bad page.
# Feeds and sitemaps ask for more per request (meta download_maxsize, spiders.base).
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# Redirects: at most 5 hops; a loop or (for an article) another host is a bad page.
REDIRECT_MAX_TIMES = 5

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "spiders.middlewares.BackoffRetryMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "spiders.middlewares.OutletMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "spiders.middlewares.BoundedCompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "spiders.middlewares.OutletRedirectMiddleware": 600,
}
EXTENSIONS = {
    "scrapy.extensions.throttle.AutoThrottle": None,
    "spiders.middlewares.PoliteAutoThrottle": 0,
}
ITEM_PIPELINES = {
    "spiders.pipeline_archive.ArchivePipeline": 100,
    "spiders.pipeline_process.ProcessPipeline": 200,
    "spiders.pipeline_store.StorePipeline": 300,
}

LOG_LEVEL = "INFO"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_DATEFORMAT = "%Y-%m-%dT%H:%M:%S"
FEED_EXPORT_ENCODING = "utf-8"
