"""Extraction rule sets, one module per CMS family, and how a page picks one.

``pangea`` serves every RFE/RL-family site (rferl.org, svoboda.org, voanews.com, ...),
``moscowtimes`` The Moscow Times, ``generic`` any other site. Each module lists its layout
versions in ``VERSIONS`` (oldest first, each with ``valid_from``); a page is read by the newest
version that was live when it was published.

``DOCUMENTS`` are the API families: outlets whose site is a JavaScript application, crawled
through their JSON API (``meduza``, ``novayagazeta``); their modules read the API's JSON
document, not a page (``rules.document``).
"""

from __future__ import annotations

from types import ModuleType
from urllib.parse import urlsplit

from pipelines.extract.rules import generic, meduza, moscowtimes, novayagazeta, pangea
from pipelines.extract.rules.base import Page, Rules
from pipelines.urls import spider_for_url

FAMILIES: dict[str, list[type[Rules]]] = {
    "pangea": pangea.VERSIONS,
    "moscowtimes": moscowtimes.VERSIONS,
    "generic": generic.VERSIONS,
}

# API families: each module has ``read``, ``listing``, ``api_url``, ``public_url``,
# ``is_article_url``, ``is_document_url``, ``is_listing_url``, ``normalise`` and ``NAME``
DOCUMENTS: dict[str, ModuleType] = {"meduza": meduza, "novayagazeta": novayagazeta}
# the public hosts of each API family, to recognise an API URL given without its outlet
DOCUMENT_HOSTS: dict[str, str] = {"meduza.io": "meduza", "novayagazeta.eu": "novayagazeta"}

__all__ = [
    "DOCUMENTS",
    "FAMILIES",
    "Page",
    "Rules",
    "detect_family",
    "document_family",
    "rules_for",
]


def document_family(url: str) -> str | None:
    """The API family of an API document's URL on the outlet's public host
    (``https://meduza.io/api/w5/news/…``), else None."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    family = DOCUMENT_HOSTS.get(host)
    return family if family and DOCUMENTS[family].is_document_url(url) else None


def detect_family(page: Page) -> str:
    """The CMS family of a page from its markup, else from its URL; "generic" otherwise."""
    if pangea.matches(page):
        return "pangea"
    if moscowtimes.matches(page):
        return "moscowtimes"
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
