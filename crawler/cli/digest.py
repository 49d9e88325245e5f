"""CLI commands that publish: ``digest`` (CSO of the Week) and ``news-of-the-day``."""

from __future__ import annotations

from typing import Any

import click

from crawler.cli.base import fail, handle_errors, main, pass_ctx, require_cso, week_ends
from editor.digest import render_digest, render_news_of_the_day

FORMAT = click.Choice(["text", "md", "html"])


@main.command()
@click.option("--week", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="Any day of the week.")  # fmt: skip
@click.option("--cso", required=True, metavar="KEY", help="The CSO of the Week.")
@click.option("--draft", is_flag=True, help="Every candidate (all but the rejected).")
@click.option("--summary", default=None,
              help="The summary paragraph (default: the one saved on the desk).")  # fmt: skip
@click.option("--format", "fmt", type=FORMAT, default="text", show_default=True)
@pass_ctx
@handle_errors
def digest(obj: Any, week: Any, cso: str, draft: bool, summary: str | None, fmt: str) -> None:
    """Render the CSO of the Week item in the house format (the desk's export, word for word):
    the saved summary, then the approved clippings in the editor's order, else by date."""
    from editor.publish import build_digest
    from store.errors import UnknownCSOError
    from store.weeks import week_end

    end = week_end(week.date(), week_ends(obj))
    with obj.store().read_session() as session:
        require_cso(session, cso)
        try:
            item = build_digest(session, end, cso, draft=draft, summary=summary)
        except UnknownCSOError as exc:
            fail(str(exc))
    click.echo(render_digest(item, fmt), nl=False)


@main.command("news-of-the-day")
@click.option("--date", "day", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--format", "fmt", type=FORMAT, default="text", show_default=True)
@pass_ctx
@handle_errors
def news_of_the_day(obj: Any, day: Any, fmt: str) -> None:
    """Render News of the Day: every article of that day that mentions a tracked CSO."""
    from editor.publish import build_daily

    with obj.store().read_session() as session:
        daily = build_daily(session, day.date())
    click.echo(render_news_of_the_day(daily, fmt), nl=False)
