"""What every desk view shares: rendering one page object, the user, the week in the URL."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

from editor.digest import clip_label, format_date
from editor.publish import clip_of
from store import weeks
from store.db import Store
from store.weeks import week_end

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def external_url(url: str | None) -> str | None:
    """A scraped URL fit for an ``href``: only http(s) with a host, else None (no link)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def short_time(value: datetime | None) -> str:
    return f"{value:%d %b %H:%M} UTC" if value else ""


def clipping_label(view: Any, dated: bool = True) -> str:
    """The house label of a clipping view (``editor.digest.clip_label``): the outlet, or for a
    CSO's statement "OVD-Info said on its Telegram channel"."""
    return clip_label(clip_of(view), dated=dated)


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,  # every scraped string is escaped, whatever the template's name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["day"] = format_date
    env.filters["href"] = external_url
    env.filters["when"] = short_time
    env.filters["label"] = clipping_label
    return Jinja2Templates(env=env)


def render(
    request: Request, template: str, page: Any, *, status: int = 200, **extra: Any
) -> Response:
    """Render ``template`` with the page's one context object ``page`` (tests read it)."""
    templates: Jinja2Templates = request.app.state.templates
    context = {"page": page, "user": user_of(request), "csrftoken": csrf_token(request), **extra}
    return templates.TemplateResponse(request, template, context, status_code=status)


def user_of(request: Request) -> str | None:
    return request.scope.get("user_name")


def actor(request: Request) -> str:
    name = user_of(request)
    if not name:
        raise HTTPException(401, "login required")
    return name


def csrf_token(request: Request) -> str:
    getter = request.scope.get("csrftoken")
    return getter() if callable(getter) else ""


def store_of(request: Request) -> Store:
    return request.app.state.store


def week_ends(request: Request) -> str:
    return request.app.state.week_ends


def parse_day(raw: str) -> date:
    try:
        return weeks.parse_day(raw)
    except ValueError as exc:
        raise HTTPException(404, str(exc)) from None


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def back(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def week_of(request: Request, raw: str) -> date:
    """The week end named in the URL; 404 for a day that does not end a week."""
    day = parse_day(raw)
    if week_end(day, week_ends(request)) != day:
        raise HTTPException(404, f"{raw} does not end a week; weeks end on {week_ends(request)}")
    return day
