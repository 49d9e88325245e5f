"""Mirrors of API outlets: a ``SampleServer`` that tells URLs apart by their query too, as a
JSON API needs (``/api/v1/get/record?slug=…``, ``/api/w5/search?…&locale=en``), and the
resources such a site serves (RSS, JSON).

``demo.server.SampleServer`` serves and logs by path alone; here the query is folded into the
path before that happens (``?`` -> ``%3F``), so a resource is keyed by ``key(url)`` and the
request log shows which document was asked for."""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from demo.server import Resource, SampleServer


def key(url: str) -> str:
    """The resource key of a URL or path: its path, and its query after ``%3F``."""
    parts = urlsplit(url)
    return parts.path + ("%3F" + parts.query if parts.query else "")


class ApiServer(SampleServer):
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        base = super()._handler()

        class Handler(base):  # type: ignore[valid-type,misc]
            def _serve(self, head: bool) -> None:
                self.path = key(self.path)
                super()._serve(head)

        return Handler


def rss(title: str, link: str, items: list[tuple[str, str, datetime]]) -> bytes:
    """An RSS 2.0 feed of (title, link, publication time) items."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(u)}</link>"
        f"<guid>{escape(u)}</guid><pubDate>{format_datetime(d, usegmt=True)}</pubDate></item>"
        for t, u, d in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{escape(link)}</link>{entries}</channel></rss>"
    ).encode()


def json_resource(data: object) -> Resource:
    return Resource(
        json.dumps(data, ensure_ascii=False).encode(), "application/json; charset=utf-8"
    )


# What an API answers when it is down behind a front end: the application's HTML shell.
SPA_SHELL = Resource(
    b'<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Loading</title>'
    b'</head><body><div id="root"></div><script src="/assets/app.js"></script></body></html>'
)
