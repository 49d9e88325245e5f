"""The desk's accounts and sessions: argon2 passwords, the signing secret, the login gate.

- Passwords are hashed with argon2 (pwdlib's recommended parameters); ``verify_password``
  also says when a stored hash should be upgraded to newer parameters.
- Sessions live in a cookie signed with the secret (Starlette's ``SessionMiddleware``); the
  session holds only ``{"user": NAME}``. The secret is ``$CSOWATCH_SECRET``, else a random key
  kept in ``secret_key`` beside the SQLite store (``data/secret_key`` for PostgreSQL), mode 600.
- ``RequireLogin`` refuses every request without a session of an enabled account, except the
  login page and the static files: a page request is sent to ``/login``, anything else gets 401.
  A disabled account is logged out on its next request.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import quote

from pwdlib import PasswordHash
from sqlalchemy.engine import make_url
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from store.db import Store
from store.users import active_user

SECRET_ENV = "CSOWATCH_SECRET"
SECRET_FILE = "secret_key"
MIN_PASSWORD = 8
PUBLIC_PREFIXES = ("/login", "/static/")

_hasher = PasswordHash.recommended()


def hash_password(password: str) -> str:
    """An argon2 hash of ``password``; ``ValueError`` when it is shorter than 8 characters."""
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"the password must have at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> tuple[bool, str | None]:
    """``(matches, new_hash)``: ``new_hash`` is set when the stored hash should be replaced."""
    try:
        return _hasher.verify_and_update(password, password_hash)
    except Exception:  # a malformed stored hash never logs anyone in
        return False, None


def secret_path(database_url: str) -> Path:
    """Where the generated key lives: beside a SQLite file, else ``data/`` in the work dir."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent / SECRET_FILE
    return Path("data") / SECRET_FILE


def load_secret(database_url: str) -> str:
    """``$CSOWATCH_SECRET``, else the key file beside the store (created, mode 600)."""
    value = os.environ.get(SECRET_ENV, "").strip()
    if value:
        return value
    path = secret_path(database_url)
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    os.chmod(path, 0o600)
    return key


def is_public(path: str) -> bool:
    return path == "/login" or any(path.startswith(p) for p in PUBLIC_PREFIXES[1:])


class RequireLogin:
    """ASGI middleware (inside ``SessionMiddleware``): no session of an enabled user, no entry.

    ``scope["user_name"]`` is set for the views. Paths under ``skip`` (the JSON API, which
    checks tokens or the session itself) pass through, with a disabled user's session cleared.
    """

    def __init__(self, app: ASGIApp, store: Store, skip: tuple[str, ...] = ()) -> None:
        self.app = app
        self.store = store
        self.skip = skip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if is_public(path):
            await self.app(scope, receive, send)
            return
        session = scope.get("session")
        if session is None:
            session = {}
        name = session.get("user")
        if isinstance(name, str) and self._enabled(name):
            scope["user_name"] = name
            await self.app(scope, receive, send)
            return
        session.clear()  # a disabled account's session ends here
        if any(path == s or path.startswith(s + "/") for s in self.skip):
            await self.app(scope, receive, send)  # the API checks its tokens itself
            return
        await self._refuse(scope, receive, send)

    def _enabled(self, name: str) -> bool:
        with self.store.read_session() as session:
            return active_user(session, name) is not None

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or [])
        if scope.get("method") in ("GET", "HEAD") and b"hx-request" not in headers:
            target = scope.get("path", "/")
            query = scope.get("query_string", b"").decode("latin-1")
            if query:
                target += "?" + query
            response: Response = RedirectResponse(
                f"/login?next={quote(target, safe='')}", status_code=303
            )
        else:
            response = PlainTextResponse("login required", status_code=401)
        await response(scope, receive, send)


def safe_next(target: str | None) -> str:
    """Where to go after login: only a local path (``/week/…``), never another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
