"""Reference data: outlets (from config/outlets.toml) and the tracked-CSO registry."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from store.coltypes import utcnow
from store.errors import UnknownOutletError
from store.models import CSO, Clipping, CSOSource, MentionRow, Outlet
from store.search_index import sync_csos

# keys of a registry dict stored in their own columns; everything else goes to `data`
_CSO_COLUMNS = ("id", "name", "descriptor")
# keys of a registry dict stored as rows of `cso_sources` (the CSO's own channels), by kind
_SOURCE_KEYS = {"telegram": "telegram", "feeds": "feed"}


def upsert_outlet(
    session: Session,
    key: str,
    name: str,
    base_url: str,
    language: str | None = None,
    spider: str | None = None,
) -> Outlet:
    """Create the outlet ``key`` or update its fields; returns the (flushed) row."""
    outlet = session.scalars(select(Outlet).where(Outlet.key == key)).one_or_none()
    if outlet is None:
        outlet = Outlet(key=key)
        session.add(outlet)
    outlet.name, outlet.base_url, outlet.language, outlet.spider = name, base_url, language, spider
    session.flush()
    return outlet


def outlet_id(session: Session, key: str) -> int:
    """The id of outlet ``key``; ``UnknownOutletError`` if ``upsert_outlet`` never saw it."""
    found = session.scalars(select(Outlet.id).where(Outlet.key == key)).one_or_none()
    if found is None:
        raise UnknownOutletError(
            f"outlet {key!r} is not in the store; it must be in outlets.toml (upsert_outlet)"
        )
    return found


# one key per database and schema: crawls on two machines seeding one empty store wait here
_SEED_LOCK = (
    "hashtextextended('csowatch registry seed ' || current_database() || '.' || "
    "current_schema(), 0)"
)


def seed_registry(session: Session, cso_dicts: list[dict[str, Any]]) -> bool:
    """Import ``cso_dicts`` if the store holds no CSO yet; False if it already held some.

    Crawls starting together on an empty store may all try: on PostgreSQL they take turns on
    a transaction-scoped advisory lock, so the later ones find the registry there; on SQLite
    the second writer's stale read fails (busy) and ``guard.write`` tries it again.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SELECT pg_advisory_xact_lock({_SEED_LOCK})"))
    if session.scalars(select(CSO.id).limit(1)).first() is not None:
        return False
    replace_registry(session, cso_dicts)
    return True


def replace_registry(session: Session, cso_dicts: list[dict[str, Any]]) -> None:
    """Make the registry exactly ``cso_dicts`` (the csos.yaml entries, each with an ``id``).

    CSOs present are inserted or updated. CSOs absent are not deleted (decided clippings
    still point at them) but marked inactive; their mentions and *candidate* clippings go,
    approved and rejected clippings stay. Re-importing a CSO makes it active again.
    """
    seen: set[str] = set()
    for entry in cso_dicts:
        cso_id = str(entry.get("id") or "").strip()
        if not cso_id:
            raise ValueError(f"registry entry without an id: {entry!r}")
        if cso_id in seen:
            raise ValueError(f"registry lists CSO {cso_id!r} twice")
        seen.add(cso_id)
        row = session.get(CSO, cso_id)
        if row is None:
            row = CSO(id=cso_id)
            session.add(row)
        row.name = str(entry.get("name") or cso_id)
        row.descriptor = entry.get("descriptor")
        row.data = {
            k: v for k, v in entry.items() if k not in _CSO_COLUMNS and k not in _SOURCE_KEYS
        }
        row.active = True
        row.updated_at = utcnow()
    session.flush()
    _replace_sources(session, cso_dicts)
    gone = select(CSO.id).where(CSO.id.not_in(seen)) if seen else select(CSO.id)
    gone_ids = list(session.scalars(gone))
    if gone_ids:
        touched = select(MentionRow.article_id).where(MentionRow.cso_id.in_(gone_ids)).distinct()
        touched_ids = list(session.scalars(touched))
        session.execute(delete(MentionRow).where(MentionRow.cso_id.in_(gone_ids)))
        sync_csos(session, touched_ids)  # the search index's CSO facet
        session.execute(
            delete(Clipping).where(Clipping.cso_id.in_(gone_ids), Clipping.status == "candidate")
        )
        session.execute(
            update(CSO).where(CSO.id.in_(gone_ids)).values(active=False, updated_at=utcnow())
        )
    session.flush()


def _replace_sources(session: Session, cso_dicts: list[dict[str, Any]]) -> None:
    """Make ``cso_sources`` the entries' ``telegram`` channels and ``feeds`` (all of them: a
    CSO no longer listed keeps none)."""
    session.execute(delete(CSOSource))
    session.flush()
    for entry in cso_dicts:
        for key, kind in _SOURCE_KEYS.items():
            value = entry.get(key) or []
            for position, address in enumerate([value] if isinstance(value, str) else value):
                session.add(
                    CSOSource(cso_id=str(entry["id"]).strip(), kind=kind, address=str(address),
                              position=position)
                )  # fmt: skip
    session.flush()


def _sources_by_cso(session: Session) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    keys = {kind: key for key, kind in _SOURCE_KEYS.items()}
    query = select(CSOSource).order_by(CSOSource.cso_id, CSOSource.kind, CSOSource.position)
    for row in session.scalars(query):
        out.setdefault(row.cso_id, {}).setdefault(keys[row.kind], []).append(row.address)
    return out


def load_registry_dicts(
    session: Session, *, include_inactive: bool = False
) -> list[dict[str, Any]]:
    """The registry as csos.yaml-shaped dicts, ordered by id (active CSOs only by default)."""
    query = select(CSO).order_by(CSO.id)
    if not include_inactive:
        query = query.where(CSO.active.is_(True))
    sources = _sources_by_cso(session)
    return [
        {
            "id": row.id,
            "name": row.name,
            "descriptor": row.descriptor,
            **(row.data or {}),
            **sources.get(row.id, {}),
        }
        for row in session.scalars(query)
    ]
