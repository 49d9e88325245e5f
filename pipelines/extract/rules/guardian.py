"""The Guardian (www.theguardian.com): the generic rules plus what its byline means.

Selected by ``rules = "guardian"`` in the outlet's configuration; the page goes through the
generic path (the metadata cascade, trafilatura beneath) and this module refines it.

Markup (DCR, 2024; ../shared/outlets-more.md section 1): byline
``address[data-link-name="byline"]``, standfirst ``[data-gu-name="standfirst"] p``, body
``[data-gu-name="body"] .article-body-viewer-selector > p``. Generated ``dcr-*`` class names are
never keyed on. ``article:tag`` holds every tag, comma-joined.

Authors: the visible byline decides, not JSON-LD ``author`` (a page can show "Reuters in Moscow"
while JSON-LD says "Guardian staff reporter"). Each name loses its " in <place>" / " at <place>"
tail (the dateline) and " for <publication>"; "agencies", "Guardian staff" and "Guardian staff
reporter" are no authors ("Guardian staff and agencies": none).
"""

from __future__ import annotations

import re
from typing import ClassVar

from pipelines.extract.metadata import Metadata
from pipelines.extract.rules import generic
from pipelines.extract.rules.base import Rules, anchors, clean, split_authors, text_of, unique

_PLACE_TAIL = re.compile(r"\s+(?:in|at|for)\s+(?:the\s+)?[A-Z].*$")
_NO_AUTHOR = re.compile(
    r"^(?:(?:the\s+)?guardian\s+staff(?:\s+reporters?)?|(?:news\s+)?agencies)$", re.I
)


def byline_names(byline: str) -> list[str]:
    """'Shaun Walker in Kyiv and agencies' -> ['Shaun Walker']."""
    names = [_PLACE_TAIL.sub("", name) for name in split_authors(byline)]
    return unique([clean(n) for n in names if n and not _NO_AUTHOR.match(clean(n))])


class V1(generic.V1):
    """The Guardian's article template (DCR)."""

    name = "guardian"
    BYLINE: ClassVar[str] = 'address[data-link-name="byline"]'
    STANDFIRST: ClassVar[str] = '[data-gu-name="standfirst"] p'
    BODY: ClassVar[str] = '[data-gu-name="body"] .article-body-viewer-selector > p'

    def standfirst(self) -> str | None:
        text = " ".join(t for t in (text_of(p) for p in self.page.select(self.STANDFIRST)) if t)
        return text or None

    def paragraphs(self) -> list[str]:
        found = [t for t in (text_of(p) for p in self.page.select(self.BODY)) if t]
        return found or super().paragraphs()

    def links(self) -> list[tuple[str, str]]:
        nodes = self.page.select(self.BODY)
        if not nodes:
            return super().links()
        return [link for p in nodes for link in anchors(p, self.page)]

    def tags(self) -> list[str]:
        """``article:tag`` holds all the tags comma-joined."""
        joined = ",".join(self.page.tree.xpath('//meta[@property="article:tag"]/@content'))
        return unique([t for t in (clean(t) for t in joined.split(",")) if t]) or super().tags()

    def refine(self, meta: Metadata) -> None:
        byline = self.page.text(self.BYLINE) or self.page.meta("article:author")
        if byline and not byline.startswith("http"):
            meta.authors = byline_names(byline)
            meta.sources["authors"] = "guardian: byline"


VERSIONS: list[type[Rules]] = [V1]
