"""Login and logout. The login page is the only page a visitor without a session may see."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from editor.auth import safe_next, verify_password
from editor.views_common import back, render, store_of
from store.users import get_user, record_login, set_password_hash


@dataclass(frozen=True)
class LoginPage:
    next: str
    name: str = ""
    error: str | None = None


async def login_form(request: Request) -> Response:
    if request.session.get("user"):
        return back(safe_next(request.query_params.get("next")))
    return render(
        request, "login.html", LoginPage(next=safe_next(request.query_params.get("next")))
    )


async def login(request: Request) -> Response:
    form = await request.form()
    name = str(form.get("name", "")).strip()
    password = str(form.get("password", ""))
    target = safe_next(str(form.get("next", "")))
    store = store_of(request)
    with store.transaction() as session:
        user = get_user(session, name) if name else None
        ok, new_hash = verify_password(password, user.password_hash) if user else (False, None)
        if user is not None and ok and not user.disabled:
            if new_hash:
                set_password_hash(session, name, new_hash)
            record_login(session, name)
        else:
            ok = False
    if not ok:
        page = LoginPage(next=target, name=name, error="Wrong name or password.")
        return render(request, "login.html", page, status=401)
    request.session.clear()
    request.session["user"] = name
    return back(target)


async def logout(request: Request) -> Response:
    request.session.clear()
    return back("/login")


def routes() -> list[Route]:
    return [
        Route("/login", login_form, methods=["GET"], name="login_form"),
        Route("/login", login, methods=["POST"], name="login"),
        Route("/logout", logout, methods=["POST"], name="logout"),
    ]
