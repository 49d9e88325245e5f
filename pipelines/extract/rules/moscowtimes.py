"""The Moscow Times (themoscowtimes.com; its Russian edition, www.moscowtimes.ru and
ru.themoscowtimes.com, is read with the same templates: presumed, not verified).

Markup from the site's own templates (see shared/outlets.md). Only the first
``div.article-container#article-id-<id>`` is the article: the page appends the next article by
infinite scroll. Headline ``header.article__header h1``, subtitle ``header.article__header h2``,
authors ``div.article__byline .byline__author`` ("By A and B", or "By AFP"), standfirst
``div.article__intro``, body ``div.article__content > div.article__block--html`` (paragraphs)
and ``--header`` (subheads), tags ``div.article__tags a.article__tags__tag``.

Dates: ``article:published_time`` / JSON-LD ``datePublished``; NOT the visible
``time.byline__datetime``, which shows the update time ("Updated: ...") once an article was
edited. Unsigned news has JSON-LD author = Organization "The Moscow Times": no author.
Not body: images and captions, "Read more" and link blocks, newsletter and donation blocks
("Support The Moscow Times!", "A Message from The Moscow Times..."), opinion disclaimers.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, ClassVar

from pipelines.dates import parse_date
from pipelines.extract.rules.base import Page, Rules, split_authors, text_of, unique
from pipelines.extract.rules.blocks import Paragraph, paragraphs_of

APPEAL = re.compile(
    r"^(?:A Message from The Moscow Times|Support The Moscow Times|Dear readers,"
    r"|Subscribe to (?:our|The Moscow Times)|Sign up for our (?:free )?(?:weekly )?newsletter"
    r"|Once a \w+ contribution|Continue$|Remind me later|Read more about our"
    r"|The views expressed in opinion pieces"
    # the Russian edition's (moscowtimes.ru, ru.themoscowtimes.com) same blocks; their wording
    # is not in the facts files: these are the English ones translated
    r"|Сообщение от The Moscow Times|Поддержите The Moscow Times|Дорогие читатели"
    r"|Подпишитесь на (?:нашу )?рассылку)",
    re.IGNORECASE,
)
# The visible time shows the last edit, so labelled, once an article was edited.
_UPDATED = re.compile(r"updated|обновлено", re.IGNORECASE)
SITE_ORGANISATION = re.compile(r"^(?:the )?moscow times$", re.IGNORECASE)


def matches(page: Page) -> bool:
    """True for a Moscow Times article page."""
    if page.first('div.article-container[id^="article-id-"]') is not None:
        return True
    site = page.meta("og:site_name").lower()
    return "moscow times" in site and page.first("header.article__header") is not None


class V1(Rules):
    """The Moscow Times article template (2021 onwards)."""

    name = "moscowtimes"
    valid_from: ClassVar[datetime | None] = None

    ARTICLE = "div.article-container"
    HEADLINE = "header.article__header h1"
    SUBTITLE = "header.article__header h2"
    BYLINE = "div.article__byline .byline__author"
    BYLINE_TIME = "time.byline__datetime"
    STANDFIRST = "div.article__intro"
    BODY_BLOCKS = (
        "div.article__content > div.article__block--html,"
        " div.article__content > div.article__block--header"
    )
    NOT_BODY = (
        "figure, figcaption, .article__disclaimer, .article__block--newsletter, .contribute,"
        " .banner"
    )
    TAGS = "div.article__tags a.article__tags__tag"

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        container = page.first(self.ARTICLE)
        self.article: Any = container if container is not None else page.tree
        self._paragraphs: list[Paragraph] | None = None

    def title(self) -> str:
        return self.page.text(self.HEADLINE, self.article) or super().title()

    def subtitle(self) -> str | None:
        return self.page.text(self.SUBTITLE, self.article) or None

    def standfirst(self) -> str | None:
        return self.page.text(self.STANDFIRST, self.article) or None

    def authors(self) -> list[str]:
        names = [
            name
            for byline in self.page.select(self.BYLINE, self.article)
            for name in split_authors(text_of(byline))
        ]
        names = names or super().authors()
        return unique([n for n in names if not SITE_ORGANISATION.match(n)])

    def published(self) -> datetime | None:
        found = super().published_from_metadata()
        if found is None:  # the visible time is the publication time only when not "Updated"
            element = self.page.first(self.BYLINE_TIME, self.article)
            if element is not None and not _UPDATED.search(text_of(element)):
                found = parse_date(element.get("datetime"))
        return found

    def tags(self) -> list[str]:
        tags = [text_of(a) for a in self.page.select(self.TAGS, self.article)]
        return unique([t for t in tags if t]) or super().tags()

    def body(self) -> list[Paragraph]:
        if self._paragraphs is None:
            found: list[Paragraph] = []
            for block in self.page.select(self.BODY_BLOCKS, self.article):
                paragraphs = paragraphs_of(block, self.page, skip=self.NOT_BODY)
                if paragraphs and APPEAL.match(paragraphs[0].text):
                    continue  # a whole donation / newsletter block
                found.extend(p for p in paragraphs if not APPEAL.match(p.text))
            self._paragraphs = found
        return self._paragraphs

    def paragraphs(self) -> list[str]:
        return [p.text for p in self.body()]

    def links(self) -> list[tuple[str, str]]:
        return [link for p in self.body() for link in p.links]


VERSIONS: list[type[Rules]] = [V1]
