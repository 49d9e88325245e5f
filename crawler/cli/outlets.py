"""``csowatch outlets``: the configured outlets with their last run and extraction health;
``outlets check`` (what a saved page of an outlet would give) and ``outlets accept`` (a drop
in health taken as the outlet's new normal)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from crawler.cli.base import Context, fail, handle_errors, main, pass_ctx
from crawler.config import Config, CrawlSettings
from spiders.health import (
    ACCEPTED,
    BASELINE_STATES,
    DROPPED,
    MEASURES,
    Health,
    HealthRule,
    RunCounts,
    judge,
    percent,
)
from spiders.outlet import Outlet

# What ``outlets check`` says the page is not (exit 2) rather than an article it found nothing
# in (exit 1): the reasons ``pipelines.process.analyse_page`` gives for pages that are no HTML.
_NOT_HTML = ("not-html", "empty", "empty-body", "wrong-charset", "unparseable")
_WORDS = {"with_body": "body", "with_date": "date", "with_authors": "author"}
_FIRST_PARAGRAPHS = 3


@dataclass(frozen=True)
class OutletHealth:
    """An outlet's last run and its health: the run's shares against its baseline (the
    earlier runs a crawl would judge it by)."""

    last: Any  # store.runs.OutletRun | None
    health: Health | None


def outlet_health(session: Any, key: str, rule: HealthRule) -> OutletHealth:
    from store.runs import outlet_runs

    last = next(iter(outlet_runs(session, key, limit=1)), None)
    if last is None:
        return OutletHealth(None, None)
    return OutletHealth(last, run_health(session, key, last, rule))


def run_health(session: Any, key: str, run: Any, rule: HealthRule) -> Health | None:
    """The health of an outlet's stored run (a ``store.runs.OutletRun``) against the runs
    before it, as the crawl judged it; None for a run recorded before health was counted."""
    from store.runs import outlet_runs

    if run.health is None:
        return None
    history = outlet_runs(
        session,
        key,
        before_run=run.run_id,
        health=BASELINE_STATES,
        with_pages=True,
        limit=rule.baseline_runs,
    )
    return judge(RunCounts.of(run.counts), [RunCounts.of(r.counts) for r in history], rule)


@main.group(invoke_without_command=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A table for people, or JSON.",
)
@click.pass_context
def outlets(ctx: click.Context, fmt: str) -> None:
    """Every configured outlet: key, name, family, language, enabled, its last run (time,
    status) and its extraction health (the last run's shares of article pages with a body, a
    date and an author, against the outlet's baseline of earlier runs)."""
    if ctx.invoked_subcommand is None:
        _list(ctx.obj, fmt)


@handle_errors
def _list(obj: Context, fmt: str) -> None:
    config = obj.config
    store = obj.store()
    with store.read_session() as session:
        rows = [
            (outlet, outlet_health(session, key, config.health))
            for key, outlet in config.outlets.items()
        ]
    if fmt == "json":
        data = [_outlet_dict(outlet, oh, config) for outlet, oh in rows]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    table = [("KEY", "NAME", "FAMILY", "LANG", "ENABLED", "LAST RUN", "HEALTH")]
    for outlet, oh in rows:
        table.append(
            (
                outlet.key,
                outlet.name,
                outlet.spider,
                outlet.language,
                "yes" if outlet.enabled else "no",
                _last_run_text(oh),
                _health_text(oh),
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]) - 1)]
    for row in table:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        click.echo("  ".join([*cells, row[-1]]).rstrip())


def _last_run_text(oh: OutletHealth) -> str:
    if oh.last is None:
        return "never"
    return f"{oh.last.started_at:%Y-%m-%d %H:%M} {oh.last.status}"


