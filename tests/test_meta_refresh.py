"""The ``<meta refresh>`` middleware reads a page's head, not a decoded copy of the whole page.

Scrapy's own middleware calls ``response.text``, which decodes a whole page and keeps the text
on the response: in the reactor's process that is twice every page's size while it waits for
the analysis pool. End to end (a refresh followed, a page reloading itself kept):
``tests/faults/test_hostile.py``.
"""

from __future__ import annotations

from urllib.parse import quote

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.spiders import Spider
from scrapy.utils.test import get_crawler

from spiders.middlewares import META_REFRESH_HEAD_BYTES, OutletMetaRefreshMiddleware

PAGE = "https://outlet.test/a/story.html"


def _middleware() -> OutletMetaRefreshMiddleware:
    crawler = get_crawler(Spider)
    crawler.spider = Spider("outlet")
    return OutletMetaRefreshMiddleware.from_crawler(crawler)


def _page(head: str, *, charset: bool = True, body_kb: int = 200) -> HtmlResponse:
    meta = '<meta charset="utf-8">' if charset else ""
    filler = "<p>Правозащитный центр сообщил о новом деле.</p>" * (body_kb * 1024 // 80)
    html = f"<html><head>{meta}{head}<title>Т</title></head><body>{filler}</body></html>"
    return HtmlResponse(PAGE, body=html.encode("utf-8"), request=Request(PAGE))


def _refresh(response: HtmlResponse) -> Request | HtmlResponse:
    assert response.request is not None
    return _middleware().process_response(response.request, response)  # type: ignore[return-value]


def _decoded(response: HtmlResponse) -> bool:
    return getattr(response, "_cached_ubody", None) is not None


def test_a_page_without_a_refresh_is_passed_on_undecoded() -> None:
    response = _page("")
    assert len(response.body) > 10 * META_REFRESH_HEAD_BYTES
    result = _refresh(response)
    assert result is response
    assert not _decoded(response)


def test_a_refresh_in_the_head_of_a_large_page_is_followed() -> None:
    response = _page('<meta http-equiv="refresh" content="0; url=/a/moved.html">')
    result = _refresh(response)
    assert isinstance(result, Request)
    assert result.url == "https://outlet.test/a/moved.html"
    assert result.meta["redirect_urls"] == [PAGE]
    assert not _decoded(response)


def test_an_undeclared_charset_still_reads_the_refresh_url_whole() -> None:
    # no charset anywhere: the head is cut after a ">", never inside a two-byte letter
    target = "/a/правозащитники.html"
    response = _page(f'<meta http-equiv="refresh" content="0; url={target}">', charset=False)
    result = _refresh(response)
    assert isinstance(result, Request)
    assert result.url == "https://outlet.test" + quote(target)


def test_a_page_that_reloads_itself_is_the_page() -> None:
    response = _page(f'<meta http-equiv="refresh" content="60; url={PAGE}">')
    assert _refresh(response) is response


def test_a_refresh_past_the_head_is_not_a_redirect_as_in_scrapy() -> None:
    # Scrapy looks at the first 4,096 characters only; so does the head
    response = _page("")
    late = response.body.replace(b"</body>", b'<meta http-equiv="refresh" content="0; url=/x">')
    response = response.replace(body=late)
    assert _refresh(response) is response
