# ruff: noqa: E501  (HTML in the real markup of t.me: long lines are the markup's own)
"""A mirror of Telegram's public channel previews (``t.me/s/<channel>``) and of a CSO's website
with its news feed, served with ``demo.server.SampleServer`` on 127.0.0.1.

The preview pages are written in the markup t.me serves (``tgme_channel_info``,
``tgme_widget_message_wrap`` > ``tgme_widget_message[data-post]``, ``a.tgme_widget_message_date``,
``time[datetime]``, ``a.tme_messages_more[data-before]``; shared/outlets-more.md section 10);
the posts' words are our own. ``channel_pages`` splits a channel's posts into pages of
``per_page`` (newest page at ``/s/<channel>``, older ones at ``/s/<channel>?before=<id>``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import UTC, datetime

from demo.server import Resource


@dataclass
class TgPost:
    id: int
    published: datetime
    lines: list[str]
    forwarded_from: str = ""
    link: tuple[str, str] | None = None  # (anchor, href) inside the text
    preview: tuple[str, str, str] | None = None  # (href, title, description)
    photo_only: bool = False


@dataclass
class TgChannel:
    name: str
    title: str
    posts: list[TgPost] = field(default_factory=list)


def _post_html(channel: TgChannel, post: TgPost) -> str:
    c = html.escape(channel.name)
    when = post.published.astimezone(UTC).isoformat()
    text = "<br/>".join(html.escape(line) for line in post.lines)
    if post.link is not None:
        anchor, href = post.link
        text += f'<br/><br/><a href="{html.escape(href)}" target="_blank">{html.escape(anchor)}</a>'
    forwarded = (
        '<div class="tgme_widget_message_forwarded_from accent_color">Forwarded from '
        f'<a class="tgme_widget_message_forwarded_from_name" href="https://t.me/other_channel/9">'
        f'<span dir="auto">{html.escape(post.forwarded_from)}</span></a></div>'
        if post.forwarded_from
        else ""
    )
    body = (
        ""
        if post.photo_only
        else f'<div class="tgme_widget_message_text js-message_text" dir="auto">{text}</div>'
    )
    photo = (
        '<a class="tgme_widget_message_photo_wrap" href="https://t.me/'
        f'{c}/{post.id}" style="width:800px;background-image:url(\'https://cdn4.telesco.pe/'
        "file/x.jpg')\"></a>"
        if post.photo_only
        else ""
    )
    preview = ""
    if post.preview is not None:
        href, title, description = (html.escape(x) for x in post.preview)
        preview = (
            f'<a class="tgme_widget_message_link_preview" href="{href}">'
            '<div class="link_preview_site_name accent_color" dir="auto">Site</div>'
            f'<div class="link_preview_title" dir="auto">{title}</div>'
            f'<div class="link_preview_description" dir="auto">{description}</div></a>'
        )
    return f"""
<div class="tgme_widget_message_wrap js-widget_message_wrap">
  <div class="tgme_widget_message text_not_supported_wrap js-widget_message" data-post="{c}/{post.id}" data-view="eyJjIjotMTAwfQ">
    <div class="tgme_widget_message_user"><a href="https://t.me/{c}"><i class="tgme_widget_message_user_photo bgcolor0" data-content="G"></i></a></div>
    <div class="tgme_widget_message_bubble">
      <i class="tgme_widget_message_bubble_tail"><svg class="bubble_icon" width="9px" height="20px" viewBox="0 0 9 20"></svg></i>
      <div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name" href="https://t.me/{c}"><span dir="auto">{html.escape(channel.title)}</span></a></div>
      {forwarded}{photo}{body}{preview}
      <div class="tgme_widget_message_footer compact js-message_footer">
        <div class="tgme_widget_message_info short js-message_info">
          <span class="tgme_widget_message_views">1.2K</span><span class="copyonly"> views</span>
          <span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" href="https://t.me/{c}/{post.id}"><time datetime="{when}" class="time">{post.published:%H:%M}</time></a></span>
        </div>
      </div>
    </div>
  </div>
</div>"""


def preview_page(channel: TgChannel, posts: list[TgPost], before: int | None) -> str:
    """One preview page with ``posts`` (oldest first) and, if ``before``, the "more" link."""
    c = html.escape(channel.name)
    more = (
        '<div class="tgme_widget_message_centered js-messages_more_wrap">'
        f'<a href="/s/{c}?before={before}" class="tme_messages_more js-messages_more" '
        f'data-before="{before}"></a></div>'
        if before is not None
        else ""
    )
    prev = f'<link rel="prev" href="/s/{c}?before={before}">' if before is not None else ""
    return f"""<!DOCTYPE html>