def _health_text(oh: OutletHealth) -> str:
    """``body 100% date 12% author 0% (last 10 runs: 100% 97% 80%) DROPPED``."""
    if oh.last is None:
        return ""
    health = oh.health
    if health is None or health.run is None:
        return "not counted (a run before health was)"
    shares = health.run.shares()
    now = " ".join(f"{_WORDS[m]} {percent(shares[m])}" for m, _, _ in MEASURES)
    if health.run.fetched == 0:
        now = "no article page"
    if health.baseline is None:
        base = "no earlier run"
    else:
        earlier = health.baseline.shares()
        base = f"last {health.baseline_runs} runs: " + " ".join(
            percent(earlier[m]) for m, _, _ in MEASURES
        )
    stored = oh.last.health
    flag = f" {stored.upper()}" if stored in (DROPPED, ACCEPTED) else ""
    return f"{now} ({base}){flag}"


def _outlet_dict(outlet: Outlet, oh: OutletHealth, config: Config) -> dict[str, Any]:
    last = None
    if oh.last is not None:
        last = {
            "run": oh.last.run_id,
            "started_at": oh.last.started_at.isoformat(),
            "status": oh.last.status,
            "run_status": oh.last.run_status,
            "message": oh.last.message,
        }
    health = None
    if oh.health is not None and oh.last is not None:
        h = oh.health
        health = {
            "state": oh.last.health,
            "pages": h.run.fetched if h.run else 0,
            "shares": _shares(h.run),
            "baseline": {
                "runs": h.baseline_runs,
                "pages": h.baseline.fetched if h.baseline else 0,
                "shares": _shares(h.baseline),
            },
        }
    return {
        "key": outlet.key,
        "name": outlet.name,
        "family": outlet.spider,
        "language": outlet.language,
        "enabled": outlet.enabled,
        "site_url": outlet.site_url,
        "last_run": last,
        "health": health,
    }


def _shares(counts: RunCounts | None) -> dict[str, float | None]:
    if counts is None:
        return {_WORDS[m]: None for m, _, _ in MEASURES}
    return {
        _WORDS[m]: None if share is None else round(share, 4)
        for m, share in counts.shares().items()
    }


@outlets.command("check")
@click.argument("name", metavar="NAME")
@click.option(
    "--page",
    "page",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="A saved page of the outlet (- reads it from stdin).",
)
@click.option("--url", help="The page's URL: decides whether the crawl would take it.")
@pass_ctx
@handle_errors
def check(obj: Context, name: str, page: str, url: str | None) -> None:
    """What the crawl would extract from a saved page of outlet NAME: title, date, authors,
    lead, the first paragraphs, the rule set used, which source gave each field, the
    extraction's notes; and, with --url, whether the crawl takes that URL as an article of the
    outlet, and why.

    Exit codes: 0 an article was extracted; 1 the page gave no article (the reason is
    printed); 2 no such outlet, a file that cannot be read, or not an HTML page.
    """
    import sys

    from crawler.cli.crawl import analyse_saved_page
    from pipelines.process import PageError

    config = obj.config
    outlet = config.outlets.get(name)
    if outlet is None:
        fail(f"unknown outlet {name!r} (known: {', '.join(sorted(config.outlets))})")
    try:
        data = sys.stdin.buffer.read() if page == "-" else Path(page).read_bytes()
    except OSError as exc:
        fail(f"{page}: cannot read the page ({exc.strerror or exc})")
    verdict = url_verdict(outlet, url, config.crawl) if url else None
    try:
        article = analyse_saved_page(obj, data, url or outlet.site_url + "/", name)
    except PageError as exc:
        if exc.reason in _NOT_HTML:
            fail(f"{page}: not an HTML page ({exc})")
        click.echo(f"outlet:     {outlet.key} ({outlet.name}, {outlet.spider})")
        _echo_url(verdict)
        click.echo(f"no article: {exc}")
        raise SystemExit(1) from None
    click.echo(f"outlet:     {outlet.key} ({outlet.name}, {outlet.spider})")
    _echo_url(verdict)
    sources = article.field_sources
    rules = article.extractor or "?"

    def source(fld: str) -> str:
        return f"  [{sources[fld]}]" if fld in sources else ""

    fallback = " (the outlet's rules found no body: the generic extractor stepped in)"
    click.echo(f"rule set:   {rules}{fallback if '+' in rules else ''}")
    click.echo(f"title:      {article.title or '-'}{source('title')}")
    published = f"{article.published:%Y-%m-%d %H:%M} UTC" if article.published else "-"
    click.echo(f"published:  {published}{source('published')}")
    click.echo(f"authors:    {', '.join(article.authors) or '-'}{source('authors')}")
    click.echo(f"language:   {article.language or '-'}{source('language')}")
    click.echo(f"lead:       {article.lead or '-'}{source('lead')}")
    click.echo(f"paragraphs: {len(article.paragraphs)}")
    for p in article.paragraphs[:_FIRST_PARAGRAPHS]:
        click.echo(f"  | {p[:300]}{'…' if len(p) > 300 else ''}")
    shown = {"title", "published", "authors", "language", "lead"}
    others = {k: v for k, v in sources.items() if k not in shown}
    if not sources:
        click.echo("sources:    none recorded (the outlet's rule set read the fields itself)")
    elif others:
        click.echo("sources:    " + ", ".join(f"{k} [{v}]" for k, v in sorted(others.items())))
    click.echo(f"notes:      {len(article.extraction_notes) or 'none'}")
    for note in article.extraction_notes:
        click.echo(f"  - {note}")


