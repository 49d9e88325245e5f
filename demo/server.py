"""A small real HTTP server for sample sites: conditional requests, faults, a request log.

Serves a ``{path: Resource}`` mapping on 127.0.0.1 (a key may carry a query, ``/s/x?before=9``,
served for that query only). Answers ``If-None-Match`` and
``If-Modified-Since`` with 304, can be told to fail a path first (``fail(path, 503,
retry_after=1)``) or to reset the connection of a path (``reset(path, times=3)``: the request is
read and the TCP connection is aborted with an RST, nothing answered), and logs every request so
tests can count what a crawl downloaded (a reset is logged with status 0).
"""

from __future__ import annotations

import hashlib
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Resource:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    last_modified: datetime | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


@dataclass
class LoggedRequest:
    method: str
    path: str
    status: int
    headers: dict[str, str]
    at: float = 0.0  # time.monotonic() when the request arrived
    done: float = 0.0  # ... and when its answer was sent (or the connection reset)


class SampleServer:
    def __init__(self, site: dict[str, Resource] | None = None, port: int = 0) -> None:
        self.site: dict[str, Resource] = dict(site or {})
        self.requests: list[LoggedRequest] = []
        self.faults: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self.resets: dict[str, int] = {}
        self.conditional = True
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> SampleServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> SampleServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def set_site(self, site: dict[str, Resource]) -> None:
        with self._lock:
            self.site = dict(site)

    def fail(
        self,
        path: str,
        status: int,
        times: int = 1,
        retry_after: int | None = None,
        slow: float = 0.0,
    ) -> None:
        """Answer the next ``times`` requests of ``path`` with ``status`` (after ``slow``
        seconds, like an overloaded server), with ``Retry-After`` if given."""
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        if slow:
            headers["X-Test-Slow"] = str(slow)
        self.faults.setdefault(path, []).extend([(status, headers)] * times)

    def reset(self, path: str, times: int = 1) -> None:
        """Abort the connection (TCP RST, no answer) of the next ``times`` requests of ``path``."""
        with self._lock:
            self.resets[path] = self.resets.get(path, 0) + times

    def _take_reset(self, path: str) -> bool:
        with self._lock:
            left = self.resets.get(path, 0)
            if left <= 0:
                return False
            self.resets[path] = left - 1
            return True

    def clear_log(self) -> None:
        with self._lock:
            self.requests.clear()

    def paths(self, status: int | None = None) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests if status is None or r.status == status]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

            def do_HEAD(self) -> None:  # noqa: N802
                self._serve(head=True)

            def do_GET(self) -> None:  # noqa: N802
                self._serve(head=False)

            def _serve(self, head: bool) -> None:
                target = urlsplit(self.path)
                path = target.path
                # a resource may be served for one query ("/s/channel?before=12"); else the
                # query is ignored
                if target.query and f"{path}?{target.query}" in server.site:
                    path = f"{path}?{target.query}"
                logged = LoggedRequest(
                    self.command, path, 0, dict(self.headers.items()), at=time.monotonic()
                )
                if server._take_reset(path):
                    with server._lock:
                        server.requests.append(logged)
                    self._abort()
                    logged.done = time.monotonic()
                    return
                status, headers, body = server._answer(path, self.headers)
                logged.status = status
                with server._lock:
                    server.requests.append(logged)
                slow = float(headers.pop("X-Test-Slow", 0) or 0)
                if slow:
                    time.sleep(slow)
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if not head and body:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up (e.g. a body too large)
                logged.done = time.monotonic()

            def _abort(self) -> None:
                # SO_LINGER with a zero timeout: close() sends an RST instead of a FIN.
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.close_connection = True
                self.connection.close()

        return Handler

    def _answer(self, path: str, request_headers: object) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            queue = self.faults.get(path)
            if queue:
                status, headers = queue.pop(0)
                return status, {"Content-Type": "text/plain", **headers}, b"temporarily failing"
            res = self.site.get(path)
        if res is None:
            return (
                404,
                {"Content-Type": "text/html"},
                b"<html><body><h1>Not found</h1></body></html>",
            )
        headers = {"Content-Type": res.content_type, **res.headers}
        if res.status != 200:
            return res.status, headers, res.body
        headers["ETag"] = res.etag
        if res.last_modified is not None:
            headers["Last-Modified"] = format_datetime(
                res.last_modified.astimezone(UTC), usegmt=True
            )
        if self.conditional and _not_modified(res, request_headers):
            return 304, {k: v for k, v in headers.items() if k != "Content-Type"}, b""
        return 200, headers, res.body


def _not_modified(res: Resource, request_headers: object) -> bool:
    get = getattr(request_headers, "get", lambda _k: None)
    inm = get("If-None-Match")
    if inm is not None:
        return res.etag in [t.strip() for t in inm.split(",")]
    ims = get("If-Modified-Since")
    if ims and res.last_modified is not None:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        return res.last_modified.replace(microsecond=0) <= since
    return False
