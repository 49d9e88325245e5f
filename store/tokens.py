"""API tokens for scripts (``csowatch tokens add NAME``): only the SHA-256 of a token is kept.

A token is shown once, when it is created (``cw_`` + 40 random URL-safe characters). Checking
one is a lookup by hash; ``last_used`` is refreshed at most once an hour, so reading the API
does not turn every request into a write.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.coltypes import utcnow
from store.models import ApiToken

TOKEN_PREFIX = "cw_"
_TOUCH_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class TokenInfo:
    name: str
    created_at: datetime
    last_used: datetime | None
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def add_token(session: Session, name: str) -> str:
    """Create a token called ``name`` and return it (the only time it is visible).

    Raises ``ValueError`` when the name is empty or already used (even by a revoked token).
    """
    name = name.strip()
    if not name or len(name) > 64:
        raise ValueError("a token name must be 1..64 characters")
    if session.scalar(select(ApiToken.id).where(ApiToken.name == name)) is not None:
        raise ValueError(f"a token named {name!r} already exists")
    token = TOKEN_PREFIX + secrets.token_urlsafe(30)
    session.add(ApiToken(name=name, token_hash=hash_token(token)))
    session.flush()
    return token


def list_tokens(session: Session) -> list[TokenInfo]:
    rows = session.scalars(select(ApiToken).order_by(ApiToken.name))
    return [TokenInfo(r.name, r.created_at, r.last_used, r.revoked_at) for r in rows]


def revoke_token(session: Session, name: str) -> bool:
    """Revoke the token ``name``; False when there is no such active token."""
    row = session.scalar(select(ApiToken).where(ApiToken.name == name))
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    return True


def check_token(session: Session, token: str) -> str | None:
    """The name of the active token ``token``, or None. Does not write (see ``touch_token``)."""
    if not token:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None:
        return None
    return row.name


def needs_touch(session: Session, name: str) -> bool:
    last = session.scalar(select(ApiToken.last_used).where(ApiToken.name == name))
    return last is None or utcnow() - last > _TOUCH_EVERY


def touch_token(session: Session, name: str) -> None:
    row = session.scalar(select(ApiToken).where(ApiToken.name == name))
    if row is not None:
        row.last_used = utcnow()