def _echo_url(verdict: tuple[bool, str] | None) -> None:
    if verdict is not None:
        ok, why = verdict
        click.echo(f"url:        {'an article' if ok else 'NOT an article'}: {why}")


def url_verdict(outlet: Outlet, url: str, crawl: CrawlSettings) -> tuple[bool, str]:
    """Whether the crawl takes ``url`` as an article page of ``outlet``, and why: asked of the
    outlet's own spider class (``spiders.base.DiscoverySpider``: its public canonical URL, the
    outlet's hosts, the outlet's URL rules, else its family's), so the answer is the crawl's."""
    from crawler.spiderloader import spider_class

    spider = spider_class(outlet, crawl)()
    public = spider.public_article_url(url)
    if not public:
        return False, "it has no public canonical address (a preview URL?)"
    if not spider.outlet.owns(public):
        hosts = ", ".join(sorted(h for h in outlet.public_hosts if h))
        return False, f"its host is not the outlet's ({hosts})"
    verdict = spider.url_verdict(public)
    family = outlet.spider
    if verdict.article is not None:
        whose = f"the outlet ({verdict.rule})"
    else:
        whose = f"the {family} family ({_RULES.get(family, 'its own URL rule')})"
    if not spider.is_article(public, verdict):
        return False, f"it is not an article URL of {whose}"
    key = spider.key_of(public, verdict)
    keyed = f"; deduplicated as {key}" if key != public else "; deduplicated on the canonical URL"
    return True, f"{public} is an article URL of {whose}{keyed}"


_RULES = {
    "pangea": "articles are /a/<slug>/<id>.html or /a/<id>.html",
    "moscowtimes": "articles are /<yyyy>/<mm>/<dd>/<slug>-a<id>",
    "generic": "any page a feed or sitemap lists but the site root and static files",
}


@outlets.command("accept")
@click.argument("name", metavar="NAME")
@pass_ctx
@handle_errors
def accept(obj: Context, name: str) -> None:
    """Accept outlet NAME's drop in extraction health as its new normal (say, the site
    stopped printing bylines): the baseline starts again from its runs recorded ``dropped``,
    and the runs before them no longer count. The outlet is judged again once the new
    baseline has enough runs ([health] min_baseline_runs)."""
    from store import guard
    from store.runs import accept_health_drop

    config = obj.config
    if name not in config.outlets:
        fail(f"unknown outlet {name!r} (known: {', '.join(sorted(config.outlets))})")
    accepted = guard.write(obj.store(), lambda s: accept_health_drop(s, name))
    if accepted:
        click.echo(
            f"{name}: {accepted} run(s) with a drop in health accepted; the baseline starts "
            "again from them"
        )
    else:
        click.echo(f"{name}: no run with a drop in health to accept")
