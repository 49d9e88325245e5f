"""The read-only JSON API: ``create_api(store)`` is an ASGI app the desk mounts at ``/api``.

Endpoints (all GET, JSON; the OpenAPI document is ``/api/openapi.json``)::

    /articles            filters cso, outlet, from, to, lang, q (search); paged
    /articles/{id}       one article with text, paragraphs, mentions and quotes
    /mentions /quotes /clippings      filters as above (+ speaker, status); paged
    /csos                the registry
    /csos/{id}/timeline  ?by=week|month&from&to: articles and mentions per period
    /trends              an HTML page with the timeline chart (?cso=KEY)

Paging: ``limit`` (1..500, default 50) and ``offset``; every page carries ``next``, the URL of
the following page or null. Auth: the desk's session user (when the desk's SessionMiddleware
is in front) or ``Authorization: Bearer <token>`` (``csowatch tokens add NAME``); anything
else gets 401. Bad parameters get 400 with ``{"error": ...}``. Reads use
``Store.read_session()``, so the API never takes SQLite's write lock (but to refresh a token's
``last_used`` at most once an hour).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

import api.convertors  # noqa: F401  (registers {id:rowid})
from api.schema import openapi_document
from store import listings, tokens
from store.db import Store
from store.models import ARTICLE_KINDS, CSO
from store.weeks import parse_day

MAX_LIMIT = 500


def _bad(message: str) -> HTTPException:
    return HTTPException(400, message)


def _date(request: Request, name: str) -> date | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return parse_day(raw)
    except ValueError as exc:
        raise _bad(f"{name}: {exc}") from None


def _int(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise _bad(f"{name}: expected an integer, got {raw!r}") from exc
    if not low <= value <= high:
        raise _bad(f"{name}: must be between {low} and {high}")
    return value


def _filters(request: Request) -> listings.Filters:
    p = request.query_params
    lang = p.get("lang") or None
    status = p.get("status") or None
    if status is not None and status not in ("candidate", "approved", "rejected"):
        raise _bad("status: must be candidate, approved or rejected")
    kind = p.get("kind") or None
    if kind is not None and kind not in ARTICLE_KINDS:
        raise _bad(f"kind: must be {' or '.join(ARTICLE_KINDS)}")
    if kind is not None and (p.get("q") or "").strip():
        raise _bad("kind: not with q (each search result says its kind)")
    return listings.Filters(
        cso=p.get("cso") or None,
        outlet=p.get("outlet") or None,
        since=_date(request, "from"),
        until=_date(request, "to"),
        lang=lang,
        speaker=p.get("speaker") or None,
        status=status,
        kind=kind,
    )


def _paged(request: Request, items: list[dict[str, Any]], limit: int, offset: int) -> Response:
    more = len(items) > limit
    items = items[:limit]
    next_url = str(request.url.include_query_params(offset=offset + limit)) if more else None
    body = {"items": items, "limit": limit, "offset": offset, "next": next_url}
    return JSONResponse(body)


class Api:
    def __init__(self, store: Store, week_ends: str) -> None:
        self.store = store
        self.week_ends = week_ends

    def authorise(self, request: Request) -> None:
        if "session" in request.scope and request.session.get("user"):
            return
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            with self.store.read_session() as session:
                name = tokens.check_token(session, token.strip())
                stale = name is not None and tokens.needs_touch(session, name)
            if name is not None:
                if stale:
                    with self.store.transaction() as session:
                        tokens.touch_token(session, name)
                return
        raise HTTPException(401, "a token is required: Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})  # fmt: skip

    def listing(self, kind: listings.Kind) -> Any:
        def endpoint(request: Request) -> Response:
            self.authorise(request)
            f = _filters(request)
            limit = _int(request, "limit", 50, 1, MAX_LIMIT)
            offset = _int(request, "offset", 0, 0, 10**9)
            q = request.query_params.get("q", "").strip()
            with self.store.read_session() as session:
                if kind == "articles" and q:
                    from store.search import search

                    hits = search(session, q, f, limit=limit + 1, offset=offset)
                    items = [h.to_dict() for h in hits]
                else:
                    items = listings.page(session, kind, f, limit=limit + 1, offset=offset)
            return _paged(request, items, limit, offset)

        return endpoint

    def article(self, request: Request) -> Response:
        self.authorise(request)
        with self.store.read_session() as session:
            record = listings.get_article(session, int(request.path_params["id"]))
        if record is None:
            raise HTTPException(404, "no such article")
        return JSONResponse(record)

    def csos(self, request: Request) -> Response:
        self.authorise(request)
        with self.store.read_session() as session:
            rows = session.query(CSO).order_by(CSO.id).all()
            items = [{"id": c.id, "name": c.name, "descriptor": c.descriptor,
                      "active": c.active, **(c.data or {})} for c in rows]  # fmt: skip
        return JSONResponse({"items": items})

    def timeline(self, request: Request) -> Response:
        from store.trends import trend

        self.authorise(request)
        by = request.query_params.get("by", "week")
        if by not in ("week", "month"):
            raise _bad("by: must be week or month")
        cso = request.path_params["id"]
        with self.store.read_session() as session:
            if session.get(CSO, cso) is None:
                raise HTTPException(404, f"no CSO {cso!r}")
            points = trend(session, cso, by=by, since=_date(request, "from"),  # type: ignore[arg-type]
                           until=_date(request, "to"), week_ends=self.week_ends)  # fmt: skip
        return JSONResponse({"cso": cso, "by": by, "points": [p.to_dict() for p in points]})

    def trends_page(self, request: Request) -> Response:
        from api.charts import trends_html

        self.authorise(request)
        cso = request.query_params.get("cso") or ""
        by: Literal["week", "month"] = (
            "month" if request.query_params.get("by") == "month" else "week"
        )
        with self.store.read_session() as session:
            html = trends_html(session, cso, by=by,
                               week_ends=self.week_ends)  # fmt: skip
        return HTMLResponse(html)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return JSONResponse({"error": exc.detail}, exc.status_code, headers=exc.headers)


def create_api(store: Store, *, week_ends: str = "friday") -> Starlette:
    """The API as an ASGI app; mount it at ``/api`` (paths below are relative to the mount)."""
    api = Api(store, week_ends)

    def openapi(request: Request) -> Response:
        return JSONResponse(openapi_document(request.scope.get("root_path") or "/"))

    routes = [
        Route("/openapi.json", openapi),
        Route("/articles", api.listing("articles")),
        Route("/articles/{id:rowid}", api.article),
        Route("/mentions", api.listing("mentions")),
        Route("/quotes", api.listing("quotes")),
        Route("/clippings", api.listing("clippings")),
        Route("/csos", api.csos),
        Route("/csos/{id}/timeline", api.timeline),
        Route("/trends", api.trends_page),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: _http_error})
