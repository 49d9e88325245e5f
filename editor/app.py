"""The editors' desk: ``create_app(store, secret=...)`` is the ASGI app ``csowatch serve`` runs.

Layers, outermost first::

    SessionMiddleware   signed-cookie session {"user": NAME} (also read by the API at /api)
    FormGuard           a POST body the form parsers would choke on: a plain 400 (or 413)
    CSRF                asgi-csrf: every POST needs the form field or header matching the
                        signed ``csrftoken`` cookie (the login form included)
    RequireLogin        no session of an enabled account: /login (pages) or 401 (the rest)
    routes              views_auth, views_week, views_review, views_compose, /static,
                        /api (api.app: tokens or this session) and any ``extra_mounts``

Pages are server-rendered Jinja2 (autoescaped: every scraped string is text, never markup)
with htmx for in-place review; without JavaScript every form still works.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote_to_bytes

from asgi_csrf import asgi_csrf
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.app import create_api
from editor import views_auth, views_compose, views_review, views_trends, views_week
from editor.auth import RequireLogin
from editor.views_common import make_templates
from store.db import Store

STATIC_DIR = Path(__file__).resolve().parent / "static"
SESSION_COOKIE = "csowatch_session"
SESSION_MAX_AGE = 12 * 3600
API_PREFIX = "/api"


class CSRFProtect:
    """asgi-csrf as a Starlette middleware class, signed with the desk's secret."""

    def __init__(self, app: ASGIApp, secret: str, https_only: bool = False) -> None:
        self.app = asgi_csrf(
            app,
            signing_secret=secret,
            always_protect={"/login", "/logout"},
            cookie_secure=https_only,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


MAX_FORM_BYTES = 1_000_000  # the desk's largest form, an edited excerpt, is a few KB


class FormGuard:
    """A POST body the form parsers would choke on gets a plain 400 before they see it: a
    multipart body without a boundary, a urlencoded body that is not UTF-8 (raw or %-escaped),
    and a form over ``MAX_FORM_BYTES`` (413). Other bodies pass untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        ctype = Headers(scope=scope).get("content-type", "").lower()
        media = ctype.split(";", 1)[0].strip()
        if media == "multipart/form-data" and not re.search(r";\s*boundary=[^;\s]", ctype):
            await PlainTextResponse("multipart form without a boundary", 400)(scope, receive, send)
            return
        if media != "application/x-www-form-urlencoded":
            await self.app(scope, receive, send)
            return
        body = b""
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_FORM_BYTES:
                await PlainTextResponse("form too large", 413)(scope, receive, send)
                return
        try:
            for part in body.decode("utf-8").split("&"):
                unquote_to_bytes(part.replace("+", " ")).decode("utf-8")
        except UnicodeDecodeError:
            await PlainTextResponse("the form is not UTF-8", 400)(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return PlainTextResponse(str(exc.detail), status_code=exc.status_code, headers=exc.headers)


def api_mounts(store: Store, week_ends: str) -> list[BaseRoute]:
    """``/api``: the read-only JSON API (``api.app``), behind the desk's session layer."""
    return [Mount(API_PREFIX, app=create_api(store, week_ends=week_ends))]


def create_app(
    store: Store,
    *,
    secret: str,
    week_ends: str = "friday",
    https_only: bool = False,
    extra_mounts: Sequence[BaseRoute] = (),
    with_api: bool = True,
) -> Starlette:
    """The desk for ``store``; ``secret`` signs sessions and CSRF tokens."""
    if len(secret) < 16:
        raise ValueError("the desk's secret must have at least 16 characters")
    mounts = [*(api_mounts(store, week_ends) if with_api else []), *extra_mounts]
    routes: list[BaseRoute] = [
        *views_auth.routes(),
        *views_week.routes(),
        *views_review.routes(),
        *views_compose.routes(),
        *views_trends.routes(),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
        *mounts,
    ]
    skip = tuple(str(getattr(m, "path", "")) for m in mounts if getattr(m, "path", ""))
    middleware = [
        Middleware(
            SessionMiddleware,
            secret_key=secret,
            session_cookie=SESSION_COOKIE,
            max_age=SESSION_MAX_AGE,
            same_site="lax",
            https_only=https_only,
        ),
        Middleware(FormGuard),
        Middleware(CSRFProtect, secret=secret, https_only=https_only),
        Middleware(RequireLogin, store=store, skip=skip),
    ]
    app = Starlette(
        routes=routes, middleware=middleware, exception_handlers={HTTPException: _http_error}
    )
    app.state.store = store
    app.state.week_ends = week_ends
    app.state.templates = make_templates()
    return app
