"""The crawl's analysis pool: the CPU-bound steps of a page in worker processes.

Scrapy's reactor is one thread: it downloads, schedules and writes. Decoding, extraction
(trafilatura and the outlet's rules), quotes, mentions and the search-index terms (``analyse``)
run in a ``concurrent.futures.ProcessPoolExecutor`` instead, so every core works.
One pool serves every spider of the process (``acquire``/``release`` count its users); each
worker compiles the CSO registry once, when it starts (``_start_worker``), never per page.

Back-pressure: at most ``2 × workers`` pages are in the pool at once (a ``DeferredSemaphore``);
a page waiting for a place keeps its response in Scrapy's scraper slot, and a full slot
(``SCRAPER_SLOT_MAX_ACTIVE_SIZE``) stops the engine from taking new requests, so memory stays
flat however large the site.

Workers come from a ``forkserver`` (started clean, not forked from the reactor's threads) that
has imported the analysis code once, so a worker starts in a fraction of a second and shares
those pages with its siblings. A worker that dies (killed, out of memory) breaks the pool: the
pool is rebuilt and the page tried once more in it; a page that breaks it twice is a bad page
(``worker-crashed``), the other pages go on.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import select
import signal
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from twisted.internet import defer, reactor

from pipelines.process import PageError, analyse_page
from pipelines.registry import Registry, registry_from_dicts
from pipelines.stories import Print, story_print
from pipelines.types import Article
from pipelines.urlrules import UrlRules
from store.search_index import article_search_values

log = logging.getLogger(__name__)

# what the forkserver imports once, before it forks workers
_PRELOAD = ["spiders.workpool_preload"]


@dataclass(frozen=True)
class Job:
    """One page to analyse (what ``analyse_page`` needs, all picklable)."""

    body: bytes
    url: str
    outlet: str
    family: str | None
    content_type: str
    canonical: str | None
    rules: str | None = None  # the outlet's rule module
    url_rules: UrlRules | None = None  # the outlet's URL rules (the article id)


@dataclass
class Analysed:
    """A job's result: the article and its search-index terms, or the reason and detail of a
    bad page."""

    article: Article | None
    reason: str = ""
    detail: str = ""
    search_terms: dict[str, str] | None = None
    story: Print | None = None


def analyse(job: Job, registry: Registry | None) -> Analysed:
    """``analyse_page`` for one job, and the article's search terms (lemmatising is the other
    CPU-bound step of a save); a ``PageError`` becomes a result (exceptions with custom
    constructors do not cross a process boundary intact)."""
    try:
        article = analyse_page(
            job.body,
            job.url,
            outlet=job.outlet,
            spider=job.family,
            registry=registry,
            content_type=job.content_type,
            canonical=job.canonical,
            rules=job.rules,
            url_rules=job.url_rules,
        )
    except PageError as exc:
        return Analysed(None, exc.reason, exc.detail)
    return Analysed(
        article, search_terms=article_search_values(article), story=story_print(article)
    )


# --- inside a worker process ---------------------------------------------------------------

_WORKER_REGISTRY: Registry | None = None


def _start_worker(rows: Sequence[Mapping[str, Any]] | None, crawl_pid: int) -> None:
    """A worker's start: ignore Ctrl-C (the crawl shuts the pool down), die with the crawl,
    compile the registry."""
    global _WORKER_REGISTRY
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(crawl_pid)
    if rows is not None:
        _WORKER_REGISTRY = registry_from_dicts(rows)
        _WORKER_REGISTRY.compile()


def _die_with(pid: int) -> None:
    """Exit as soon as the crawl process ``pid`` is gone, even killed with -9 (which never shuts
    the pool down): a worker's parent is the forkserver, not the crawl, and an orphan would hold
    the crawl's stdout and stderr open (and the forkserver alive) for ever."""
    try:
        watched = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(1)

    def watch() -> None:
        select.select([watched], [], [])  # readable once the process has exited
        os._exit(1)

    threading.Thread(target=watch, name="csowatch-crawl-watch", daemon=True).start()


def _analyse_in_worker(job: Job) -> Analysed:
    return analyse(job, _WORKER_REGISTRY)


# --- in the crawl process ------------------------------------------------------------------


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class AnalysisPool:
    """A process pool for ``analyse``, bridged to the Twisted reactor with Deferreds."""

    def __init__(self, workers: int, registry: Registry | None) -> None:
        if workers < 1:
            raise ValueError("an analysis pool needs at least one worker")
        self.workers = workers
        self._rows = None if registry is None else [c.to_dict() for c in registry.csos]
        self._executor = self._new_executor()
        self._slots = defer.DeferredSemaphore(2 * workers)

    def _new_executor(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(self._rows, os.getpid()),
        )

    def analyse(self, job: Job) -> defer.Deferred[Analysed]:
        """The job's result, once a worker has done it (waits for a place in the pool)."""
        return self._slots.run(self._submit, job, retry=True)

    def _submit(self, job: Job, retry: bool) -> defer.Deferred[Analysed]:
        executor = self._executor
        try:
            future = executor.submit(_analyse_in_worker, job)
        except BrokenProcessPool:
            future = self._rebuilt(executor).submit(_analyse_in_worker, job)
        d = _deferred(future)

        def broken(failure: Any) -> Any:
            failure.trap(BrokenProcessPool)
            self._rebuilt(executor)
            if retry:
                log.warning("%s: an analysis worker died; trying the page again", job.url)
                return self._submit(job, retry=False)
            return Analysed(None, "worker-crashed", "the analysis worker died on this page twice")

        return d.addErrback(broken)

    def _rebuilt(self, broken: ProcessPoolExecutor) -> ProcessPoolExecutor:
        """A fresh executor in place of ``broken`` (once, however many pages saw it break)."""
        if self._executor is broken:
            broken.shutdown(wait=False, cancel_futures=True)
            self._executor = self._new_executor()
        return self._executor

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def _deferred(future: Future[Analysed]) -> defer.Deferred[Analysed]:
    """A Deferred that fires in the reactor thread when ``future`` is done."""
    d: defer.Deferred[Analysed] = defer.Deferred()

    def settle(done: Future[Analysed]) -> None:
        error = done.exception()
        if error is not None:
            d.errback(error)
        else:
            d.callback(done.result())

    def from_pool_thread(done: Future[Analysed]) -> None:
        reactor.callFromThread(settle, done)

    future.add_done_callback(from_pool_thread)
    return d


# --- one pool per process and registry, shared by the process's spiders --------------------

_shared: dict[str, tuple[AnalysisPool, int]] = {}


def _key(workers: int, registry: Registry | None) -> str:
    rows = None if registry is None else [c.to_dict() for c in registry.csos]
    return json.dumps([workers, rows], sort_keys=True, default=str)


def acquire(workers: int, registry: Registry | None) -> AnalysisPool:
    """The process's pool for this registry (made on first use); ``release`` it when done."""
    key = _key(workers, registry)
    pool, users = _shared.get(key) or (AnalysisPool(workers, registry), 0)
    _shared[key] = (pool, users + 1)
    return pool


def release(pool: AnalysisPool) -> None:
    """One user fewer; the last one shuts the pool down."""
    for key, (shared, users) in list(_shared.items()):
        if shared is pool:
            if users > 1:
                _shared[key] = (shared, users - 1)
            else:
                del _shared[key]
                pool.close()
