"""Desk accounts: the ``users`` table (``csowatch users add|list|disable``, the desk's login).

Passwords arrive here already hashed (``editor.auth.hash_password``): the store never sees a
plain password. Names are matched exactly (case-sensitive), as stored.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.coltypes import utcnow
from store.errors import StoreError
from store.models import User

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


class UserExistsError(StoreError):
    """``add_user`` was given a name that is already taken."""


class UnknownUserError(StoreError):
    """No account with that name."""


def check_name(name: str) -> str:
    """The name, stripped; ``ValueError`` unless it is 1-64 letters, digits or ``._@-``."""
    name = name.strip()
    if not _NAME.match(name):
        raise ValueError(
            f"bad user name {name!r}: use 1-64 letters, digits, '.', '_', '@' or '-', "
            "starting with a letter or digit"
        )
    return name


def add_user(session: Session, name: str, password_hash: str) -> User:
    """Create the account ``name``; ``UserExistsError`` when it exists. Does not commit."""
    name = check_name(name)
    if get_user(session, name) is not None:
        raise UserExistsError(f"user {name!r} already exists")
    user = User(name=name, password_hash=password_hash, disabled=False)
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, name: str) -> User | None:
    """The account ``name`` (enabled or not), or None."""
    return session.scalars(select(User).where(User.name == name)).one_or_none()


def list_users(session: Session) -> list[User]:
    """Every account, by name."""
    return list(session.scalars(select(User).order_by(User.name)))


def set_disabled(session: Session, name: str, disabled: bool = True) -> User:
    """Disable (or enable again) ``name``; a disabled account can no longer log in."""
    user = get_user(session, name)
    if user is None:
        raise UnknownUserError(f"no user {name!r}")
    user.disabled = disabled
    session.flush()
    return user


def set_password_hash(session: Session, name: str, password_hash: str) -> User:
    """Replace the stored hash (a new password, or a rehash with newer parameters)."""
    user = get_user(session, name)
    if user is None:
        raise UnknownUserError(f"no user {name!r}")
    user.password_hash = password_hash
    session.flush()
    return user


def record_login(session: Session, name: str) -> None:
    """Stamp ``last_login`` with the current time."""
    user = get_user(session, name)
    if user is not None:
        user.last_login = utcnow()
        session.flush()


def active_user(session: Session, name: str) -> User | None:
    """The account ``name`` if it exists and is not disabled (what every desk request checks)."""
    user = get_user(session, name)
    return user if user is not None and not user.disabled else None
