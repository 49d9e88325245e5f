"""Compose and export: the CSO of the Week item (summary, order, three renderings) and News of
the Day. The renderings come from ``editor.publish``, the code path ``csowatch digest`` uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from api.convertors import row_id
from editor.clippings import ClippingView
from editor.digest import FORMATS, render_digest, render_news_of_the_day
from editor.publish import build_daily, build_digest, cso_name, item_clippings, move
from editor.views_common import actor, back, parse_day, render, store_of, week_of
from store.digests import get_summary, set_summary
from store.errors import UnknownCSOError

MAX_SUMMARY = 5000
FORMAT_LABELS = {"text": "Plain text", "md": "Markdown", "html": "HTML"}
MEDIA = {"text": "text/plain", "md": "text/markdown", "html": "text/plain"}


@dataclass(frozen=True)
class Export:
    fmt: str
    label: str
    text: str


@dataclass
class ComposePage:
    week_end: date
    week_start: date
    cso_id: str
    cso_name: str
    summary: str
    summary_by: str | None
    clippings: list[ClippingView]
    exports: list[Export]


@dataclass
class DayPage:
    day: date
    prev_day: date
    next_day: date
    exports: list[Export]
    items: int


def _fmt(request: Request) -> str:
    fmt = request.query_params.get("format", "text")
    if fmt not in FORMATS:
        raise HTTPException(400, f"format must be one of {', '.join(FORMATS)}")
    return fmt


async def compose(request: Request) -> Response:
    end = week_of(request, request.path_params["day"])
    cso_id = request.path_params["cso"]
    with store_of(request).read_session() as session:
        try:
            digest = build_digest(session, end, cso_id)
            name = cso_name(session, cso_id)
        except UnknownCSOError as exc:
            raise HTTPException(404, str(exc)) from exc
        stored = get_summary(session, end, cso_id)
        views = item_clippings(session, end, cso_id)
    exports = [Export(f, FORMAT_LABELS[f], render_digest(digest, f)) for f in FORMATS]
    page = ComposePage(
        week_end=end,
        week_start=end - timedelta(days=6),
        cso_id=cso_id,
        cso_name=name,
        summary=digest.summary,
        summary_by=stored.updated_by if stored else None,
        clippings=views,
        exports=exports,
    )
    return render(request, "compose.html", page)


def _compose_url(end: date, cso_id: str) -> str:
    return f"/week/{end.isoformat()}/compose/{cso_id}"


async def save_summary(request: Request) -> Response:
    end = week_of(request, request.path_params["day"])
    cso_id = request.path_params["cso"]
    form = await request.form()
    text = str(form.get("summary", "") or "")
    if len(text) > MAX_SUMMARY:
        return PlainTextResponse(f"at most {MAX_SUMMARY} characters", status_code=400)
    name = actor(request)
    with store_of(request).transaction() as session:
        try:
            cso_name(session, cso_id)
        except UnknownCSOError as exc:
            raise HTTPException(404, str(exc)) from exc
        set_summary(session, end, cso_id, text, actor=name)
    return back(_compose_url(end, cso_id) + "#export")


async def move_clipping(request: Request) -> Response:
    end = week_of(request, request.path_params["day"])
    cso_id = request.path_params["cso"]
    form = await request.form()
    clipping_id = row_id(str(form.get("clipping", "")))
    if clipping_id is None:
        return PlainTextResponse("clipping: expected a clipping id", status_code=400)
    try:
        step = -1 if form.get("direction") == "up" else 1
        with store_of(request).transaction() as session:
            move(session, end, cso_id, clipping_id, step, actor=actor(request))
    except ValueError as exc:
        return PlainTextResponse(str(exc), status_code=400)
    return back(_compose_url(end, cso_id) + "#order")


async def export_digest(request: Request) -> Response:
    """The item as it is published: ``?format=text|md|html`` (``draft=1``: all candidates)."""
    end = week_of(request, request.path_params["day"])
    fmt = _fmt(request)
    draft = request.query_params.get("draft") in ("1", "true", "yes")
    with store_of(request).read_session() as session:
        try:
            digest = build_digest(session, end, request.path_params["cso"], draft=draft)
        except UnknownCSOError as exc:
            raise HTTPException(404, str(exc)) from exc
    return PlainTextResponse(render_digest(digest, fmt), media_type=MEDIA[fmt])


async def pick_day(request: Request) -> Response:
    raw = request.query_params.get("date") or datetime.now(UTC).date().isoformat()
    return back(f"/day/{parse_day(raw).isoformat()}")


async def day(request: Request) -> Response:
    when = parse_day(request.path_params["day"])
    with store_of(request).read_session() as session:
        daily = build_daily(session, when)
    exports = [Export(f, FORMAT_LABELS[f], render_news_of_the_day(daily, f)) for f in FORMATS]
    page = DayPage(
        when, when - timedelta(days=1), when + timedelta(days=1), exports, len(daily.clips)
    )
    return render(request, "day.html", page)


async def export_day(request: Request) -> Response:
    when = parse_day(request.path_params["day"])
    fmt = _fmt(request)
    with store_of(request).read_session() as session:
        daily = build_daily(session, when)
    return PlainTextResponse(render_news_of_the_day(daily, fmt), media_type=MEDIA[fmt])


def routes() -> list[Route]:
    base = "/week/{day}/compose/{cso}"
    return [
        Route(base, compose, methods=["GET"], name="compose"),
        Route(base + "/summary", save_summary, methods=["POST"], name="save_summary"),
        Route(base + "/move", move_clipping, methods=["POST"], name="move_clipping"),
        Route(base + "/export", export_digest, methods=["GET"], name="export_digest"),
        Route("/day", pick_day, methods=["GET"], name="pick_day"),
        Route("/day/{day}", day, methods=["GET"], name="day"),
        Route("/day/{day}/export", export_day, methods=["GET"], name="export_day"),
    ]
