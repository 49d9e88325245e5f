"""A CSO's post on its public Telegram channel, from the channel's web preview.

The page is a post's own markup (its ``tgme_widget_message_wrap``, which the ``telegram``
spider cuts from the preview page and stores under the post's permalink) or a whole preview page
(``t.me/s/<channel>``, then the post whose ``data-post`` the URL names, else the newest). The
reading itself is ``pipelines.telegram.read_post``; here it becomes the fields of an article:

- title: the first line of the text, cut at a word before 120 characters (a post has no
  headline); lead: the first line; paragraphs: the text's lines;
- authors: the channel's name as the post shows it; published: the post's ``time[datetime]``;
- links: the links in the text and the link previews (for link mentions);
- no body (``NoBodyError``) for a post with no text of the channel's own: a photo or sticker
  without a caption, a forward (someone else's words), a service line.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from pipelines.extract.rules.base import Page, Rules
from pipelines.telegram import Post, post_title, read_post
from pipelines.urls import article_id


def matches(page: Page) -> bool:
    """True for a Telegram preview page or one post of it."""
    return page.first("div.tgme_widget_message[data-post]") is not None


def _post(page: Page) -> Post | None:
    """The post the URL names (``t.me/<channel>/<id>``), else the page's newest (its last)."""
    wanted = (article_id(page.url, "telegram") or "").casefold()
    newest: Post | None = None
    for element in page.select("div.tgme_widget_message[data-post]"):
        if wanted and (element.get("data-post") or "").casefold() == wanted:
            return read_post(element, page.url)
        newest = read_post(element, page.url) or newest
    return newest


class V1(Rules):
    """The preview's markup as served since 2019 (``tgme_widget_message*`` classes)."""

    name = "telegram"
    valid_from: ClassVar[datetime | None] = None

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.post = _post(page)

    def _own(self) -> Post | None:
        return self.post if self.post is not None and self.post.own_text else None

    def title(self) -> str:
        post = self._own()
        return post_title(post.lines) if post else ""

    def authors(self) -> list[str]:
        return [self.post.author] if self.post is not None and self.post.author else []

    def published(self) -> datetime | None:
        return self.post.published if self.post is not None else None

    def modified(self) -> datetime | None:
        return None

    def tags(self) -> list[str]:
        return []

    def section(self) -> str | None:
        return None

    def language(self) -> str | None:
        return None  # a channel writes in any language: told from the text

    def paragraphs(self) -> list[str]:
        post = self._own()
        return list(post.lines) if post else []

    def links(self) -> list[tuple[str, str]]:
        post = self._own()
        if post is None:
            return []
        previews: list[tuple[str, Any]] = [(p.title or p.site, p.url) for p in post.link_previews]
        return [*post.links, *previews]


VERSIONS: list[type[Rules]] = [V1]
