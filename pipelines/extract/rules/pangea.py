"""Pangea CMS: RFE/RL and its services (rferl.org, svoboda.org, sibreal.org, ...), voanews.com.

Markup verified on a real page (see shared/outlets.md): headline ``h1.pg-title``; section
``div.category a``; date ``div.published span.date time[datetime]`` and JSON-LD
``datePublished`` (written with a space: ``"2024-04-28 07:00:00Z"``); authors
``ul.links__list a.links__item-link[href*="/author/"]``; body ``div#article-content div.wsw``;
the standfirst only in ``meta[name=description]`` / ``og:description``.

Not body: the ``span.dateline`` ("AUBURN, Wash. —") that opens the first paragraph (a place,
not text: dropped), embeds (``div.wsw__embed``: photos with captions, video, "Related" cards),
the "Related" box (``div.media-block-wrap``), "You may like" (``#ymla-section``) and site-wide
notices added under old articles ("RFE/RL has been declared an 'undesirable organization'").
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import ClassVar

from pipelines.dates import parse_date
from pipelines.extract.rules.base import Page, Rules, split_authors, unique
from pipelines.extract.rules.blocks import Paragraph, paragraphs_of

NOTICE = re.compile(
    r"(?:RFE/RL|Radio Free Europe|Радио Свобода|Радио Свободная Европа|VOA)[^.]{0,80}"
    r"(?:declared|designated|labeled|labelled|признан|объявлен|внесен|внесён)[^.]{0,80}"
    r"(?:undesirable|foreign agent|нежелательн|иностранн)",
    re.IGNORECASE,
)


def matches(page: Page) -> bool:
    """True for a Pangea article page (its templates' headline/body, or its scripts)."""
    if page.first("h1.pg-title") is not None or page.first("#article-content div.wsw") is not None:
        return True
    return bool(page.tree.xpath('//script[contains(text(), "pangea_version")]'))


class V1(Rules):
    """Pangea article template (verified on voanews.com, April 2024)."""

    name = "pangea"
    valid_from: ClassVar[datetime | None] = None

    HEADLINE = "h1.pg-title"
    SECTION = "div.category a"
    PUBLISHED_TIME = "div.published span.date time"
    # any dated <time> of the page's content, as one scraper reads Kavkaz.Realii [EGF]
    CONTENT_TIME = "#content time[datetime]"
    AUTHOR_LINKS = "ul.links__list li.links__item a.links__item-link"
    BODY = "div#article-content div.wsw"
    NOT_BODY = (
        "span.dateline, div.wsw__embed, figure, figcaption, div.media-block-wrap,"
        " #ymla-section, div.ymla-section, .infographics, .c-mmp, .share, .media-pholder"
    )

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self._paragraphs: list[Paragraph] | None = None

    def title(self) -> str:
        return self.page.text(self.HEADLINE) or super().title()

    def section(self) -> str | None:
        return self.page.text(self.SECTION) or super().section()

    def authors(self) -> list[str]:
        names = [
            name
            for link in self.page.select(self.AUTHOR_LINKS)
            if "/author/" in (link.get("href") or "")
            for name in split_authors(link.text_content())
        ]
        return unique(names) or super().authors()

    def published(self) -> datetime | None:
        """JSON-LD / meta, else ``<time datetime>``, else the analytics ``utag_data`` (UTC),
        else the first ``<time datetime>`` of ``#content``, else the visible date
        ("19 октября 2021, 12:45", "Июль 18, 2025": local time read as UTC)."""
        found = self.published_from_metadata() or _time(self.page, self.PUBLISHED_TIME)
        found = found or _utag_time(self.page) or _time(self.page, self.CONTENT_TIME)
        return found or parse_date(self.page.text(self.PUBLISHED_TIME))

    def standfirst(self) -> str | None:
        return self.page.meta("description", "og:description", "twitter:description") or None

    def body(self) -> list[Paragraph]:
        if self._paragraphs is None:
            found = paragraphs_of(self.page.first(self.BODY), self.page, skip=self.NOT_BODY)
            self._paragraphs = [p for p in found if not NOTICE.search(p.text)]
        return self._paragraphs

    def paragraphs(self) -> list[str]:
        return [p.text for p in self.body()]

    def links(self) -> list[tuple[str, str]]:
        return [link for p in self.body() for link in p.links]


def _time(page: Page, selector: str) -> datetime | None:
    element = page.first(selector)
    return parse_date(element.get("datetime")) if element is not None else None


_UTAG = re.compile(
    r'pub_year:"(\d{4})",pub_month:"(\d{1,2})",pub_day:"(\d{1,2})",'
    r'pub_hour:"(\d{1,2})",pub_minute:"(\d{1,2})"'
)


def _utag_time(page: Page) -> datetime | None:
    """Publication time from the analytics block (``utag_data``), which Pangea writes in UTC."""
    for script in page.tree.xpath('//script[contains(text(), "pub_year")]'):
        match = _UTAG.search(script.text or "")
        if match:
            year, month, day, hour, minute = map(int, match.groups())
            try:
                return datetime(year, month, day, hour, minute, tzinfo=UTC)
            except ValueError:
                return None
    return None


VERSIONS: list[type[Rules]] = [V1]
