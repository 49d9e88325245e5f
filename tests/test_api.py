"""The JSON API over real HTTP (uvicorn on 127.0.0.1), on both backends."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from openapi_spec_validator import validate

from api.app import create_api
from api.schema import openapi_document
from store.db import Store
from store.tokens import add_token, revoke_token
from tests.search_corpus import add_docs


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def api(seeded: Store) -> Iterator[tuple[str, dict[str, str], Store]]:
    add_docs(seeded)
    with seeded.transaction() as session:
        token = add_token(session, "script")
    port = _free_port()
    config = uvicorn.Config(create_api(seeded), host="127.0.0.1", port=port, log_level="error")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {token}"}, seeded
    server.should_exit = True
    thread.join(5)


def test_refused_without_a_valid_token(api) -> None:  # type: ignore[no-untyped-def]
    base, auth, store = api
    assert httpx.get(f"{base}/articles").status_code == 401
    bad = httpx.get(f"{base}/articles", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.headers["www-authenticate"] == "Bearer"
    assert httpx.get(f"{base}/articles", headers=auth).status_code == 200
    with store.transaction() as session:
        revoke_token(session, "script")
    assert httpx.get(f"{base}/csos", headers=auth).status_code == 401


def test_articles_filters_and_paging(api) -> None:  # type: ignore[no-untyped-def]
    base, auth, _ = api
    page = httpx.get(f"{base}/articles", params={"limit": 3}, headers=auth).json()
    assert len(page["items"]) == 3 and page["next"]
    seen = [a["id"] for a in page["items"]]
    while page["next"]:
        page = httpx.get(page["next"], headers=auth).json()
        seen += [a["id"] for a in page["items"]]
    assert len(seen) == len(set(seen)) == 7
    ru = httpx.get(f"{base}/articles", params={"lang": "ru", "outlet": "rferl"}, headers=auth)
    assert {a["title"] for a in ru.json()["items"]} == {
        "Пытки в саратовской больнице",
        "Задержания в Москве",
    }
    dated = httpx.get(f"{base}/articles", params={"from": "2022-01-01", "to": "2022-12-31",
                                                  "cso": "memorial"}, headers=auth)  # fmt: skip
    assert {a["language"] for a in dated.json()["items"]} == {"en", "ru"}
    assert len(dated.json()["items"]) == 2


def test_search_and_one_article(api) -> None:  # type: ignore[no-untyped-def]
    base, auth, _ = api
    hits = httpx.get(f"{base}/articles", params={"q": "пытки Саратов"}, headers=auth).json()
    assert [h["title"] for h in hits["items"]] == ["Пытки в саратовской больнице"]
    assert "<mark>" in hits["items"][0]["snippet"]
    odd = httpx.get(f"{base}/articles", params={"q": '"unbalanced AND'}, headers=auth)
    assert odd.status_code == 200
    one = httpx.get(f"{base}/articles/{hits['items'][0]['id']}", headers=auth).json()
    assert one["paragraphs"] and one["mentions"][0]["cso"] == "gulagu-net"
    assert httpx.get(f"{base}/articles/99999", headers=auth).status_code == 404


def test_other_listings_and_timeline(api) -> None:  # type: ignore[no-untyped-def]
    base, auth, _ = api
    mentions = httpx.get(f"{base}/mentions", params={"cso": "ovd-info"}, headers=auth).json()
    assert {m["cso"] for m in mentions["items"]} == {"ovd-info"} and len(mentions["items"]) == 2
    clippings = httpx.get(f"{base}/clippings", params={"status": "candidate"}, headers=auth)
    assert len(clippings.json()["items"]) == 6
    assert httpx.get(f"{base}/quotes", params={"speaker": "x"}, headers=auth).json()["items"] == []
    csos = httpx.get(f"{base}/csos", headers=auth).json()["items"]
    assert {c["id"] for c in csos} == {"ovd-info", "memorial", "gulagu-net"}
    tl = httpx.get(f"{base}/csos/ovd-info/timeline", params={"by": "month"}, headers=auth).json()
    assert tl["points"][0] == {"period": "2021-06-01", "articles": 2, "mentions": 2}
    assert httpx.get(f"{base}/csos/nope/timeline", headers=auth).status_code == 404
    assert "<svg" in httpx.get(f"{base}/trends", params={"cso": "ovd-info"}, headers=auth).text


@pytest.mark.parametrize("params", [{"limit": "0"}, {"limit": "x"}, {"from": "yesterday"},
                                    {"offset": "-1"}])  # fmt: skip
def test_bad_parameters_are_400(api, params: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    base, auth, _ = api
    r = httpx.get(f"{base}/articles", params=params, headers=auth)
    assert r.status_code == 400 and r.json()["error"]


def test_openapi_document_is_valid(api) -> None:  # type: ignore[no-untyped-def]
    base, _, _ = api
    doc = httpx.get(f"{base}/openapi.json").json()
    validate(doc)
    validate(openapi_document("/api"))
    assert {"/articles", "/csos/{id}/timeline", "/quotes"} <= set(doc["paths"])


def test_desk_session_is_accepted(seeded: Store) -> None:
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.sessions import SessionMiddleware
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Mount, Route

    def login(request: Request) -> PlainTextResponse:
        request.session["user"] = "editor"
        return PlainTextResponse("ok")

    desk = Starlette(
        routes=[Route("/login", login), Mount("/api", app=create_api(seeded))],
        middleware=[Middleware(SessionMiddleware, secret_key="test")],
    )
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(desk, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            assert client.get("/api/csos").status_code == 401
            client.get("/login")
            assert client.get("/api/csos").status_code == 200
            assert client.get("/api/openapi.json").json()["servers"] == [{"url": "/api"}]
    finally:
        server.should_exit = True
        thread.join(5)
