"""The house format: pure rendering of the weekly "CSO of the Week" item and "News of the Day".

Weekly item (text)::

    CSO of the Week: Nasiliu.net

    <the editor's summary paragraph>

    The Moscow Times, 3 September 2021: A court in Moscow on Friday fined … […]

    RFE/RL, 1 September 2021: “We will keep working,” the group's director said. […]

    Gulagu.net said on its Telegram channel, 17 October 2021: “…”

A CSO's own statement (a post on its Telegram channel, a news item of its website) is labelled
with the CSO as the speaker and where it spoke (``clip_label``); every other clipping with the
outlet's display name.

Daily item (text)::

    News of the Day: 17 October 2021

    RFE/RL: <lead>

Three renderings carry the same words: ``text``; ``md`` (heading ``## …``, each clipping's
label a link ``[The Moscow Times, 3 September 2021](url "title"): excerpt``, every scraped
string escaped so nothing in it renders as markup); ``html`` (``<h2>`` heading, one ``<p>`` per
paragraph, the label an ``<a href>`` with the article title as its ``title``, every string
escaped). Strip the markup from md or html and the text rendering comes back exactly.

Every string is set in house typography on the way out: whitespace collapsed to single spaces
(one clipping is one paragraph), curly quotes (``editor.excerpts.normalise_quotes``), ``[...]``
written as ``[…]``. Only http and https URLs are linked; a clipping with any other URL is
rendered without a link. Dates are English ("3 September 2021") whatever the locale.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote, urlsplit

# the excerpt helpers live in editor.excerpts; re-exported here as part of the digest API
from editor.excerpts import cut, normalise_quotes, quote_excerpt, sentence_excerpt

__all__ = [
    "FORMATS",
    "Clip",
    "DailyNews",
    "Digest",
    "clip_label",
    "cut",
    "format_date",
    "statement_medium",
    "normalise_quotes",
    "quote_excerpt",
    "render_digest",
    "render_news_of_the_day",
    "sentence_excerpt",
]

FORMATS = ("text", "md", "html")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Clip:
    """One clipping: ``outlet`` is the outlet's display name (``RFE/RL``), not its key."""

    outlet: str
    date: date
    excerpt: str
    url: str
    title: str | None = None
    # a CSO's own statement: the CSO's display name and where it spoke ("Telegram channel",
    # "website"; see ``statement_medium``); None for an outlet's article
    speaker: str | None = None
    medium: str | None = None


@dataclass(frozen=True)
class Digest:
    """A weekly "CSO of the Week" item."""

    cso_name: str
    summary: str
    clips: Sequence[Clip] = field(default_factory=tuple)


@dataclass(frozen=True)
class DailyNews:
    """A "News of the Day" item; each clip's excerpt is its article's lead."""

    date: date
    clips: Sequence[Clip] = field(default_factory=tuple)


