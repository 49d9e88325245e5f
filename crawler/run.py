"""``csowatch crawl``: every enabled outlet in one Scrapy process, under the crawl lock."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler import settings as default_settings
from crawler.config import Config
from crawler.lock import CrawlLock, lock_path_for
from crawler.spiderloader import spider_class
from crawler.state import Window
from crawler.summary import outlet_counts, outlet_verdict, summary_line
from store import queries
from store.db import open_store

EXIT_OK = 0
EXIT_OUTLET_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 75  # EX_TEMPFAIL: try again later


@dataclass
class OutletResult:
    key: str
    status: str
    message: str
    counts: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        return summary_line(self.key, self.status, self.counts, self.message)


def scrapy_settings(config: Config, database_url: str, **extra: Any) -> Settings:
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.set("CSOWATCH_CONFIG", str(config.directory), priority="cmdline")
    settings.set("CSOWATCH_DATABASE_URL", database_url, priority="cmdline")
    settings.set("CSOWATCH_WEEK_ENDS", config.week_ends, priority="cmdline")
    for key, value in extra.items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(
    config: Config,
    database_url: str,
    outlets: list[str] | None = None,
    window: Window | None = None,
    log_level: str = "INFO",
) -> tuple[int, list[OutletResult]]:
    """Crawl the chosen outlets; returns the exit code and one result per outlet."""
    chosen = config.enabled_outlets(outlets)
    window = window or Window.from_args(None, None, config.crawl.days)
    store = open_store(database_url)
    with CrawlLock(lock_path_for(database_url)):
        with store.session() as session:
            run_id = queries.start_run(
                session,
                since=window.since.date(),
                until=window.until.date(),
                options={"outlets": [o.key for o in chosen]},
            )
            session.commit()
        settings = scrapy_settings(
            config, database_url, CSOWATCH_RUN_ID=run_id, LOG_LEVEL=log_level
        )
        process = CrawlerProcess(settings)
        crawlers = []
        for outlet in chosen:
            cls = spider_class(outlet, config.crawl)
            crawler = process.create_crawler(cls)
            crawlers.append((outlet, crawler))
            process.crawl(crawler, since=window.since, until=window.until)
        process.start()
        results = []
        for outlet, crawler in crawlers:
            counts = outlet_counts(crawler.stats.get_stats() if crawler.stats else {})
            verdict = outlet_verdict(counts, getattr(crawler.spider, "dead_feeds", []))
            if crawler.spider is None or "finish_reason" not in crawler.stats.get_stats():
                verdict = type(verdict)("failed", "the spider did not run to its end")
            results.append(OutletResult(outlet.key, verdict.status, verdict.message, counts))
        status = "ok" if all(r.status == "ok" for r in results) else "failed"
        with store.session() as session:
            queries.finish_run(session, run_id, status)
            session.commit()
    code = EXIT_OK if status == "ok" else EXIT_OUTLET_FAILED
    return code, results
