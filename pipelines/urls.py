"""Article URLs: canonical form, dedupe keys, article filters and outlet ids (pure functions).

Used by the spiders (filter and canonicalise what they discover, skip what the store has) and by
extraction (``Article.canonical_url``, ``Article.article_id``). ``spider`` is the CMS family of an
outlet's configuration: ``"pangea"``, ``"moscowtimes"`` or ``"generic"``.

- Pangea (rferl.org, svoboda.org, voanews.com, ...): articles are ``/a/<slug>/<id>.html`` or
  ``/a/<id>.html``; ``<id>`` is numeric and global across services. AMP copies
  ``/amp/<slug>/<id>.html`` canonicalise to ``/a/...``; the preview host
  ``rfe.pangea-cms.com/preview/<culture>/a/[<slug>/]<id>.html`` maps to the public site when a
  culture -> host map is given, else it has no canonical URL (None).
- The Moscow Times: ``/<yyyy>/<mm>/<dd>/<slug>-a<id>``; the site resolves an article by
  ``a<id>`` alone, so the id is ``"a<digits>"`` (e.g. ``"a75300"``) and the dedupe key is
  host + that id. AMP copies ``/amp/<yyyy>/<mm>/<dd>/<slug>-a<id>`` and ``.../<slug>-a<id>/amp``
  canonicalise to the article.
- Telegram (a CSO's public channel, read from its web preview ``t.me/s/<channel>``): a post's
  permalink is ``https://t.me/<channel>/<id>`` (also ``/s/<channel>/<id>``, in context); the id
  is ``"<channel>/<id>"`` (the preview's ``data-post``), numbered per channel.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

__all__ = [
    "PANGEA_PREVIEW_HOST",
    "TELEGRAM_HOSTS",
    "article_id",
    "article_key",
    "canonical_url",
    "is_article_url",
    "is_tracking_param",
    "spider_for_url",
]

PANGEA_PREVIEW_HOST = "rfe.pangea-cms.com"

_PANGEA_ARTICLE = re.compile(r"/a/(?:[^/]+/)?(?P<id>\d+)\.html$")
_PANGEA_AMP = re.compile(r"^/amp/(?P<rest>(?:[^/]+/)?\d+\.html)$")
_PANGEA_PREVIEW = re.compile(r"^/preview/(?P<culture>[^/]+)/(?P<rest>a/(?:[^/]+/)?\d+\.html)$")
_MT_ARTICLE = re.compile(r"^/\d{4}/\d{2}/\d{2}/[^/]+-(?P<id>a\d+)/?$")
_MT_AMP = re.compile(
    r"^(?:/amp(?P<pre>/\d{4}/\d{2}/\d{2}/[^/]+-a\d+)|(?P<post>/\d{4}/\d{2}/\d{2}/[^/]+-a\d+)/amp)/?$"
)
_MT_HOSTS = ("themoscowtimes.com", "moscowtimes.ru")
TELEGRAM_HOSTS = ("t.me", "telegram.me")
_TELEGRAM_POST = re.compile(r"^/(?:s/)?(?P<channel>[A-Za-z][A-Za-z0-9_]{3,31})/(?P<id>\d+)/?$")

_TRACKING_EXACT = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "ysclid",
        "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "ref_src", "ref_url", "cmpid",
        "ocid", "spm", "mkt_tok", "oly_enc_id", "oly_anon_id", "vero_id", "twclid",
        "s_cid", "at_medium", "at_campaign", "rss", "from_rss",
        "cmp", "intcmp",  # The Guardian's campaign codes (?CMP=share_btn_tw, ?INTCMP=SRCH)
    }
)  # fmt: skip
_TRACKING_PREFIXES = ("utm_", "pk_", "hsa_", "__hs")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking_param(name: str) -> bool:
    """True for analytics parameters that never change the page (utm_*, fbclid, gclid, ...)."""
    lowered = name.lower()
    return lowered in _TRACKING_EXACT or lowered.startswith(_TRACKING_PREFIXES)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _is_mt_host(host: str) -> bool:
    return any(host == h or host.endswith("." + h) for h in _MT_HOSTS)


def _mt_path(path: str) -> str:
    """The article path of a Moscow Times AMP copy; other paths unchanged."""
    amp = _MT_AMP.match(path)
    return (amp["pre"] or amp["post"]) if amp else path


def spider_for_url(url: str) -> str | None:
    """Guess the CMS family from a URL alone: "moscowtimes", "pangea", "telegram" or None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if _is_mt_host(host):
        return "moscowtimes"
    if host in TELEGRAM_HOSTS:
        return "telegram"
    if host == PANGEA_PREVIEW_HOST or _PANGEA_ARTICLE.search(parts.path):
        return "pangea"
    if _PANGEA_AMP.match(parts.path):
        return "pangea"
    return None


