"""CLI commands around the text steps: the CSO registry, ``match``, ``quotes``, ``rematch``,
``reprocess`` and ``clippings``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import click

from crawler.cli.base import (
    Context,
    fail,
    handle_errors,
    main,
    pass_ctx,
    registry_errors,
    require_cso,
    store_registry,
    week_ends,
)
from pipelines.registry import dump_registry, load_registry
from pipelines.stories import story_print


@main.group()
def csos() -> None:
    """The tracked-CSO registry (import, list, export)."""


@csos.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@pass_ctx
@handle_errors
@registry_errors
def csos_import(obj: Context, file: str) -> None:
    """Replace the store's registry with FILE (csos.yaml schema)."""
    from store import queries

    registry = load_registry(file)
    with obj.store().session() as session:
        queries.replace_registry(session, [c.to_dict() for c in registry.csos])
        session.commit()
    click.echo(f"imported {len(registry.csos)} CSOs from {file}")
    click.echo("run `csowatch rematch` to apply the registry to stored articles", err=True)


@csos.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_ctx
@handle_errors
@registry_errors
def csos_list(obj: Context, fmt: str) -> None:
    """Show the registry kept in the store."""
    registry = store_registry(obj)
    if fmt == "json":
        click.echo(json.dumps([c.to_dict() for c in registry.csos], ensure_ascii=False, indent=2))
        return
    for c in registry.csos:
        names = sum(len(v) for v in c.aliases.values())
        own = (f" telegram={','.join(c.telegram)}" if c.telegram else "") + (
            f" feeds={','.join(c.feeds)}" if c.feeds else ""
        )  # the CSO's own channels, read as its statements
        click.echo(
            f"{c.id:<28} {c.name:<40} aliases={names:<3} people={len(c.people):<2} "
            f"domains={','.join(c.domains) or '-'}{own}"
        )


