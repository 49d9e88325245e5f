"""Editor decisions on clippings, each recorded in `clipping_events` so it can be undone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.coltypes import utcnow
from store.errors import StoreError
from store.models import CLIPPING_STATUSES, EXCERPT_KINDS, Clipping, ClippingEvent

EDITABLE = ("status", "excerpt", "excerpt_kind", "excerpt_ref", "reason", "note", "position")
_TRACKED = (*EDITABLE, "decided_by", "decided_at")


def snapshot(clipping: Clipping) -> dict[str, Any]:
    """The clipping's editable state as JSON-ready values (what events store)."""
    state = {name: getattr(clipping, name) for name in _TRACKED}
    if state["decided_at"] is not None:
        state["decided_at"] = state["decided_at"].isoformat()
    return state


def update_clipping(
    session: Session,
    clipping_id: int,
    *,
    actor: str,
    action: str | None = None,
    **changes: Any,
) -> Clipping:
    """Change a clipping's editable fields (``EDITABLE``) and record the event.

    Setting ``status`` to approved/rejected stamps ``decided_by``/``decided_at``; back to
    candidate clears them. ``action`` defaults to the new status ("approved", ...) or "edit".
    """
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValueError(f"not editable: {unknown}; editable: {', '.join(EDITABLE)}")
    if "status" in changes and changes["status"] not in CLIPPING_STATUSES:
        raise ValueError(f"status must be one of {CLIPPING_STATUSES}, got {changes['status']!r}")
    if "excerpt_kind" in changes and changes["excerpt_kind"] not in EXCERPT_KINDS:
        raise ValueError(f"excerpt_kind must be one of {EXCERPT_KINDS}")
    clipping = session.get(Clipping, clipping_id, with_for_update=True)
    if clipping is None:
        raise StoreError(f"no clipping {clipping_id}")
    before = snapshot(clipping)
    for name, value in changes.items():
        setattr(clipping, name, value)
    if "status" in changes and changes["status"] != before["status"]:
        decided = changes["status"] != "candidate"
        clipping.decided_by = actor if decided else None
        clipping.decided_at = utcnow() if decided else None
    after = snapshot(clipping)
    if after == before:
        return clipping
    name = action or changes.get("status", "edit")
    session.add(
        ClippingEvent(clipping_id=clipping.id, actor=actor, action=name, before=before, after=after)
    )
    session.flush()
    return clipping


def clipping_events(session: Session, clipping_id: int) -> list[ClippingEvent]:
    """A clipping's history, oldest first."""
    query = (
        select(ClippingEvent)
        .where(ClippingEvent.clipping_id == clipping_id)
        .order_by(ClippingEvent.at, ClippingEvent.id)
    )
    return list(session.scalars(query))


def undo_event(session: Session, event_id: int, *, actor: str) -> Clipping:
    """Put the clipping back as it was before event ``event_id`` (recorded as an "undo").

    Refused with ``StoreError`` when the clipping changed since that event: undo the later
    events first.
    """
    event = session.get(ClippingEvent, event_id)
    if event is None or event.before is None:
        raise StoreError(f"no undoable clipping event {event_id}")
    clipping = session.get_one(Clipping, event.clipping_id, with_for_update=True)
    if snapshot(clipping) != event.after:
        raise StoreError(
            f"clipping {clipping.id} changed after event {event_id}; undo the later ones first"
        )
    before = snapshot(clipping)
    for name in _TRACKED:
        value = event.before.get(name)
        if name == "decided_at" and value is not None:
            value = datetime.fromisoformat(value)
        setattr(clipping, name, value)
    session.add(
        ClippingEvent(
            clipping_id=clipping.id,
            actor=actor,
            action="undo",
            before=before,
            after=snapshot(clipping),
        )
    )
    session.flush()
    return clipping
