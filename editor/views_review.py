"""Review actions on one clipping: approve, reject with a reason, reopen, pick or cut the
excerpt, note, undo. Each is a POST (CSRF-checked) recorded with its actor by
``store.decisions``; an htmx request gets the card back (and the ranking, out of band), a plain
form post is sent back to the week page."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

import api.convertors  # noqa: F401  (registers {id:rowid})
from editor.views_common import actor, back, is_htmx, render, store_of
from editor.views_data import Card, card_for, load_week
from editor.week import Coverage, house_cut
from store.decisions import undo_event, update_clipping
from store.errors import StoreError
from store.models import Clipping, ClippingEvent

MAX_TEXT = 5000


@dataclass
class CardPage:
    """The context of a card sent back after an action."""

    week_end: date
    cso_id: str
    card: Card
    ranking: list[Coverage]


Change = Callable[[Session, int, Card, Any, str], None]


def _action(change: Change) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        clipping_id = int(request.path_params["id"])
        form = await request.form()
        name = actor(request)
        store = store_of(request)
        with store.read_session() as session:
            found = card_for(session, clipping_id)
        if found is None:
            raise HTTPException(404, f"no clipping {clipping_id}")
        card, _ = found
        try:
            with store.transaction() as session:
                change(session, clipping_id, card, form, name)
        except ValueError as exc:
            return PlainTextResponse(str(exc), status_code=400)
        except StoreError as exc:
            return PlainTextResponse(str(exc), status_code=409)
        return _respond(request, clipping_id)

    return endpoint


def _respond(request: Request, clipping_id: int) -> Response:
    with store_of(request).read_session() as session:
        row = session.get(Clipping, clipping_id)
        if row is None:
            raise HTTPException(404, f"no clipping {clipping_id}")
        week_end, cso_id = row.week_end, row.cso_id
        if not is_htmx(request):
            return back(f"/week/{week_end.isoformat()}?cso={cso_id}#clip-{clipping_id}")
        data = load_week(session, week_end)
    card = next(
        c
        for c in data.cards.get(cso_id, [])
        if c.view.clipping_id == clipping_id
        or any(copy.clipping_id == clipping_id for copy in c.copies)
    )
    page = CardPage(week_end, cso_id, card, data.ranking)
    return render(request, "_card_response.html", page)


def _text(form: Any, key: str) -> str:
    value = str(form.get(key, "") or "").strip()
    if len(value) > MAX_TEXT:
        raise ValueError(f"{key}: at most {MAX_TEXT} characters")
    return value


def approve(session: Session, clipping_id: int, card: Card, form: Any, name: str) -> None:
    update_clipping(session, clipping_id, actor=name, status="approved")


def reject(session: Session, clipping_id: int, card: Card, form: Any, name: str) -> None:
    reason = _text(form, "reason")
    if not reason:
        raise ValueError("give a reason for the rejection")
    update_clipping(session, clipping_id, actor=name, status="rejected", reason=reason)


def reopen(session: Session, clipping_id: int, card: Card, form: Any, name: str) -> None:
    update_clipping(session, clipping_id, actor=name, status="candidate", reason=None)


def excerpt(session: Session, clipping_id: int, card: Card, form: Any, name: str) -> None:
    if clipping_id != card.view.clipping_id:
        raise ValueError("pick the excerpt on the story's main clipping")
    key = _text(form, "option")
    if key == "custom":
        text = house_cut(_text(form, "text"))
        if not text:
            raise ValueError("the excerpt is empty")
        kind, ref = "custom", None
    else:
        option = next((o for o in card.options if o.key == key), None)
        if option is None:
            raise ValueError(f"no excerpt option {key!r} for this clipping")
        text, kind, ref = option.text, option.kind, option.ref
    update_clipping(
        session, clipping_id, actor=name, action="excerpt",
        excerpt=text, excerpt_kind=kind, excerpt_ref=ref,
    )  # fmt: skip


def note(session: Session, clipping_id: int, card: Card, form: Any, name: str) -> None:
    text = _text(form, "note")
    update_clipping(session, clipping_id, actor=name, action="note", note=text or None)


async def undo(request: Request) -> Response:
    event_id = int(request.path_params["id"])
    name = actor(request)
    store = store_of(request)
    try:
        with store.transaction() as session:
            event = session.get(ClippingEvent, event_id)
            if event is None:
                raise HTTPException(404, f"no event {event_id}")
            clipping_id = event.clipping_id
            undo_event(session, event_id, actor=name)
    except StoreError as exc:
        return PlainTextResponse(str(exc), status_code=409)
    return _respond(request, clipping_id)


def routes() -> list[Route]:
    actions: dict[str, Change] = {
        "approve": approve,
        "reject": reject,
        "reopen": reopen,
        "excerpt": excerpt,
        "note": note,
    }
    out = [
        Route(f"/clippings/{{id:rowid}}/{verb}", _action(change), methods=["POST"], name=verb)
        for verb, change in actions.items()
    ]
    out.append(Route("/events/{id:rowid}/undo", undo, methods=["POST"], name="undo"))
    return out
