"""Extraction rule sets, one module per CMS family, and how a page picks one.

``pangea`` serves every RFE/RL-family site (rferl.org, svoboda.org, voanews.com, ...),
``moscowtimes`` The Moscow Times, ``telegram`` a post of a Telegram channel's web preview,
``generic`` any other site. Each module lists its layout
versions in ``VERSIONS`` (oldest first, each with ``valid_from``); a page is read by the newest
version that was live when it was published.

``DOCUMENTS`` are the API families: outlets whose site is a JavaScript application, crawled
through their JSON API (``meduza``, ``novayagazeta``); their modules read the API's JSON
document, not a page (``rules.document``).

``OUTLET_RULES``: small modules for one outlet where the generic rules are not enough, picked
by ``rules = "<name>"`` in the outlet's configuration. Each builds on a family's rules (its
classes subclass them) and is read on that family's path: on the generic path the metadata
cascade runs and the module's ``refine`` corrects what it found.
"""

from __future__ import annotations

from types import ModuleType
from urllib.parse import urlsplit

from pipelines.extract.rules import (
    generic,
    guardian,
    meduza,
    moscowtimes,
    novayagazeta,
    pangea,
    spip,
    telegram,
)
from pipelines.extract.rules.base import Page, Rules
from pipelines.urls import spider_for_url

FAMILIES: dict[str, list[type[Rules]]] = {
    "pangea": pangea.VERSIONS,
    "moscowtimes": moscowtimes.VERSIONS,
    "generic": generic.VERSIONS,
    "telegram": telegram.VERSIONS,
}
# outlet rule modules: name -> (the family they build on, their versions)
OUTLET_RULES: dict[str, tuple[str, list[type[Rules]]]] = {
    "guardian": ("generic", guardian.VERSIONS),
    "spip": ("generic", spip.VERSIONS),
}

# API families: each module has ``read``, ``listing``, ``api_url``, ``public_url``,
# ``is_article_url``, ``is_document_url``, ``is_listing_url``, ``normalise`` and ``NAME``
DOCUMENTS: dict[str, ModuleType] = {"meduza": meduza, "novayagazeta": novayagazeta}
# the public hosts of each API family, to recognise an API URL given without its outlet
DOCUMENT_HOSTS: dict[str, str] = {"meduza.io": "meduza", "novayagazeta.eu": "novayagazeta"}

__all__ = [
    "DOCUMENTS",
    "FAMILIES",
    "OUTLET_RULES",
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
    if telegram.matches(page):
        return "telegram"
    return spider_for_url(page.url) or "generic"


def rules_for(page: Page, family: str | None = None, outlet_rules: str | None = None) -> Rules:
    """The rule set that reads ``page``: the family's (or the outlet module's, when
    ``outlet_rules`` names one) newest version live at its publication."""
    if outlet_rules in OUTLET_RULES:
        versions = OUTLET_RULES[outlet_rules][1]
    else:
        versions = FAMILIES.get(family or detect_family(page)) or FAMILIES["generic"]
    chosen = versions[0]
    if len(versions) > 1:
        published = Rules(page).published()
        for version in versions:
            valid_from = getattr(version, "valid_from", None)
            if valid_from is None or (published is not None and published >= valid_from):
                chosen = version
    return chosen(page)
