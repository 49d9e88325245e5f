"""Mirrors of the generic-family outlets (The Guardian, Mediazona, OVD-Info, Human Rights in
Ukraine, Human Rights Watch, Amnesty International, FIDH): each served by its own
``demo.server.SampleServer`` on 127.0.0.1, with the feeds, news sitemap or listing pages its
configuration reads, its article pages (the golden pages in ``tests/golden/<outlet>/``, our own
text in the site's markup) and pages that are NOT articles but that its sources link to (a
Guardian live blog and video, khpg category listings, an HRW World Report chapter...). A crawl
must store the articles and never request the rest.

``write_config`` writes an ``outlets.toml`` from the shipped one (the same URL rules, listings,
rule modules and display names), only ``base_url`` pointing at the mirrors.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from demo.server import Resource, SampleServer

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "golden"
SHIPPED = REPO / "config" / "outlets.toml"
OUTLETS = ("guardian", "mediazona", "mediazona-en", "ovdinfo", "ovdinfo-en", "khpg", "hrw",
           "amnesty", "fidh")  # fmt: skip
WEEK = ("--since", "2026-11-16", "--until", "2026-11-20")
RSS = "application/rss+xml; charset=utf-8"
PERMISSIVE_ROBOTS = b"User-agent: *\nDisallow: /search\n"


@dataclass
class Expected:
    """An article the crawl must store, as its golden page pins it."""

    outlet: str
    url: str
    published: str
    authors: list[str]
    title: str
    external_id: str | None = None


@dataclass
class Site:
    key: str
    resources: dict[str, Resource]
    articles: list[Expected] = field(default_factory=list)
    never: list[str] = field(default_factory=list)  # paths that must not be requested


def golden(outlet: str, name: str) -> tuple[bytes, dict[str, Any]]:
    spec = json.loads((GOLDEN / outlet / f"{name}.json").read_text(encoding="utf-8"))
    return (GOLDEN / outlet / f"{name}.html").read_bytes(), spec


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _html(body: str) -> Resource:
    return Resource(body.encode("utf-8"))


def _page(title: str) -> Resource:
    """A page that is no article (a live blog, a listing...): enough text to extract."""
    text = " ".join([f"{title}: an entry of this page that is not an article."] * 12)
    return _html(f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
                 f"<p>{text}</p><p>{text}</p></body></html>")  # fmt: skip


def _rss(items: list[tuple[str, str, datetime | None]], title: str) -> Resource:
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(u)}</link><guid>{escape(u)}</guid>"
        + (f"<pubDate>{format_datetime(d, usegmt=True)}</pubDate>" if d else "")
        + "</item>"
        for u, t, d in items
    )
    body = (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}'
            f"</title><link>https://example.org/</link>{entries}</channel></rss>")  # fmt: skip
    return Resource(body.encode("utf-8"), RSS, last_modified=datetime(2026, 11, 20, tzinfo=UTC))


def _news_sitemap(items: list[tuple[str, datetime]]) -> Resource:
    urls = "".join(
        f"<url><loc>{escape(u)}</loc><news:news><news:publication><news:name>The Guardian"
        f"</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{d.isoformat()}</news:publication_date>"
        f"<news:title>t</news:title></news:news></url>"
        for u, d in items
    )
    body = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
            'schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            f"{urls}</urlset>")  # fmt: skip
    return Resource(body.encode("utf-8"), "application/xml", datetime(2026, 11, 20, tzinfo=UTC))


def _when(spec: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(spec["expected"]["published"].replace("Z", "+00:00"))


def _article(site: Site, outlet: str, name: str, external_id: str | None = None) -> str:
    body, spec = golden(outlet, name)
    url = spec["call"]["url"]
    site.resources[_path(url)] = Resource(body)
    exp = spec["expected"]
    site.articles.append(
        Expected(outlet, url, exp["published"], exp["authors"], exp["title"], external_id)
    )
    return url


def _never(site: Site, url: str, title: str) -> str:
    site.resources[_path(url)] = _page(title)
    site.never.append(_path(url))
    return url


def build_sites() -> dict[str, Site]:
    sites = {key: Site(key, {"/robots.txt": Resource(PERMISSIVE_ROBOTS, "text/plain")})
             for key in OUTLETS}  # fmt: skip

    g = sites["guardian"]
    a1 = _article(g, "guardian", "memorial_lawyer_jailed_2026_11_18")
    a2 = _article(g, "guardian", "journalist_detained_agencies_2026_11_19")
    live = _never(g, "https://www.theguardian.com/world/live/2026/nov/18/ukraine-war-live", "Live")
    video = _never(g, "https://www.theguardian.com/world/video/2026/nov/18/kazan-video", "Video")
    sport = _never(g, "https://www.theguardian.com/football/2026/nov/18/match-report", "Match")
    d1, d2 = (
        _when(golden("guardian", "memorial_lawyer_jailed_2026_11_18")[1]),
        _when(golden("guardian", "journalist_detained_agencies_2026_11_19")[1]),
    )
    g.resources["/world/russia/rss"] = _rss(
        [(a1 + "?CMP=Share_iOSApp_Other", "a1", d1), (live, "live", d1), (a2, "a2", d2)],
        "Russia | The Guardian",
    )
    g.resources["/sitemaps/news.xml"] = _news_sitemap(
        [(a1, d1), (a2, d2), (live, d1), (video, d1), (sport, d2)]
    )

    m = sites["mediazona"]
    a = _article(m, "mediazona", "pikety_kazan_2026_11_17")
    online = _never(m, "https://zona.media/online/2026/11/17/war-day", "Онлайн")
    chron = _never(m, "https://zona.media/chronicle/feminist-antiwar-resistance", "Хроника")
    m.resources["/rss"] = _rss(
        [(a, "a", None), (online, "o", None), (chron, "c", None)], "Медиазона"
    )

    me = sites["mediazona-en"]
    a = _article(me, "mediazona-en", "court_figures_2026_11_18")
    online = _never(me, "https://en.zona.media/online/2026/11/18/war-live", "Live")
    me.resources["/rss"] = _rss([(a, "a", None), (online, "o", None)], "Mediazona")

    o = sites["ovdinfo"]
    a = _article(o, "ovdinfo", "zaderzhaniya_peterburg_2026_11_16")
    region = _never(o, "https://ovd.info/regions/sankt-peterburg", "Регион")
    o.resources["/rss.xml"] = _rss([(a, "a", None), (region, "r", None)], "ОВД-Инфо")

    oe = sites["ovdinfo-en"]
    a = _article(oe, "ovdinfo-en", "detentions_tatarstan_2026_11_17")
    oe.resources["/rss.xml"] = _rss([(a, "a", None)], "OVD-Info")

    k = sites["khpg"]
    a = _article(k, "khpg", "kherson_deportations_2026_11_18", external_id="1608816702")
    # an older article the listing still shows: fetched (its URL has no date), not stored
    old = "https://khpg.org/en/1608815528"
    k.resources[_path(old)] = _html(
        (GOLDEN / "khpg" / "kherson_deportations_2026_11_18.html")
        .read_text(encoding="utf-8")
        .replace("2026-11-18T10:30:00+02:00", "2026-10-02T09:00:00+03:00")
        .replace("18.11.2026", "02.10.2026")
    )
    for path in ("/en/1179/page_2", "/en/873", "/en/890/page_2"):
        _never(k, "https://khpg.org" + path, "Listing")
    k.resources["/en/1179"] = _html(
        '<html><body><ul class="list"><li><span>18.11.2026 | Olena Marchenko</span> '
        '<a href="/en/1608816702">Children deported from occupied Kherson oblast</a> '
        '<a href="https://khpg.org/en/1608816702">| detail</a></li>'
        f'<li><a href="{old}?fbclid=IwAR0x">An older article</a></li></ul>'
        '<a href="/en/1179/page_2">Next page</a> <a href="/en/873">About</a></body></html>'
    )
    k.resources["/en/890"] = _html(
        '<html><body><a href="/en/890/page_2">Next</a> <a href="/en/1608816702">Again</a>'
        '<a href="https://www.facebook.com/khpg">Facebook</a></body></html>'
    )

    h = sites["hrw"]
    a = _article(h, "hrw", "russia_lawyers_prosecuted_2026_11_19")
    wr = _never(h, "https://www.hrw.org/world-report/2026/country-chapters/russia", "World Report")
    h.resources["/rss/news"] = _rss(
        [(a, "a", _when(golden("hrw", "russia_lawyers_prosecuted_2026_11_19")[1])),
         (wr, "wr", None)],
        "Human Rights Watch News",
    )  # fmt: skip
    h.resources["/robots.txt"] = Resource(b"User-agent: *\nCrawl-delay: 10\n", "text/plain")

    am = sites["amnesty"]
    a = _article(am, "amnesty", "russia_activist_sentenced_2026_11")
    doc = _never(am, "https://www.amnesty.org/en/documents/eur46/0001/2026/en/", "Document")
    am.resources["/en/feed/"] = _rss([(a, "a", None), (doc, "d", None)], "Amnesty")

    f = sites["fidh"]
    a = _article(f, "fidh", "russia_memorial_defenders_2026_11_20", external_id="28714")
    fr = _never(
        f, "https://www.fidh.org/fr/regions/europe-asie-centrale/russie/russie-liberez", "FR"
    )
    # the same article under its issue's path: one id (28714), one article, fetched once
    same = _never(
        f, "https://www.fidh.org/en/issues/human-rights-defenders/release-memorial-28714", "Same"
    )
    f.resources["/en/region/europe-central-asia/russia/"] = _html(
        f'<html><body><div class="liste-articles"><a href="{a}">Release the Memorial defenders'
        f'</a> <a href="{fr}">fr</a> <a href="/en/region/europe-central-asia/">Europe</a>'
        f'<a href="{same}">Release the Memorial defenders (issue page)</a></div></body></html>'
    )
    return sites


def start_servers(sites: dict[str, Site], stack: Any) -> dict[str, SampleServer]:
    return {k: stack.enter_context(SampleServer(s.resources)) for k, s in sites.items()}


def write_config(
    directory: Path, servers: dict[str, SampleServer], *, overrides: dict[str, dict[str, Any]]
) -> Path:
    """``outlets.toml`` with the shipped tables of ``servers``' outlets (only ``base_url``
    and ``overrides`` changed; ``site_url`` keeps the public host so the URL rules apply),
    ``settings.toml`` for a quick local crawl and the shipped ``csos.yaml``."""
    directory.mkdir(parents=True, exist_ok=True)
    shipped = tomllib.loads(SHIPPED.read_text(encoding="utf-8"))["outlets"]
    lines: list[str] = []
    for key, server in servers.items():
        table = {**shipped[key], **overrides.get(key, {})}
        table["site_url"] = shipped[key]["base_url"]
        table["base_url"] = server.url
        table["enabled"] = True
        lines.append(f'[outlets."{key}"]')
        lines += [f"{name} = {_toml(value)}" for name, value in table.items()]
        lines.append("")
    (directory / "outlets.toml").write_text("\n".join(lines), encoding="utf-8")
    (directory / "settings.toml").write_text(
        '[crawl]\nuser_agent = "csowatch-test/0.1"\ncontact_url = "https://example.org/x"\n'
        "download_delay = 0.0\nautothrottle = false\nretry_times = 1\n"
        'concurrent_per_domain = 2\narchive_dir = ""\n\n[digest]\nweek_ends = "friday"\n',
        encoding="utf-8",
    )
    shutil.copyfile(REPO / "config" / "csos.yaml", directory / "csos.yaml")
    return directory


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value)  # a TOML basic string is a JSON string
