"""Telegram's public web preview of a channel, ``t.me/s/<channel>`` (pure: HTML in, data out).

The preview lists a channel's latest posts (about 20, oldest first) and links the posts before
them (``a.tme_messages_more[data-before]``, href ``/s/<channel>?before=<id>``). Its markup
(``tgme_*`` classes, see shared/outlets-more.md section 10):

- the channel: ``div.tgme_channel_info`` with ``.tgme_channel_info_header_title`` (its title)
  and ``.tgme_channel_info_header_username`` (``@name``); a name that is no public channel
  (renamed, deleted, private) gets no such block: t.me redirects to ``t.me/<name>``, a
  "contact" page;
- each post: ``div.tgme_widget_message_wrap`` holding ``div.tgme_widget_message`` with
  ``data-post="<channel>/<id>"``; the permalink ``a.tgme_widget_message_date[href]``; the time
  ``time[datetime]`` (ISO 8601) in ``span.tgme_widget_message_meta``; the channel's name as
  author ``a.tgme_widget_message_owner_name``; the text ``div.tgme_widget_message_text``
  (lines split by ``<br>``); a forward's origin ``.tgme_widget_message_forwarded_from``; link
  previews ``a.tgme_widget_message_link_preview`` (``.link_preview_title``,
  ``.link_preview_description``); service messages (``.service_message``: "channel created",
  "pinned") have no text of the channel's own.

``parse_preview`` reads a whole page; ``read_post`` one post element (the extraction rules of the
``telegram`` family read a post with it, ``pipelines.extract.rules.telegram``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree
from lxml import html as lxml_html

from pipelines.dates import parse_date, to_utc

__all__ = ["LinkPreview", "Post", "Preview", "parse_preview", "post_title", "read_post"]

TITLE_MAX = 120  # a post has no headline: its first line, cut to this many characters
_SPACE = re.compile(r"\s+")
_BLOCKS = ("div", "p", "blockquote", "pre")  # elements whose text stands on lines of its own


@dataclass(frozen=True)
class LinkPreview:
    """The card Telegram shows under a post for the first link in it."""

    url: str
    site: str = ""
    title: str = ""
    description: str = ""


@dataclass
class Post:
    """One post of a channel; ``lines`` are its text's non-empty lines, in order."""

    channel: str
    id: int
    url: str  # the permalink, https://t.me/<channel>/<id>
    published: datetime | None
    lines: list[str] = field(default_factory=list)
    author: str = ""  # the channel's name as the post shows it
    forwarded_from: str = ""  # a forward: the name of the channel or user it comes from
    links: list[tuple[str, str]] = field(default_factory=list)  # (anchor text, http(s) href)
    link_previews: list[LinkPreview] = field(default_factory=list)
    service: bool = False  # "channel created", "pinned a message": not a post of its own
    html: str = ""  # the post's markup (its ``tgme_widget_message_wrap``), as served

    @property
    def own_text(self) -> bool:
        """Whether the post is the channel's own words: text, not a forward or a service line."""
        return bool(self.lines) and not self.forwarded_from and not self.service


@dataclass
class Preview:
    """A preview page: whether it shows a channel, its title, its posts and the next page."""

    found: bool  # a public channel's preview (its info block or posts are on the page)
    channel: str = ""  # the channel's name as the page gives it ("@name" without the "@")
    title: str = ""
    posts: list[Post] = field(default_factory=list)  # in page order: oldest first
    before: int | None = None  # the "more" link's offset: the page of older posts


def _clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _text(root: Any, selector: str) -> str:
    found = root.cssselect(selector)
    return _clean(found[0].text_content()) if found else ""


def parse_preview(html: str, url: str) -> Preview:
    """Read a ``t.me/s/<channel>`` page (``url`` is where it was served from)."""
    try:
        tree = lxml_html.document_fromstring((html or "").strip() or "<html></html>", base_url=url)
    except (lxml.etree.ParserError, ValueError):  # nothing a browser would show
        return Preview(found=False)
    info = tree.cssselect("div.tgme_channel_info")
    posts = [
        post
        for wrap in tree.cssselect("div.tgme_widget_message_wrap")
        if (post := read_post(wrap, url)) is not None
    ]
    username = _text(tree, ".tgme_channel_info_header_username").removeprefix("@")
    channel = username or (posts[0].channel if posts else "")
    before = None
    more = tree.cssselect("a.tme_messages_more[data-before]")
    if more:
        value = more[0].get("data-before", "")
        before = int(value) if value.isdigit() else None
    return Preview(
        found=bool(info) or bool(posts),
        channel=channel,
        title=_text(tree, ".tgme_channel_info_header_title"),
        posts=posts,
        before=before,
    )