def canonical_url(url: str, preview_hosts: Mapping[str, str] | None = None) -> str | None:
    """The canonical form of an article URL, or None when it has no public address.

    w3lib canonicalisation (lowercase host, sorted query, percent-encoding, no fragment), minus
    tracking parameters and default ports; the scheme is kept as given. Pangea AMP pages map to
    their ``/a/`` article. A Pangea preview URL maps to ``https://<host>/a/...`` when
    ``preview_hosts`` (culture such as ``"ru-RU"``, or a bare language such as ``"ru"`` for any
    culture of it, -> public host such as ``"www.svoboda.org"`` or a base URL, matched
    case-insensitively) knows its culture; otherwise the result is None.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    path = parts.path or "/"
    if host == PANGEA_PREVIEW_HOST:
        match = _PANGEA_PREVIEW.match(path)
        target = _preview_target(match["culture"], preview_hosts) if match else None
        if match is None or target is None:
            return None
        if "://" not in target:
            target = "https://" + target
        target_parts = urlsplit(target)
        scheme, host, path = target_parts.scheme, target_parts.netloc.lower(), "/" + match["rest"]
        netloc = host
    else:
        amp = _PANGEA_AMP.match(path)
        if amp:
            path = "/a/" + amp["rest"]
        elif _is_mt_host(host):
            path = _mt_path(path)
        netloc = host
        if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
            netloc = f"{host}:{parts.port}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not is_tracking_param(k)
        ]
    )
    return canonicalize_url(urlunsplit((scheme, netloc, path, query, "")))


def _preview_target(culture: str, preview_hosts: Mapping[str, str] | None) -> str | None:
    """The public host of a preview culture: an exact culture (``"ru-RU"``) first, else its
    language alone (``"ru"``), which is how one outlet names its own previews (several
    Russian-language sites share the culture ``ru-RU``, so no culture names one site)."""
    cultures = {k.lower(): v for k, v in (preview_hosts or {}).items()}
    culture = culture.lower()
    return cultures.get(culture) or cultures.get(culture.split("-", 1)[0])


def article_id(url: str, spider: str | None = None) -> str | None:
    """The outlet's own article id: Pangea ``"31512345"``, The Moscow Times ``"a75300"``.

    ``spider`` restricts the URL scheme looked for; None guesses it from the URL.
    """
    parts = urlsplit(url)
    path = parts.path
    family = spider or spider_for_url(url)
    if family == "moscowtimes":
        match = _MT_ARTICLE.match(_mt_path(path))
        return match["id"] if match else None
    if family == "pangea":
        amp = _PANGEA_AMP.match(path)
        if amp:
            path = "/a/" + amp["rest"]
        match = _PANGEA_ARTICLE.search(path)
        return match["id"] if match else None
    if family == "telegram":
        match = _TELEGRAM_POST.match(path)
        return f"{match['channel']}/{match['id']}" if match else None
    return None


def article_key(url: str, spider: str | None = None) -> str | None:
    """Dedupe key ``"<host>:<id>"`` (host without ``www.``), e.g. ``"svoboda.org:31512345"``.

    Two URLs of the same article (slug changed, AMP copy, tracking parameters) share the key.
    None when the URL carries no outlet id: callers then dedupe on ``canonical_url``.
    """
    host = _host(url)
    ident = article_id(url, spider)
    if ident is None or host == PANGEA_PREVIEW_HOST:
        return None
    if host.startswith("www."):
        host = host[4:]
    return f"{host}:{ident}"


def is_article_url(url: str, spider: str | None = None) -> bool:
    """True when ``url`` looks like an article page of the given CMS family.

    Pangea: path ends in ``/a/[<slug>/]<id>.html``; The Moscow Times:
    ``/<yyyy>/<mm>/<dd>/<slug>-a<id>``. Generic outlets are discovered through feeds and sitemaps
    that list articles only, so any http(s) page that is not the site root or a static file
    passes.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    family = spider or spider_for_url(url) or "generic"
    if family == "pangea":
        return bool(_PANGEA_ARTICLE.search(parts.path))
    if family == "moscowtimes":
        return bool(_MT_ARTICLE.match(parts.path))
    if family == "telegram":
        return bool(_TELEGRAM_POST.match(parts.path))
    path = parts.path.rstrip("/")
    static = re.search(r"\.(?:jpe?g|png|gif|svg|webp|css|js|pdf|mp[34]|xml|zip|ico)$", path, re.I)
    return bool(path) and not static
