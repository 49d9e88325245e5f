"""Items built from the store: the ONE code path behind the desk's export and the CLI.

``build_digest`` gives the "CSO of the Week" item (the stored summary, the approved clippings
in the editor's order, else by date); ``build_daily`` gives "News of the Day". Both return the
plain shapes of ``editor.digest``, which ``render_digest``/``render_news_of_the_day`` print, so
``csowatch digest`` and the desk's export carry the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from editor.clippings import ClippingView, week_clippings
from editor.digest import Clip, DailyNews, Digest, statement_medium
from store.decisions import update_clipping
from store.digests import summary_text
from store.errors import UnknownCSOError
from store.models import CSO
from store.news import articles_of_day


def cso_name(session: Session, cso_id: str) -> str:
    row = session.get(CSO, cso_id)
    if row is None:
        raise UnknownCSOError(f"no CSO {cso_id!r} in the registry (see `csowatch csos list`)")
    return row.name


def item_clippings(
    session: Session, week_end: date, cso_id: str, *, draft: bool = False
) -> list[ClippingView]:
    """The clippings of the item, in print order: approved ones (``draft``: all but the
    rejected), by the editor's position, then by date."""
    views = week_clippings(session, week_end, cso=cso_id, status=None if draft else "approved")
    views = [v for v in views if v.status != "rejected" and v.excerpt.strip()]
    views.sort(key=lambda v: (v.position is None, v.position or 0, v.published is None,
                              v.published or 0, v.clipping_id))  # fmt: skip
    return views


def clip_of(view: ClippingView) -> Clip:
    day = view.published.date() if view.published else view.week_end
    if view.kind == "statement" and view.author_name:
        medium = statement_medium(view.outlet_spider)
        return Clip(view.outlet_name, day, view.excerpt, view.url, view.title,
                    view.author_name, medium)  # fmt: skip
    return Clip(view.outlet_name, day, view.excerpt, view.url, view.title)


def build_digest(
    session: Session,
    week_end: date,
    cso_id: str,
    *,
    draft: bool = False,
    summary: str | None = None,
) -> Digest:
    """The weekly item for ``cso_id``; ``summary`` overrides the stored paragraph."""
    name = cso_name(session, cso_id)
    text = summary if summary is not None else summary_text(session, week_end, cso_id)
    clips = [clip_of(v) for v in item_clippings(session, week_end, cso_id, draft=draft)]
    return Digest(name, text, clips)


def build_daily(session: Session, day: date) -> DailyNews:
    """News of the Day: every article of ``day`` with a clipping no editor rejected."""
    rows = articles_of_day(session, day)
    clips = [
        Clip(r.outlet_name, day, r.lead, r.url, r.title, r.author_name,
             statement_medium(r.outlet_spider) if r.author_name else None)
        for r in rows
        if r.lead
    ]  # fmt: skip
    return DailyNews(day, clips)


def reorder(
    session: Session, week_end: date, cso_id: str, order: Sequence[int], *, actor: str
) -> None:
    """Give the approved clippings of the item the positions of ``order`` (clipping ids);
    approved clippings missing from ``order`` follow in their current order."""
    current = [v.clipping_id for v in item_clippings(session, week_end, cso_id)]
    known = set(current)
    wanted = [cid for cid in dict.fromkeys(order) if cid in known]
    final = wanted + [cid for cid in current if cid not in set(wanted)]
    for position, clipping_id in enumerate(final):
        update_clipping(session, clipping_id, actor=actor, action="reorder", position=position)


def move(
    session: Session, week_end: date, cso_id: str, clipping_id: int, step: int, *, actor: str
) -> None:
    """Move one approved clipping ``step`` places (-1 up, +1 down) in the item."""
    order = [v.clipping_id for v in item_clippings(session, week_end, cso_id)]
    if clipping_id not in order:
        raise ValueError(f"clipping {clipping_id} is not an approved clipping of this item")
    i = order.index(clipping_id)
    j = max(0, min(len(order) - 1, i + step))
    order[i], order[j] = order[j], order[i]
    reorder(session, week_end, cso_id, order, actor=actor)
