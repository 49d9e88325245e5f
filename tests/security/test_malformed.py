"""Malformed requests get a plain 400 or 404, never a 500 (issue 17: "Malformed input gives
500"), on both backends: bodies the form parsers choke on, ids beyond 64 bits, days outside
what a week or a month around them can hold, a non-number where a clipping id belongs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from editor.app import MAX_FORM_BYTES, create_app
from store.db import Store
from tests.desk_store import SECRET, WEEK_URL, clipping_ids, login

HUGE = "99999999999999999999"  # beyond a signed 64-bit integer


@pytest.fixture
def client(desk: Store) -> Iterator[TestClient]:
    """A client that sees the 500 a server error would give, instead of the exception."""
    app = create_app(desk, secret=SECRET)
    with TestClient(app, follow_redirects=False, raise_server_exceptions=False) as c:
        yield c


def _form(client: TestClient, url: str, body: bytes, ctype: str) -> tuple[int, str]:
    response = client.post(url, content=body, headers={"content-type": ctype})
    return response.status_code, response.text


@pytest.mark.parametrize("logged_in", [False, True])
def test_form_bodies_the_parsers_choke_on_are_a_plain_400(
    client: TestClient, logged_in: bool
) -> None:
    url = "/login"
    token = b""
    if logged_in:
        token = login(client).encode()
        url = f"{WEEK_URL}/compose/ovd-info/summary"
    urlencoded = "application/x-www-form-urlencoded"
    assert _form(client, url, b"csrftoken=" + token + b"&name=\xff\xfe", urlencoded) == (
        400, "the form is not UTF-8"
    )  # fmt: skip
    assert _form(client, url, b"csrftoken=" + token + b"&name=%C3%28", urlencoded) == (
        400, "the form is not UTF-8"
    )  # fmt: skip
    assert _form(client, url, b"--x\r\n\r\n", "multipart/form-data") == (
        400, "multipart form without a boundary"
    )  # fmt: skip
    big = b"csrftoken=" + token + b"&summary=" + b"a" * MAX_FORM_BYTES
    assert _form(client, url, big, urlencoded) == (413, "form too large")


def test_a_good_form_still_goes_through_the_guard(client: TestClient, desk: Store) -> None:
    token = login(client)  # the login form itself passed the guard
    url = f"{WEEK_URL}/compose/ovd-info/summary"
    body = (
        f"csrftoken={token}&summary=%D0%9E%D0%92%D0%94-%D0%98%D0%BD%D1%84%D0%BE+%C2%AB%D0%B0%C2%BB"
    )
    status, _ = _form(client, url, body.encode(), "application/x-www-form-urlencoded")
    assert status == 303
    page = client.get(f"{WEEK_URL}/compose/ovd-info")
    assert "ОВД-Инфо «а»" in page.text


def test_ids_beyond_64_bits_are_404(client: TestClient, desk: Store) -> None:
    token = login(client)
    assert client.get(f"/api/articles/{HUGE}").status_code == 404
    for path in (f"/clippings/{HUGE}/approve", f"/events/{HUGE}/undo"):
        response = client.post(path, data={"csrftoken": token})
        assert response.status_code == 404, path
    # beyond the store's 32-bit ids, longer or of the same length, is no row: 404
    for path in ("/clippings/999999999999999999/approve", "/clippings/2147483648/approve"):
        assert client.post(path, data={"csrftoken": token}).status_code == 404, path
    assert client.get("/api/articles/2147483648").status_code == 404
    real = clipping_ids(desk)["a1"]
    ok = client.post(f"/clippings/{real}/approve", data={"csrftoken": token})
    assert ok.status_code == 303


@pytest.mark.parametrize(
    "path", ["/week/9999-12-31", "/week/0001-01-01", "/day/0001-01-01", "/day/9999-12-31",
             "/week/9999-12-31/compose/ovd-info", "/day/0001-01-01/export"],
)  # fmt: skip
def test_days_out_of_range_are_404_with_a_plain_message(client: TestClient, path: str) -> None:
    login(client)
    response = client.get(path)
    assert response.status_code == 404, path
    assert "out of range" in response.text


def test_api_days_out_of_range_are_400(client: TestClient) -> None:
    login(client)
    response = client.get("/api/articles?from=0001-01-01")
    assert response.status_code == 400
    assert "out of range" in response.text


def test_a_clipping_that_is_not_a_number_is_400_without_pythons_words(
    client: TestClient,
) -> None:
    token = login(client)
    for value in ("abc", HUGE, "１２", "-1"):
        response = client.post(
            f"{WEEK_URL}/compose/ovd-info/move",
            data={"csrftoken": token, "clipping": value, "direction": "up"},
        )
        assert (response.status_code, response.text) == (400, "clipping: expected a clipping id")
