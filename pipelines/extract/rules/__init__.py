"""Extraction rule sets, one module per CMS family, and how a page picks one.

``pangea`` serves every RFE/RL-family site (rferl.org, svoboda.org, voanews.com, ...),
``moscowtimes`` The Moscow Times, ``telegram`` a post of a Telegram channel's web preview,
``generic`` any other site. Each module lists its layout
versions in ``VERSIONS`` (oldest first, each with ``valid_from``); a page is read by the newest
version that was live when it was published.
"""

from __future__ import annotations

from pipelines.extract.rules import generic, moscowtimes, pangea, telegram
from pipelines.extract.rules.base import Page, Rules
from pipelines.urls import spider_for_url

FAMILIES: dict[str, list[type[Rules]]] = {
    "pangea": pangea.VERSIONS,
    "moscowtimes": moscowtimes.VERSIONS,
    "generic": generic.VERSIONS,
    "telegram": telegram.VERSIONS,
}

__all__ = ["FAMILIES", "Page", "Rules", "detect_family", "rules_for"]


def detect_family(page: Page) -> str:
    """The CMS family of a page from its markup, else from its URL; "generic" otherwise."""
    if pangea.matches(page):
        return "pangea"
    if moscowtimes.matches(page):
        return "moscowtimes"
    if telegram.matches(page):
        return "telegram"
    return spider_for_url(page.url) or "generic"


def rules_for(page: Page, family: str | None = None) -> Rules:
    """The rule set that reads ``page``: the family's newest version live at its publication."""
    versions = FAMILIES.get(family or detect_family(page)) or FAMILIES["generic"]
    chosen = versions[0]
    if len(versions) > 1:
        published = Rules(page).published()
        for version in versions:
            valid_from = getattr(version, "valid_from", None)
            if valid_from is None or (published is not None and published >= valid_from):
                chosen = version
    return chosen(page)
