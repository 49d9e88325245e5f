"""``csowatch crawl``, ``status``, ``db upgrade`` and ``extract``: the crawl and the store."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from crawler.cli.base import Context, fail, handle_errors, main, pass_ctx
from crawler.config import Config, ConfigError


@main.command()
@click.option("--outlet", "outlets", multiple=True, metavar="KEY", help="Only this outlet.")
@click.option("--since", metavar="DATE", help="Start of the date window (YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="End of the date window (YYYY-MM-DD).")
@click.option("--days", type=int, help="Window of the last N days (default from settings).")
@click.option(
    "--quiet", "-q", is_flag=True, help="Log warnings and errors only (the default; for cron)."
)
@click.option("--verbose", "-v", is_flag=True, help="Log Scrapy's progress too (INFO).")
@click.option(
    "--enqueue",
    is_flag=True,
    help="Cluster: queue one job per outlet (over the window) for `csowatch worker` "
    "processes instead of crawling here ([cluster] in settings.toml).",
)
@click.option("--job", type=int, hidden=True, help="The cluster job this crawl is (workers).")
@pass_ctx
@handle_errors
def crawl(
    obj: Context,
    outlets: tuple[str, ...],
    since: str | None,
    until: str | None,
    days: int | None,
    quiet: bool,
    verbose: bool,
    enqueue: bool,
    job: int | None,
) -> None:
    """Crawl the outlets into the store: incremental, polite, one run at a time (cron job).

    With --enqueue (a cluster, see docs/operations.md "Many machines") the outlets are
    queued as jobs for `csowatch worker` processes on any machines instead.

    Exit codes: 0 every outlet worked (--enqueue: the jobs are queued); 1 an outlet failed
    (or the store did; --enqueue: the queue's server cannot be reached); 2 bad
    configuration, input or store; 75 another crawl holds the lock (--enqueue: another
    scheduler is planning); 130/143 stopped by SIGINT/SIGTERM (the next run resumes what
    was left).
    """
    from spiders.state import Window

    config = obj.config
    window = Window.from_args(since, until, days or config.crawl.days)
    if enqueue:
        from crawler.cli.base import registry_errors
        from crawler.cli.cluster import enqueue_and_report, queue_errors

        args = {
            "outlets": list(outlets),
            "since": window.since.date() if since else None,
            "until": window.until.date() if until or since else None,
            "days": days,
        }
        sys.exit(registry_errors(queue_errors(enqueue_and_report))(obj, args))
    obj.store()  # migrate before the crawl, and fail early on a bad URL
    sys.exit(
        run_and_report(
            config,
            obj.database_url,
            list(outlets) or None,
            window,
            log_level="INFO" if verbose and not quiet else "WARNING",
            via="csowatch worker" if job is not None else "csowatch crawl",
            job=job,
        )
    )


def run_and_report(
    config: Config,
    database_url: str,
    outlets: list[str] | None,
    window: Any,
    *,
    log_level: str = "INFO",
    via: str = "csowatch crawl",
    job: int | None = None,
) -> int:
    """Run the crawl, print the window and one line per outlet; returns the exit code."""
    from crawler.run import run_crawl

    outcome = run_crawl(
        config, database_url, outlets, window, log_level=log_level, via=via, job=job
    )
    click.echo(f"crawl {window.since:%Y-%m-%d %H:%M} .. {window.until:%Y-%m-%d %H:%M} UTC")
    for result in outcome.results:
        click.echo(result.line())
        for note in result.notes:  # one line per source that went wrong (a renamed channel)
            click.echo(f"  {result.key}: {note}")
    if outcome.problem:
        click.echo(f"csowatch: {outcome.problem}", err=True)
    return outcome.code


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--url", required=True, help="The page's URL (decides rules and canonical URL).")
@click.option("--outlet", metavar="KEY", help="Outlet key from outlets.toml.")
@pass_ctx
@handle_errors
def extract(obj: Context, file: str, url: str, outlet: str | None) -> None:
    """Extract one saved page and print the article as JSON."""
    from pipelines.process import PageError

    data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    try:
        article = analyse_saved_page(obj, data, url, outlet)
    except PageError as exc:
        fail(f"{file}: no article extracted ({exc})", 1)
    click.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))


def analyse_saved_page(obj: Context, data: bytes, url: str, outlet: str | None) -> Any:
    """A saved page as the crawl would analyse it for ``outlet`` (its rule set; mentions from
    the configured registry when there is one): ``csowatch extract`` and ``csowatch outlets
    check``. Raises ``pipelines.process.PageError`` when no article comes out of it."""
    from pipelines.process import analyse_page

    spider = rules = url_rules = None
    registry = None
    try:
        config = obj.config
        if outlet:
            chosen = config.enabled_outlets([outlet])[0]
            spider, rules, url_rules = chosen.spider, chosen.rules, chosen.url_rules
        registry = _registry_from_config(config)
    except ConfigError:
        if outlet:
            raise
    return analyse_page(
        data,
        url,
        outlet=outlet,
        spider=spider,
        registry=registry,
        rules=rules,
        url_rules=url_rules,
    )


def _registry_from_config(config: Config) -> Any:
    from pipelines.registry import load_registry

    return load_registry(config.csos_path) if config.csos_path.exists() else None


@main.group()
def db() -> None:
    """The store's schema."""


@db.command("upgrade")
@pass_ctx
@handle_errors
def db_upgrade(obj: Context) -> None:
    """Apply migrations (also done on first use); with the cluster on, the queue's tables
    too (PostgreSQL)."""
    from store.db import current_revision

    store = obj.store()
    click.echo(f"{obj.database_url}: schema at {current_revision(store.engine)}")
    config = obj.optional_config()
    if config is not None and config.cluster.enabled:
        from crawler.cli.cluster import queue_errors
        from crawler.cluster.queue import is_postgres
        from crawler.cluster.schema import ensure_schema

        if not is_postgres(obj.database_url):
            fail("the cluster needs a PostgreSQL store; the queue's tables were not created")
        click.echo(queue_errors(ensure_schema)(obj.database_url))


@main.command()
@click.option("--runs", default=5, show_default=True, help="How many recent runs to show.")
@click.option(
    "--bad",
    "bad_outlet",
    metavar="OUTLET",
    help="The outlet's bad pages in those runs, by reason, with example URLs, and its gone "
    "pages (404/410) with their next check.",
)
@pass_ctx
@handle_errors
def status(obj: Context, runs: int, bad_outlet: str | None) -> None:
    """Last runs and per-outlet health (interrupted, abandoned and store errors included)."""
    from spiders.health import ACCEPTED, DROPPED, HEALTH_COUNTS
    from spiders.summary import summary_line
    from store import queries
    from store.gone import gone_pages
    from store.runs import bad_pages_by_reason

    names = tuple(n for n in queries.COUNT_FIELDS if n not in HEALTH_COUNTS)

    store = obj.store()
    with store.read_session() as session:
        rows = queries.last_runs(session, runs)
        if bad_outlet is not None:
            known = {st.outlet.key for run in rows for st in run.outlet_stats}
            if bad_outlet not in known and bad_outlet not in obj.config.outlets:
                fail(f"unknown outlet {bad_outlet!r} (see config/outlets.toml)")
            reasons = bad_pages_by_reason(session, bad_outlet, [r.id for r in rows])
            total = sum(r.count for r in reasons)
            click.echo(f"{bad_outlet}: {total} bad page(s) in the last {len(rows)} run(s)")
            for r in reasons:
                click.echo(f"  {r.reason:<24} {r.count:>5}  e.g. {', '.join(r.examples)}")
            gone = gone_pages(session, bad_outlet)
            if gone:
                click.echo(f"{bad_outlet}: {len(gone)} gone page(s), not fetched until due")
            for g in gone:
                click.echo(
                    f"  http-{g.http_status:<19} {g.checks:>5}x next check "
                    f"{g.next_check:%Y-%m-%d %H:%M} UTC  {g.url}"
                )
            return
        if not rows:
            click.echo("no crawl has run yet")
            return
        for run in rows:
            click.echo(
                f"run {run.id}  {run.status:<11} started {run.started_at:%Y-%m-%d %H:%M} UTC"
                f"  window {run.since:%Y-%m-%d}..{run.until:%Y-%m-%d}{_run_note(run)}"
            )
            for st in run.outlet_stats:
                counts = dict(st.counts or {})
                line = summary_line(st.outlet.key, st.status, counts, st.message or "", names)
                click.echo("  " + line)
                if st.health in (DROPPED, ACCEPTED):
                    click.echo("    " + _health_flag(st.outlet.key, st.health))


def _health_flag(key: str, health: str) -> str:
    """The line under an outlet whose extraction health dropped (or a drop was accepted)."""
    if health == "accepted":
        return "health ACCEPTED: a drop taken as the outlet's new normal (csowatch outlets accept)"
    return (
        "health DROPPED: the shares of pages with a body, a date or an author fell against the "
        f"outlet's last runs (csowatch outlets; `csowatch outlets accept {key}` takes the change "
        "as the new normal)"
    )


def _run_note(run: Any) -> str:
    """For a run still marked running: whether its process is alive (on this host)."""
    import os
    import socket

    if run.status != "running" or not run.pid:
        return ""
    if run.host and run.host != socket.gethostname():
        return f"  (pid {run.pid} on {run.host})"
    try:
        os.kill(run.pid, 0)
    except ProcessLookupError:
        return f"  (pid {run.pid} is gone: the next crawl marks it abandoned)"
    except PermissionError:
        pass
    return f"  (pid {run.pid})"
