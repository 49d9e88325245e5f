"""``csowatch crawl`` (and ``scrapy crawl``): every chosen outlet in one Scrapy process, under
the store's crawl lock.

A run is recorded ``running``; runs found ``running`` when the lock is taken are dead and
marked ``abandoned``. SIGTERM/SIGINT stop the crawl gracefully (what is done is committed,
what is left stays in the frontier) and the run ends ``interrupted`` with exit 143/130.

A cluster job (``job=``: ``csowatch worker`` runs ``csowatch crawl --outlet X --job N`` in a
child process, ``crawler/cluster/``) crawls one outlet under ``crawler/lock.py:job_lock``
instead: the store's lock shared, the outlet's host exclusive. Other outlets' jobs run
meanwhile, so only the runs it can know dead are marked ``abandoned``: its own outlet's, and
one-machine runs (none can be alive while it holds the store's lock shared).
"""

from __future__ import annotations

import signal
from dataclasses import asdict, dataclass, field
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from sqlalchemy.orm import Session

from crawler import settings as default_settings
from crawler.config import Config
from crawler.lock import crawl_host, crawl_lock, job_lock
from crawler.logs import one_line_network_errors
from crawler.spiderloader import spider_class
from spiders.registry_store import registry_from_store
from spiders.state import Window
from spiders.summary import PROBLEMS_STAT, outlet_counts, outlet_verdict, summary_line
from store import guard, queries, runs
from store.db import open_store
from store.guard import StoreWriteError

EXIT_OK = 0
EXIT_OUTLET_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 75  # EX_TEMPFAIL: try again later
EXIT_SIGNAL = {signal.SIGINT: 130, signal.SIGTERM: 143}  # 128 + the signal's number


@dataclass
class OutletResult:
    key: str
    status: str
    message: str
    counts: dict[str, Any] = field(default_factory=dict)
    # one line per source of the outlet that went wrong this run (``spiders.summary.note_problem``)
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        return summary_line(self.key, self.status, self.counts, self.message)


@dataclass
class CrawlOutcome:
    code: int
    results: list[OutletResult]
    run_id: int | None = None
    problem: str | None = None  # a line about the run as a whole (the store gone at the end)


class _CrawlerProcess(CrawlerProcess):
    """Scrapy's process, remembering which signal (if any) asked it to stop."""

    signal_received: int | None = None

    def _signal_shutdown(self, signum: int, frame: Any) -> None:
        if self.signal_received is None:
            self.signal_received = signum
        super()._signal_shutdown(signum, frame)


def scrapy_settings(config: Config, database_url: str, **extra: Any) -> Settings:
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.set("CSOWATCH_CONFIG", str(config.directory), priority="cmdline")
    settings.set("CSOWATCH_DATABASE_URL", database_url, priority="cmdline")
    settings.set("CSOWATCH_WEEK_ENDS", config.week_ends, priority="cmdline")
    settings.set("CSOWATCH_HEALTH", asdict(config.health), priority="cmdline")
    for key, value in extra.items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(
    config: Config,
    database_url: str,
    outlets: list[str] | None = None,
    window: Window | None = None,
    log_level: str = "INFO",
    via: str = "csowatch crawl",
    job: int | None = None,
) -> CrawlOutcome:
    """Crawl the chosen outlets; the outcome has the exit code and one result per outlet.

    ``job``: the cluster job this run is (one outlet; see the module's docstring).

    Raises ``ConfigError``/``RegistryError`` (bad configuration), ``StoreError`` (the store
    cannot be opened) and ``LockBusy`` (another crawl of this store is running).
    """
    chosen = config.enabled_outlets(outlets)
    window = window or Window.from_args(None, None, config.crawl.days)
    if job is not None and len(chosen) != 1:
        raise ValueError("a cluster job crawls exactly one outlet (--outlet KEY)")
    lock = (
        crawl_lock(database_url)
        if job is None
        else job_lock(database_url, crawl_host(chosen[0].base_url))
    )
    options: dict[str, Any] = {"outlets": [o.key for o in chosen], "via": via}
    if job is not None:
        options["job"] = job
    with open_store(database_url) as store, lock:
        registry_from_store(store, config.csos_path)  # a bad csos.yaml stops us here

        def begin(session: Session) -> int:
            run_id = queries.start_run(
                session,
                since=window.since.date(),
                until=window.until.date(),
                options=options,
            )
            job_outlet = None if job is None else chosen[0].key
            runs.abandon_dead_runs(session, run_id, job_outlet=job_outlet)
            for o in chosen:
                queries.upsert_outlet(session, o.key, o.name, o.site_url, o.language, o.spider)
            return run_id

        run_id = guard.write(store, begin)
        settings = scrapy_settings(
            config, database_url, CSOWATCH_RUN_ID=run_id, LOG_LEVEL=log_level
        )
        process = _CrawlerProcess(settings)
        one_line_network_errors()
        crawlers = []
        for outlet in chosen:
            crawler = process.create_crawler(spider_class(outlet, config.crawl))
            crawlers.append((outlet, crawler))
            process.crawl(crawler, since=window.since, until=window.until)
        process.start()
        results = [_result(outlet.key, crawler) for outlet, crawler in crawlers]
        statuses = {r.status for r in results}
        if process.signal_received is not None or "interrupted" in statuses:
            status = "interrupted"
        else:
            status = "ok" if statuses <= {"ok"} else "failed"
        problem = None
        try:
            guard.write(store, lambda s: queries.finish_run(s, run_id, status))
        except StoreWriteError as exc:
            problem = f"store error: the run could not be closed: {exc}"
    if process.signal_received is not None:
        code = EXIT_SIGNAL.get(signal.Signals(process.signal_received), 128)
    elif status != "ok" or problem:
        code = EXIT_OUTLET_FAILED
    else:
        code = EXIT_OK
    return CrawlOutcome(code, results, run_id, problem)


def _result(key: str, crawler: Any) -> OutletResult:
    stats = crawler.stats.get_stats() if crawler.stats else {}
    counts = outlet_counts(stats)
    if "finish_reason" not in stats:
        return OutletResult(key, "failed", "the spider did not run to its end", counts)
    verdict = outlet_verdict(
        counts,
        stats.get("csowatch/dead_feeds", []),
        store_error=stats.get("csowatch/store_error"),
        finish_reason=stats.get("finish_reason"),
        source_error=stats.get("csowatch/source_error"),
        health_drops=stats.get("csowatch/health_drops"),
    )
    notes = sorted(str(n) for n in stats.get(PROBLEMS_STAT, []) or [])
    return OutletResult(key, verdict.status, verdict.message, counts, notes)