def format_date(day: date) -> str:
    """``3 September 2021``: day without a leading zero, English month name, full year."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# where a CSO's statement was read, by the spider of the outlet that read it
STATEMENT_MEDIA = {"telegram": "Telegram channel", "csofeeds": "website"}


def statement_medium(spider: str | None) -> str:
    """ "Telegram channel" for a post read by the ``telegram`` spider, else "website"."""
    return STATEMENT_MEDIA.get(spider or "", "website")


def clip_label(clip: Clip, *, dated: bool = True) -> str:
    """The words before a clipping's excerpt: ``RFE/RL, 17 October 2021``, or for a CSO's own
    statement ``Gulagu.net said on its Telegram channel, 17 October 2021`` (``dated=False``,
    News of the Day: without the date)."""
    if clip.speaker:
        who = f"{_plain(clip.speaker)} said on its {clip.medium or statement_medium(None)}"
    else:
        who = _plain(clip.outlet)
    return f"{who}, {format_date(clip.date)}" if dated else who


def render_digest(digest: Digest, fmt: str = "text") -> str:
    """Render a weekly item in ``fmt`` (text | md | html); ends with a newline."""
    renderer = _renderer(fmt)
    paragraphs = [renderer.heading(f"CSO of the Week: {_plain(digest.cso_name)}")]
    summary = _house(digest.summary)
    if summary:
        paragraphs.append(renderer.paragraph(summary))
    for clip in digest.clips:
        paragraphs.append(renderer.clipping(clip_label(clip), clip))
    return renderer.join(paragraphs)


def render_news_of_the_day(daily: DailyNews, fmt: str = "text") -> str:
    """Render a daily item in ``fmt`` (text | md | html); ends with a newline."""
    renderer = _renderer(fmt)
    paragraphs = [renderer.heading(f"News of the Day: {format_date(daily.date)}")]
    paragraphs += [renderer.clipping(clip_label(clip, dated=False), clip) for clip in daily.clips]
    return renderer.join(paragraphs)


# --- the three renderings -----------------------------------------------------------------


class _Text:
    def heading(self, text: str) -> str:
        return text

    def paragraph(self, text: str) -> str:
        return text

    def clipping(self, label: str, clip: Clip) -> str:
        return f"{label}: {_house(clip.excerpt)}"

    def join(self, paragraphs: list[str]) -> str:
        return "\n\n".join(paragraphs) + "\n"


class _Markdown(_Text):
    def heading(self, text: str) -> str:
        return f"## {_md_escape(text)}"

    def paragraph(self, text: str) -> str:
        return _md_escape(text, line_start=True)

    def clipping(self, label: str, clip: Clip) -> str:
        excerpt = _md_escape(_house(clip.excerpt))
        url = _safe_url(clip.url)
        if url is None:
            return f"{_md_escape(label, line_start=True)}: {excerpt}"
        title = _plain(clip.title or "")
        title_part = f' "{_md_title(title)}"' if title else ""
        return f"[{_md_escape(label)}]({url}{title_part}): {excerpt}"


class _Html(_Text):
    def heading(self, text: str) -> str:
        return f"<h2>{html.escape(text)}</h2>"

    def paragraph(self, text: str) -> str:
        return f"<p>{html.escape(text)}</p>"

    def clipping(self, label: str, clip: Clip) -> str:
        excerpt = html.escape(_house(clip.excerpt))
        url = _safe_url(clip.url)
        if url is None:
            return f"<p>{html.escape(label)}: {excerpt}</p>"
        title = _plain(clip.title or "")
        title_attr = f' title="{html.escape(title)}"' if title else ""
        return (
            f'<p><a href="{html.escape(url)}"{title_attr}>{html.escape(label)}</a>: {excerpt}</p>'
        )

    def join(self, paragraphs: list[str]) -> str:
        return "\n".join(paragraphs) + "\n"


_RENDERERS: dict[str, _Text] = {"text": _Text(), "md": _Markdown(), "html": _Html()}


def _renderer(fmt: str) -> _Text:
    try:
        return _RENDERERS[fmt]
    except KeyError:
        raise ValueError(
            f"unknown digest format {fmt!r}; expected one of: {', '.join(FORMATS)}"
        ) from None


# --- strings ------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """Whitespace collapsed to single spaces: every rendered string stays on one line."""
    return " ".join(text.split())


def _house(text: str) -> str:
    """House typography for running text (summaries, excerpts)."""
    return normalise_quotes(_plain(text).replace("[...]", "[…]"))


# ASCII punctuation that can start markup anywhere in a CommonMark/GFM line
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&~|])")
# what only makes markup at the start of a line: headings, quotes, lists, setext underlines
_MD_LINE_START = re.compile(r"^([#>+=-]|\d+(?=[.)]))")


def _md_escape(text: str, line_start: bool = False) -> str:
    escaped = _MD_INLINE.sub(r"\\\1", text)
    if line_start:
        match = _MD_LINE_START.match(escaped)
        if match and match.group(1).isdigit():
            end = match.end()
            escaped = f"{escaped[:end]}\\{escaped[end:]}"  # 2021\. is not a list item
        elif match:
            escaped = "\\" + escaped
    return escaped


def _md_title(title: str) -> str:
    return title.replace("\\", "\\\\").replace('"', '\\"')


def _safe_url(url: str) -> str | None:
    """The URL ready for an href or a Markdown destination, or None unless it is http(s)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # percent-encode what would end or break a destination: spaces, quotes, <>, parentheses
    return quote(url, safe=":/?#[]@!$&'*+,;=%~")
