"""``csowatch worker`` and ``csowatch queue``: many machines sharing one PostgreSQL store
(``crawler/cluster/``; the scheduler is ``csowatch crawl --enqueue``, in ``crawl.py``).

Exit codes: 0 done; 1 a job failed for good, or the queue's PostgreSQL cannot be reached or
was lost (one line, ``csowatch: queue error: …``); 2 bad configuration (the cluster off, a
SQLite store); 130/143 a worker stopped by SIGINT/SIGTERM (its job went back to the queue).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from crawler.cli.base import Context, fail, handle_errors, main, pass_ctx, registry_errors

F = TypeVar("F", bound=Callable[..., Any])
EXIT_QUEUE = 1


def queue_errors(func: F) -> F:
    """A queue that cannot be reached (or is lost) is one line and exit 1, never a
    traceback (the rest is ``handle_errors``)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from crawler.cluster.queue import QueueError

        try:
            return func(*args, **kwargs)
        except QueueError as exc:
            fail(f"queue error: {exc}", EXIT_QUEUE)

    return wrapper  # type: ignore[return-value]


@main.command()
@click.option(
    "--wait",
    is_flag=True,
    help="Run as a service: wait for new jobs when the queue is empty (default: stop when "
    "no job is waiting or running anywhere).",
)
@click.option("--verbose", "-v", is_flag=True, help="Log the queue's and Scrapy's progress.")
@pass_ctx
@registry_errors
@handle_errors
@queue_errors
def worker(obj: Context, wait: bool, verbose: bool) -> None:
    """Crawl jobs from the queue, one outlet at a time (any number, on any machine).

    Needs `[cluster] enabled = true` and a PostgreSQL store; the jobs come from
    `csowatch crawl --enqueue`. A worker killed mid-job loses nothing: its job goes back to
    the queue when its heartbeat is `stalled_after` seconds old.
    """
    from crawler.cluster.queue import require_cluster
    from crawler.cluster.schema import ensure_schema
    from crawler.cluster.worker import ClusterWorker
    from spiders.registry_store import registry_from_store

    config = obj.config
    require_cluster(config, obj.database_url)
    registry_from_store(_reach(obj), config.csos_path)  # seeded once, before any job
    ensure_schema(obj.database_url)
    sys.exit(ClusterWorker(config, obj.database_url, wait=wait, verbose=verbose).run())


@main.command()
@pass_ctx
@handle_errors
@queue_errors
def queue(obj: Context) -> None:
    """The queue: jobs by status, workers and their heartbeats, running and stalled jobs,
    each outlet's last job."""
    from crawler.cluster.plan import queue_report
    from crawler.cluster.queue import require_cluster

    config = obj.config
    require_cluster(config, obj.database_url)
    for line in queue_report(obj.database_url, config):
        click.echo(line)


def _reach(obj: Context) -> Any:
    """Open (and migrate) the store; a server that cannot be reached is a queue error
    (exit 1: try again later), not a bad store (exit 2)."""
    from crawler.cluster.queue import QueueError
    from store.db import StoreError

    try:
        return obj.store()
    except StoreError as exc:
        if "cannot open database" in str(exc) or "cannot migrate" in str(exc):
            raise QueueError(str(exc)) from exc
        raise


def enqueue_and_report(obj: Context, jobs_args: dict[str, Any]) -> int:
    """``csowatch crawl --enqueue``: plan the jobs, print one line per job; returns 0."""
    from crawler.cluster.plan import enqueue, plan_jobs
    from crawler.cluster.queue import require_cluster
    from crawler.cluster.schema import ensure_schema
    from spiders.registry_store import registry_from_store

    config = obj.config
    settings = require_cluster(config, obj.database_url)
    outlets = config.enabled_outlets(jobs_args["outlets"] or None)
    jobs = plan_jobs(
        outlets, jobs_args["since"], jobs_args["until"], jobs_args["days"] or config.crawl.days
    )
    registry_from_store(_reach(obj), config.csos_path)  # seeded once, before any job
    ensure_schema(obj.database_url)
    planned, back = enqueue(obj.database_url, settings, jobs)
    click.echo(f"enqueue: {len(jobs)} job(s) on queue {settings.queue}")
    for job_id, outlet in back:
        click.echo(f"job {job_id} {outlet}: its worker is gone (no heartbeat): back in the queue")
    for p in planned:
        click.echo(p.line())
    return 0