@csos.command("export")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here, not stdout.")
@pass_ctx
@handle_errors
@registry_errors
def csos_export(obj: Context, output: str | None) -> None:
    """Write the store's registry as csos.yaml."""
    text = dump_registry(store_registry(obj))
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def _json_lines(stream: TextIO, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for n, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            fail(f"{name}:{n}: not JSON ({exc.msg})")
        if not isinstance(obj, dict):
            fail(f"{name}:{n}: expected a JSON object")
        yield n, obj


def _open_input(file: str) -> tuple[TextIO, str]:
    if file == "-":
        return sys.stdin, "<stdin>"
    return open(file, encoding="utf-8"), file  # noqa: SIM115 - closed by the caller


@main.command()
@click.argument("file", default="-", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--registry", "registry_file", type=click.Path(dir_okay=False, exists=True),
              help="A csos.yaml to use instead of the store's registry.")  # fmt: skip
@pass_ctx
@handle_errors
@registry_errors
def match(obj: Context, file: str, registry_file: str | None) -> None:
    """Find CSO mentions in JSON lines {"id", "text"}; print {"id", "mentions"} lines."""
    from pipelines.mentions import find_mentions

    registry = load_registry(registry_file) if registry_file else store_registry(obj)
    stream, name = _open_input(file)
    with stream:
        for n, item in _json_lines(stream, name):
            text = item.get("text")
            if not isinstance(text, str):
                fail(f"{name}:{n}: field 'text' must be a string")
            mentions = [m.to_dict() for m in find_mentions(text, registry)]
            out = {"id": item.get("id"), "mentions": mentions}
            click.echo(json.dumps(out, ensure_ascii=False))


@main.command()
@click.argument("file", default="-", type=click.Path(dir_okay=False, allow_dash=True))
@handle_errors
def quotes(file: str) -> None:
    """Find direct quotes in JSON lines {"id", "paragraphs"}; print {"id", "quotes"} lines."""
    from pipelines.quotes import find_quotes

    stream, name = _open_input(file)
    with stream:
        for n, item in _json_lines(stream, name):
            paragraphs = item.get("paragraphs")
            if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
                fail(f"{name}:{n}: field 'paragraphs' must be a list of strings")
            found = [q.to_dict() for q in find_quotes(paragraphs)]
            click.echo(json.dumps({"id": item.get("id"), "quotes": found}, ensure_ascii=False))


@main.command()
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Articles published since.")
@pass_ctx
@handle_errors
@registry_errors
def rematch(obj: Context, since: Any) -> None:
    """Re-run mention and quote finding over stored articles (after the registry changed).

    Candidates are added and removed; clippings editors approved or rejected are kept."""
    from pipelines.mentions import find_mentions
    from pipelines.quotes import find_quotes
    from store import queries

    registry = store_registry(obj)
    store = obj.store()
    last_day = week_ends(obj)
    done = 0
    with store.read_session() as reader, store.session() as writer:
        for row in queries.iter_articles(reader, since=since):
            article = queries.row_to_article(row)
            mentions = find_mentions(article, registry)
            found = find_quotes(article)
            queries.replace_matches(writer, row.id, mentions, found, last_day)
            done += 1
            if done % 200 == 0:
                writer.commit()
                click.echo(f"rematched {done} articles…", err=True)
        writer.commit()
    click.echo(f"rematched {done} articles")


@main.command()
@click.option("--week", "week", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="Any day of the week (weeks end on the configured day).")  # fmt: skip
@click.option("--cso", metavar="KEY", help="Only this CSO.")
@click.option("--status", type=click.Choice(["candidate", "approved", "rejected"]))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_ctx
@handle_errors
def clippings(obj: Context, week: Any, cso: str | None, status: str | None, fmt: str) -> None:
    """List a week's candidate clippings per CSO."""
    from editor.clippings import week_clippings
    from editor.digest import clip_label
    from editor.publish import clip_of
    from store.weeks import week_end

    end = week_end(week.date(), week_ends(obj))
    with obj.store().session() as session:
        require_cso(session, cso)
        views = week_clippings(session, end, cso=cso, status=status)
    if fmt == "json":
        click.echo(json.dumps([_view_dict(v) for v in views], ensure_ascii=False, indent=2))
        return
    if not views:
        click.echo(f"no clippings in the week ending {end:%Y-%m-%d}")
        return
    current = None
    for v in views:
        if v.cso_id != current:
            current = v.cso_id
            click.echo(f"\n{v.cso_name} ({v.cso_id})")
        day = f"{v.published:%Y-%m-%d}" if v.published else "????-??-??"
        click.echo(f"  [{v.status}] {clip_label(clip_of(v), dated=False)}, {day}: {v.title}")
        click.echo(f"      {v.url}")
        if v.matched_sentence:
            click.echo(f"      > {v.matched_sentence}")
        if v.doubtful:
            why = ", ".join(v.evidence)
            click.echo(f"      ? {v.confidence} confidence: {why} (check the name)")


def _view_dict(v: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in vars(v).items():
        if key == "quotes":
            value = [q.to_dict() for q in value]
        elif isinstance(value, date):
            value = value.isoformat()
        out[key] = value
    return out


@main.command()
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Pages fetched since.")
@pass_ctx
@handle_errors
@registry_errors
def reprocess(obj: Context, since: Any) -> None:
    """Re-extract articles from the raw WARC archive (after extraction rules changed)."""
    from datetime import UTC

    from crawler.reprocess import iter_archive
    from pipelines.process import PageError, analyse_page
    from store import queries

    config = obj.config
    archive = Path(config.crawl.archive_dir)
    if not archive.is_dir():
        fail(f"no archive at {archive} (settings.toml crawl.archive_dir)")
    registry = store_registry(obj)
    store = obj.store()
    counts: dict[str, int] = {}
    start = since.replace(tzinfo=UTC) if since else None
    for page in iter_archive(archive, start):
        outlet = config.outlets.get(page.outlet)
        try:
            article = analyse_page(
                page.body,
                page.url,
                outlet=page.outlet,
                spider=outlet.spider if outlet else None,
                registry=registry,
                rules=outlet.rules if outlet else None,
                url_rules=outlet.url_rules if outlet else None,
                content_type=page.content_type,
                canonical=page.canonical or None,
            )
        except PageError as exc:
            counts[f"bad:{exc.reason}"] = counts.get(f"bad:{exc.reason}", 0) + 1
            continue
        with store.session() as session:
            result = queries.save_article(
                session,
                article,
                outlet_key=page.outlet,
                fetched_at=page.fetched_at,
                http_status=page.status,
                week_ends_on=config.week_ends,
                story=story_print(article),
            )
            session.commit()
        counts[result.status] = counts.get(result.status, 0) + 1
        total = sum(counts.values())
        if total % 200 == 0:
            click.echo(f"reprocessed {total} pages…", err=True)
    click.echo("reprocessed: " + (", ".join(f"{k}={v}" for k, v in sorted(counts.items())) or "0"))
