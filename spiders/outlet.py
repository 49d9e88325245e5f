"""An outlet as the crawl sees it: its hosts, and how public URLs map onto where it is fetched
from (``base_url``, a mirror on 127.0.0.1 in tests) and back (``site_url``)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit


@dataclass(frozen=True)
class Outlet:
    """One outlet as configured. URLs are absolute and without a trailing slash."""

    key: str
    name: str
    spider: str
    base_url: str
    language: str
    site_url: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    enabled: bool = True
    robots_sitemaps: bool = True
    site_url_given: bool = True
    # seconds between two requests to one host, for this outlet only (else [crawl] download_delay)
    download_delay: float | None = None

    @property
    def mirror_mode(self) -> bool:
        """A local mirror configured without ``site_url``: every URL the outlet's own feeds and
        sitemaps list is taken as the outlet's and fetched from ``base_url``."""
        host = urlsplit(self.base_url).hostname or ""
        return not self.site_url_given and _is_loopback(host)

    @property
    def public_hosts(self) -> frozenset[str]:
        """Hosts that belong to this outlet on the public web (site, base and extra hosts)."""
        return frozenset(
            {urlsplit(self.site_url).netloc, urlsplit(self.base_url).netloc, *self.hosts}
        )

    def fetch_url(self, url: str) -> str:
        """The URL to download for ``url``: public hosts are mapped onto ``base_url``.

        This is what lets the same spider crawl a mirror on 127.0.0.1 whose sitemaps and feeds
        still name the public host.
        """
        parts = urlsplit(url)
        base = urlsplit(self.base_url)
        if parts.netloc != base.netloc and (self.mirror_mode or parts.netloc in self.public_hosts):
            return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))
        return url

    def public_url(self, url: str) -> str:
        """The public address of a fetched URL: ``base_url``'s host is mapped to ``site_url``."""
        parts = urlsplit(url)
        base = urlsplit(self.base_url)
        site = urlsplit(self.site_url)
        if parts.netloc == base.netloc and base.netloc != site.netloc:
            return urlunsplit((site.scheme, site.netloc, parts.path, parts.query, parts.fragment))
        return url

    def owns(self, url: str) -> bool:
        parts = urlsplit(url)
        if self.mirror_mode:
            return parts.scheme in ("http", "https") and bool(parts.netloc)
        return parts.netloc in self.public_hosts


def _is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")
