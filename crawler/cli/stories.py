"""``csowatch stories rebuild``: sign and group every stored article again (``store.stories``
with the core's ``pipelines.stories``), e.g. after migration 0013 or a change of the print."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import click

from crawler.cli.base import handle_errors, main, pass_ctx


@main.group()
def stories() -> None:
    """Copies of one story across outlets (one story, counted once)."""


@stories.command()
@click.option("--batch", default=500, show_default=True, help="Articles per transaction.")
@pass_ctx
@handle_errors
def rebuild(obj: Any, batch: int) -> None:
    """Forget the story groups and group every stored article again, oldest first.

    Each article's text is signed again; the links a crawl found on its page are kept (the
    store has no page to read them from), so a translation stays with its original."""
    from sqlalchemy import func, select

    from pipelines.stories import article_text, text_print
    from store import guard
    from store.models import ArticleRow
    from store.stories import assign, reset, source_keys

    store = obj.store()
    guard.write(store, reset)
    last, done, grouped = 0, 0, 0

    def step(session: Any) -> tuple[int, int, int]:
        rows = list(
            session.scalars(
                select(ArticleRow).where(ArticleRow.id > last).order_by(ArticleRow.id)
                .limit(batch)
            )
        )  # fmt: skip
        sources = source_keys(session, [r.id for r in rows])
        joined = 0
        for row in rows:
            story = text_print(article_text(row.title, row.lead, row.paragraphs or []),
                               row.canonical_url)  # fmt: skip
            story = replace(story, sources=sources.get(row.id, ()))
            if assign(session, row, story) != row.id:
                joined += 1
        return (rows[-1].id if rows else last), len(rows), joined

    while True:
        last, count, joined = guard.write(store, step)
        if not count:
            break
        done, grouped = done + count, grouped + joined
    with store.read_session() as session:
        count_stories = session.scalar(select(func.count(func.distinct(ArticleRow.story_id))))
    click.echo(f"{done} articles signed, {grouped} joined another's story; "
               f"{count_stories or 0} stories")  # fmt: skip
