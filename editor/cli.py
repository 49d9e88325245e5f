"""CLI commands that publish: ``digest`` (CSO of the Week) and ``news-of-the-day``."""

from __future__ import annotations

from typing import Any

import click

from crawler.cli import fail, handle_errors, main, pass_ctx
from crawler.cli_text import _week_ends
from editor.digest import Clip, DailyNews, Digest, render_digest, render_news_of_the_day

FORMAT = click.Choice(["text", "md", "html"])


@main.command()
@click.option("--week", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="Any day of the week.")  # fmt: skip
@click.option("--cso", required=True, metavar="KEY", help="The CSO of the Week.")
@click.option("--draft", is_flag=True, help="Every candidate with its default excerpt.")
@click.option("--summary", default="", help="The editor's summary paragraph.")
@click.option("--format", "fmt", type=FORMAT, default="text", show_default=True)
@pass_ctx
@handle_errors
def digest(obj: Any, week: Any, cso: str, draft: bool, summary: str, fmt: str) -> None:
    """Render the CSO of the Week item in the house format."""
    from store import queries
    from store.weeks import week_end

    end = week_end(week.date(), _week_ends(obj))
    status = None if draft else "approved"
    with obj.store().session() as session:
        views = queries.week_clippings(session, end, cso=cso, status=status)
        registry = queries.load_registry_dicts(session)
    names = {d["id"]: d["name"] for d in registry}
    if cso not in names:
        fail(f"no CSO {cso!r} in the registry (see `csowatch csos list`)")
    if draft:
        views = [v for v in views if v.status != "rejected"]
    views.sort(key=lambda v: (v.position is None, v.position or 0, v.published or end))
    clips = [
        Clip(
            v.outlet_name,
            (v.published or end).date() if v.published else end,
            v.excerpt,
            v.url,
            v.title,
        )
        for v in views
        if v.excerpt
    ]
    click.echo(render_digest(Digest(names[cso], summary, clips), fmt), nl=False)


@main.command("news-of-the-day")
@click.option("--date", "day", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--format", "fmt", type=FORMAT, default="text", show_default=True)
@pass_ctx
@handle_errors
def news_of_the_day(obj: Any, day: Any, fmt: str) -> None:
    """Render News of the Day: every article of that day that mentions a tracked CSO."""
    from store.news import articles_of_day

    with obj.store().session() as session:
        rows = articles_of_day(session, day.date())
    clips = [Clip(r.outlet_name, day.date(), r.lead, r.url, r.title) for r in rows if r.lead]
    click.echo(render_news_of_the_day(DailyNews(day.date(), clips), fmt), nl=False)
