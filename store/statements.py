"""Statements: what the crawl needs to know of the CSOs' own posts already stored."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import ArticleRow, Outlet


def last_post_ids(session: Session, outlet_key: str) -> dict[str, int]:
    """The newest stored post id per Telegram channel of the outlet (channel names folded):
    a statement's ``external_id`` is ``"<channel>/<id>"``, ids rise per channel."""
    query = (
        select(ArticleRow.external_id)
        .join(Outlet, Outlet.id == ArticleRow.outlet_id)
        .where(Outlet.key == outlet_key, ArticleRow.external_id.is_not(None))
    )
    out: dict[str, int] = {}
    for external_id in session.scalars(query):
        channel, _, ident = (external_id or "").rpartition("/")
        if channel and ident.isdigit():
            key = channel.casefold()
            out[key] = max(out.get(key, 0), int(ident))
    return out