def read_post(wrap: Any, url: str) -> Post | None:
    """One post from its ``tgme_widget_message_wrap`` (or the ``tgme_widget_message`` itself);
    None when it carries no ``data-post="<channel>/<id>"``."""
    if "tgme_widget_message" in (wrap.get("class") or "").split():
        message = wrap
    else:
        found = wrap.cssselect("div.tgme_widget_message[data-post]")
        if not found:
            return None
        message = found[0]
    channel, _, ident = (message.get("data-post") or "").partition("/")
    if not channel or not ident.isdigit():
        return None
    permalink = ""
    date_link = message.cssselect("a.tgme_widget_message_date[href]")
    if date_link:
        permalink = urljoin(url, date_link[0].get("href", "").strip())
    if not permalink.startswith(("http://", "https://")):
        permalink = f"https://t.me/{channel}/{ident}"
    stamp = message.cssselect(".tgme_widget_message_meta time[datetime], time[datetime]")
    published = parse_date(stamp[0].get("datetime")) if stamp else None
    texts = message.cssselect("div.tgme_widget_message_text")
    # a reply quotes the post it answers in its own .tgme_widget_message_text: not this text
    own = [t for t in texts if not _inside(t, "tgme_widget_message_reply")]
    lines: list[str] = []
    links: list[tuple[str, str]] = []
    if own:
        lines = _lines(own[-1])
        links = _links(own[-1], url)
    previews = [
        LinkPreview(
            urljoin(url, a.get("href", "").strip()),
            _text(a, ".link_preview_site_name"),
            _text(a, ".link_preview_title"),
            _text(a, ".link_preview_description"),
        )
        for a in message.cssselect("a.tgme_widget_message_link_preview[href]")
    ]
    return Post(
        channel=channel,
        id=int(ident),
        url=permalink,
        published=to_utc(published) if published is not None else None,
        lines=lines,
        author=_text(message, "a.tgme_widget_message_owner_name"),
        forwarded_from=_text(message, ".tgme_widget_message_forwarded_from_name")
        or _text(message, ".tgme_widget_message_forwarded_from"),
        links=links,
        link_previews=previews,
        service="service_message" in (message.get("class") or "").split(),
        html=lxml_html.tostring(wrap, encoding="unicode"),
    )


def post_title(lines: list[str], limit: int = TITLE_MAX) -> str:
    """A post's headline: its first line, cut at a word before ``limit`` characters (``…``)."""
    first = lines[0] if lines else ""
    if len(first) <= limit:
        return first
    cut = first[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:—–-") + "…"


def _inside(element: Any, cls: str) -> bool:
    parent = element.getparent()
    while parent is not None:
        if cls in (parent.get("class") or "").split():
            return True
        parent = parent.getparent()
    return False


def _lines(element: Any) -> list[str]:
    """The element's text, one entry per non-empty line (``<br>`` and blocks end a line)."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.tag == "br" or node.tag in _BLOCKS:
            parts.append("\n")
        if node.text and node.tag != "br" and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if node.tag in _BLOCKS:
            parts.append("\n")

    walk(element)
    return [line for line in (_clean(x) for x in "".join(parts).split("\n")) if line]


def _links(element: Any, url: str) -> list[tuple[str, str]]:
    out = []
    for a in element.iter("a"):
        href = urljoin(url, (a.get("href") or "").strip())
        parts = urlsplit(href)
        if parts.scheme not in ("http", "https"):
            continue
        if (parts.hostname or "") in ("t.me", "telegram.me") and parts.query.startswith("q="):
            continue  # a hashtag: a search of the channel, not a link
        out.append((_clean(a.text_content()), href))
    return out
