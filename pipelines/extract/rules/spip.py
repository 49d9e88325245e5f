"""SPIP sites (FIDH): the generic rules plus the standfirst and date of SPIP's templates.

Selected by ``rules = "spip"``. SPIP's default templates mark an article up in hAtom:
``abbr.published`` with the ISO time in ``title`` (the page shows only the day, "20/11/2026"),
the standfirst in ``div.chapo``, the text in ``div.texte``. FIDH's own templates are UNVERIFIED
(../shared/outlets-more.md section 9: a visible date "19/06/2013" and a type label); where these
classes are missing, the generic rules stand unchanged.
"""

from __future__ import annotations

from typing import ClassVar

from pipelines.dates import parse_date
from pipelines.extract.metadata import Metadata
from pipelines.extract.rules import generic
from pipelines.extract.rules.base import Rules, text_of


class V1(generic.V1):
    """SPIP's default article template (``squelettes-dist``)."""

    name = "spip"
    STANDFIRST: ClassVar[str] = "div.chapo"
    PUBLISHED: ClassVar[str] = "abbr.published[title]"

    def standfirst(self) -> str | None:
        return text_of(self.page.first(self.STANDFIRST)) or None

    def paragraphs(self) -> list[str]:
        """The body without the standfirst (trafilatura may take it as the first paragraph)."""
        paragraphs = super().paragraphs()
        lead = self.standfirst()
        return paragraphs[1:] if paragraphs and lead and paragraphs[0] == lead else paragraphs

    def refine(self, meta: Metadata) -> None:
        node = self.page.first(self.PUBLISHED)
        published = parse_date(node.get("title", "")) if node is not None else None
        if published is not None:
            meta.published = published
            meta.sources["published"] = "spip: abbr.published"


VERSIONS: list[type[Rules]] = [V1]