<html>
  <head>
    <meta charset="utf-8">
    <title>{html.escape(channel.title)} – Telegram</title>
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <meta property="og:title" content="{html.escape(channel.title)}">
    <meta property="og:site_name" content="Telegram">
    <link rel="canonical" href="https://t.me/s/{c}">
    {prev}
  </head>
  <body class="widget_frame_base tgme_webpreview_body">
    <header class="tgme_header search_collapsed"><div class="tgme_header_brand">Telegram</div></header>
    <main class="tgme_main">
      <div class="tgme_container">
        <div class="tgme_channel_info">
          <div class="tgme_channel_info_header">
            <i class="tgme_page_photo_image bgcolor0" data-content="G"></i>
            <div class="tgme_channel_info_header_title"><span dir="auto">{html.escape(channel.title)}</span></div>
            <div class="tgme_channel_info_header_username"><a href="https://t.me/{c}">@{c}</a></div>
          </div>
          <div class="tgme_channel_info_description">Our own channel.</div>
        </div>
        <section class="tgme_channel_history js-message_history">
          {more}
          {"".join(_post_html(channel, p) for p in posts)}
        </section>
      </div>
    </main>
  </body>
</html>"""


def contact_page(name: str) -> str:
    """What t.me shows for a name that is no public channel: a contact page, no posts."""
    n = html.escape(name)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Telegram: Contact @{n}</title>
<meta property="og:title" content="Telegram: Contact @{n}"></head>
<body class="no_transition"><div class="tgme_page_wrap"><div class="tgme_page">
<div class="tgme_page_title"><span dir="auto">@{n}</span></div>
<div class="tgme_page_description">If you have <strong>Telegram</strong>, you can contact <a class="tgme_username_link" href="tg://resolve?domain={n}">@{n}</a> right away.</div>
</div></div></body></html>"""


def channel_pages(channel: TgChannel, per_page: int = 3) -> dict[str, Resource]:
    """The channel's preview pages: the newest ``per_page`` posts at ``/s/<name>``, each older
    page at ``/s/<name>?before=<oldest id of the newer page>``."""
    posts = sorted(channel.posts, key=lambda p: p.id)
    site: dict[str, Resource] = {}
    end = len(posts)
    path = f"/s/{channel.name}"
    while True:
        start = max(0, end - per_page)
        page = posts[start:end]
        before = page[0].id if start > 0 and page else None
        site[path] = Resource(preview_page(channel, page, before).encode("utf-8"))
        if before is None:
            return site
        path = f"/s/{channel.name}?before={before}"
        end = start


def renamed_channel(name: str) -> dict[str, Resource]:
    """A channel that was renamed: its preview redirects to the contact page of the old name."""
    return {
        f"/s/{name}": Resource(b"", status=302, headers={"Location": f"/{name}"}),
        f"/{name}": Resource(contact_page(name).encode("utf-8")),
    }


def empty_channel(channel: TgChannel) -> dict[str, Resource]:
    """A public channel whose preview shows no posts."""
    return {f"/s/{channel.name}": Resource(preview_page(channel, [], None).encode("utf-8"))}


# --- a CSO's own website with an RSS feed ---------------------------------------------------


@dataclass
class SitePost:
    path: str
    title: str
    published: datetime
    paragraphs: list[str]


def cso_site(name: str, posts: list[SitePost], feed_path: str = "/rss.xml") -> dict[str, Resource]:
    """A small news site: one page per post (JSON-LD, og: tags, article body) and an RSS feed."""
    site: dict[str, Resource] = {}
    items = []
    for post in posts:
        when = post.published.astimezone(UTC)
        body = "".join(f"<p>{html.escape(p)}</p>" for p in post.paragraphs)
        page = f"""<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>{html.escape(post.title)} | {html.escape(name)}</title>
<meta property="og:title" content="{html.escape(post.title)}">
<meta property="og:site_name" content="{html.escape(name)}">
<meta property="article:published_time" content="{when.isoformat()}">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "{html.escape(post.title)}", "datePublished": "{when.isoformat()}",
"publisher": {{"@type": "Organization", "name": "{html.escape(name)}"}}}}</script>
</head><body><header><a href="/">{html.escape(name)}</a><nav><a href="/news">Новости</a></nav></header>
<main><article><h1>{html.escape(post.title)}</h1><time datetime="{when.isoformat()}">{when:%d.%m.%Y}</time>
<div class="article-body">{body}</div></article></main>
<footer><p>© {html.escape(name)}</p></footer></body></html>"""
        site[post.path] = Resource(page.encode("utf-8"))
        items.append(
            f"<item><title>{html.escape(post.title)}</title><link>{{base}}{post.path}</link>"
            f"<guid>{{base}}{post.path}</guid>"
            f"<pubDate>{when:%a, %d %b %Y %H:%M:%S} +0000</pubDate></item>"
        )
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{html.escape(name)}</title><link>{{base}}/</link>"
        + "".join(items)
        + "</channel></rss>"
    )
    site[feed_path] = Resource(feed.encode("utf-8"), content_type="application/rss+xml")
    return site


def with_base(site: dict[str, Resource], base: str) -> dict[str, Resource]:
    """The site with ``{base}`` in its feed replaced by the server's address."""
    out = {}
    for path, res in site.items():
        body = res.body.replace(b"{base}", base.encode("ascii"))
        out[path] = Resource(body, res.content_type, res.last_modified, res.status, res.headers)
    return out
