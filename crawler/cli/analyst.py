"""The analysts' commands: ``search``, ``export``, ``trend`` and ``tokens add|list|revoke``.

Every reader uses ``Store.read_session()``: none of them takes SQLite's write lock, so they run
while a crawl writes.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from crawler.cli.base import (
    Context,
    fail,
    handle_errors,
    main,
    pass_ctx,
    require_cso,
    require_outlet,
    week_ends,
)

DATE = click.DateTime(["%Y-%m-%d"])


def _day(value: Any) -> date | None:
    return value.date() if value is not None else None


@main.command()
@click.argument("query")
@click.option("--cso", metavar="KEY", help="Only articles that mention this CSO.")
@click.option("--outlet", metavar="KEY", help="Only this outlet.")
@click.option("--from", "since", type=DATE, help="Published on or after (YYYY-MM-DD).")
@click.option("--to", "until", type=DATE, help="Published on or before (YYYY-MM-DD).")
@click.option("--lang", type=click.Choice(["en", "ru"]), help="Article language.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "jsonl"]),
              default="table", show_default=True)  # fmt: skip
@pass_ctx
@handle_errors
def search(obj: Context, query: str, cso: str | None, outlet: str | None, since: Any,
           until: Any, lang: str | None, limit: int, fmt: str) -> None:  # fmt: skip
    """Full-text search: words, "phrases", AND / OR / NOT (or -word), prefix*.

    Russian words match every inflected form («пытки» finds «пыток»), English words every
    form of their stem; ё = е; names such as Gulagu.net or ОВД-Инфо are found as names.
    Results are ranked; matched words are marked **like this** in the snippet."""
    from store.listings import Filters
    from store.search import search as run_search

    f = Filters(cso=cso, outlet=outlet, since=_day(since), until=_day(until), lang=lang)
    with obj.store().read_session() as session:
        require_cso(session, cso)
        require_outlet(obj, session, outlet)
        hits = run_search(session, query, f, limit=limit)
    rows = [h.to_dict() | {"snippet": h.plain_snippet()} for h in hits]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        names = ["id", "score", "outlet", "published", "language", "title", "url", "snippet"]
        writer = csv.DictWriter(sys.stdout, names, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    elif not rows:
        click.echo("no matching articles", err=True)
    else:
        for n, row in enumerate(rows, 1):
            day = (row["published"] or "")[:10] or "????-??-??"
            click.echo(f"{n:>3}. {day}  {row['outlet']:<12} {row['title']}")
            click.echo(f"     {row['url']}")
            click.echo(f"     {row['snippet']}")


@main.command()
@click.argument("kind", type=click.Choice(["articles", "mentions", "quotes", "clippings"]))
@click.option("--since", type=DATE, help="Articles published on or after (YYYY-MM-DD).")
@click.option("--cso", metavar="KEY", help="Only records about this CSO.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet"]), required=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="File to write (default: standard output; parquet needs a file).")  # fmt: skip
@click.option("--quiet", "-q", is_flag=True, help="No progress on standard error.")
@click.option("--only", type=click.Choice(["article", "statement"]),
              help="Records of outlets' articles, or of the CSOs' own statements.")  # fmt: skip
@pass_ctx
@handle_errors
def export(obj: Context, kind: str, since: Any, cso: str | None, fmt: str, output: str,
           quiet: bool, only: str | None) -> None:  # fmt: skip
    """Export articles, mentions, quotes or clippings (streamed; progress on stderr)."""
    from store.exports import export as run_export
    from store.listings import Filters, count

    if fmt == "parquet" and output == "-":
        fail("parquet is binary: give --output FILE.parquet")
    f = Filters(cso=cso, since=_day(since), kind=only)
    store = obj.store()
    with store.read_session() as session:
        require_cso(session, cso)
        total = count(session, kind, f)  # type: ignore[arg-type]
        show = not quiet and total > 0
        bar = click.progressbar(length=total, label=f"export {kind}", file=sys.stderr) \
            if show else None  # fmt: skip
        last = [0]

        def progress(done: int) -> None:
            if bar is not None:
                bar.update(done - last[0])
                last[0] = done

        if output == "-":
            stream: Any = sys.stdout.buffer if fmt == "parquet" else sys.stdout
            n = run_export(session, kind, fmt, stream, f, progress=progress)  # type: ignore[arg-type]
        else:
            mode, enc = ("wb", None) if fmt == "parquet" else ("w", "utf-8")
            with open(output, mode, encoding=enc, newline="" if enc else None) as fh:
                n = run_export(session, kind, fmt, fh, f, progress=progress)  # type: ignore[arg-type]
        if bar is not None:
            bar.render_finish()
    click.echo(f"exported {n} {kind}" + ("" if output == "-" else f" to {output}"), err=True)


@main.command()
@click.option("--cso", required=True, metavar="KEY", help="The CSO.")
@click.option("--by", type=click.Choice(["week", "month"]), default="week", show_default=True)
@click.option("--from", "since", type=DATE, help="First day (YYYY-MM-DD).")
@click.option("--to", "until", type=DATE, help="Last day (YYYY-MM-DD).")
@click.option("--plot", type=click.Path(dir_okay=False), help="Also draw FILE.png or FILE.svg.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@pass_ctx
@handle_errors
def trend(obj: Context, cso: str, by: str, since: Any, until: Any, plot: str | None,
          fmt: str) -> None:  # fmt: skip
    """Articles mentioning a CSO (and its mentions) per week or month; weeks end on the
    configured day (Friday by default) and are named by their last day."""
    from api.charts import write_plot
    from store.trends import trend as run_trend

    with obj.store().read_session() as session:
        require_cso(session, cso)
        points = run_trend(session, cso, by=by, since=_day(since), until=_day(until),  # type: ignore[arg-type]
                           week_ends=week_ends(obj))  # fmt: skip
    if fmt == "json":
        click.echo(json.dumps([p.to_dict() for p in points], indent=2))
    elif fmt == "csv":
        click.echo(f"{by},articles,mentions")
        for p in points:
            click.echo(f"{p.period.isoformat()},{p.articles},{p.mentions}")
    else:
        click.echo(f"{by + ' ending' if by == 'week' else by:<12} articles  mentions")
        for p in points:
            label = p.period.isoformat() if by == "week" else p.period.strftime("%Y-%m")
            click.echo(f"{label:<12} {p.articles:>8}  {p.mentions:>8}")
    if plot:
        write_plot(points, Path(plot), f"{cso}: articles per {by}")
        click.echo(f"chart written to {plot}", err=True)


@main.group()
def tokens() -> None:
    """API tokens for scripts (the JSON API under /api)."""


@tokens.command("add")
@click.argument("name")
@pass_ctx
@handle_errors
def tokens_add(obj: Context, name: str) -> None:
    """Create a token NAME and print it (shown once; only its hash is kept)."""
    from store.tokens import add_token

    with obj.store().transaction() as session:
        token = add_token(session, name)
    click.echo(token)
    click.echo(f"token {name!r} created: send it as 'Authorization: Bearer <token>'", err=True)


@tokens.command("list")
@pass_ctx
@handle_errors
def tokens_list(obj: Context) -> None:
    """The tokens, with when they were last used."""
    from store.tokens import list_tokens

    with obj.store().read_session() as session:
        rows = list_tokens(session)
    if not rows:
        click.echo("no tokens")
    for t in rows:
        used = f"{t.last_used:%Y-%m-%d %H:%M}" if t.last_used else "never"
        state = "active" if t.active else f"revoked {t.revoked_at:%Y-%m-%d}"
        click.echo(f"{t.name:<24} created {t.created_at:%Y-%m-%d}  last used {used:<16} {state}")


@tokens.command("revoke")
@click.argument("name")
@pass_ctx
@handle_errors
def tokens_revoke(obj: Context, name: str) -> None:
    """Revoke the token NAME (requests with it are refused from now on)."""
    from store.tokens import revoke_token

    with obj.store().transaction() as session:
        done = revoke_token(session, name)
    if not done:
        fail(f"no active token named {name!r}", 1)
    click.echo(f"token {name!r} revoked")
