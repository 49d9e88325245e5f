"""Statements: what the crawl needs to know of the CSOs' own posts already stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import ArticleRow, Outlet


@dataclass
class ChannelPosts:
    """The posts of one Telegram channel in the store: their ids, and the newest one's."""

    ids: set[int] = field(default_factory=set)
    last_id: int = 0
    last_published: datetime | None = None


def stored_posts(session: Session, outlet_key: str) -> dict[str, ChannelPosts]:
    """The stored posts per Telegram channel of the outlet (channel names folded): a
    statement's ``external_id`` is ``"<channel>/<id>"``, ids rise per channel."""
    query = (
        select(ArticleRow.external_id, ArticleRow.published)
        .join(Outlet, Outlet.id == ArticleRow.outlet_id)
        .where(Outlet.key == outlet_key, ArticleRow.external_id.is_not(None))
    )
    out: dict[str, ChannelPosts] = {}
    for external_id, published in session.execute(query):
        channel, _, ident = (external_id or "").rpartition("/")
        if not channel or not ident.isdigit():
            continue
        posts = out.setdefault(channel.casefold(), ChannelPosts())
        post_id = int(ident)
        posts.ids.add(post_id)
        if post_id > posts.last_id:
            posts.last_id, posts.last_published = post_id, published
    return out
