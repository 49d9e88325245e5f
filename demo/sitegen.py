"""Builds sample outlet sites (pages, feeds, sitemaps, robots.txt) in each CMS's real markup.

Used by ``make demo`` and by the integration tests. The markup follows ``shared/outlets.md``:
Pangea (rferl.org, svoboda.org) and The Moscow Times' own templates. Everything served is
generated from ``SampleArticle`` records, so tests can change an article and serve it again.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from xml.sax.saxutils import escape as xml_escape

from demo.server import Resource


@dataclass(frozen=True)
class SampleArticle:
    id: int
    slug: str
    title: str
    published: datetime
    paragraphs: tuple[str, ...]
    lead: str = ""
    authors: tuple[str, ...] = ()
    section: str = "Russia"
    tags: tuple[str, ...] = ()
    modified: datetime | None = None
    subtitle: str = ""
    links: tuple[tuple[str, str], ...] = ()  # (anchor text, href) appended to the last paragraph

    @property
    def lastmod(self) -> datetime:
        return self.modified or self.published

    def edited(self, paragraphs: tuple[str, ...], modified: datetime) -> SampleArticle:
        return replace(self, paragraphs=paragraphs, modified=modified)


@dataclass
class SiteSpec:
    """One outlet's sample site: ``family`` is pangea or moscowtimes."""

    family: str
    public_url: str  # e.g. https://www.rferl.org
    language: str
    articles: list[SampleArticle] = field(default_factory=list)
    site_number: int = 8  # Pangea sitemap numbering (rferl.org 8, svoboda.org 2)
    feed_path: str = "/api/zbqiml-vomx-tpeqkmy"
    publisher: str = "RFE/RL"
    robots_disallow: tuple[str, ...] = ()


def article_path(spec: SiteSpec, a: SampleArticle) -> str:
    if spec.family == "pangea":
        return f"/a/{a.slug}/{a.id}.html" if a.slug else f"/a/{a.id}.html"
    return f"/{a.published:%Y/%m/%d}/{a.slug}-a{a.id}"


def build_site(spec: SiteSpec) -> dict[str, Resource]:
    """Every path of the sample site mapped to what the server answers."""
    site: dict[str, Resource] = {}
    ordered = sorted(spec.articles, key=lambda a: a.published, reverse=True)
    for i, a in enumerate(ordered):
        path = article_path(spec, a)
        if spec.family == "pangea":
            body = pangea_page(spec, a)
        else:
            nxt = ordered[i + 1] if i + 1 < len(ordered) else None
            body = moscowtimes_page(spec, a, nxt)
        site[path] = Resource(body.encode("utf-8"), "text/html; charset=utf-8", a.lastmod)
    robots = ["User-agent: *", *(f"Disallow: {p}" for p in spec.robots_disallow)]
    if spec.family == "pangea":
        site.update(_pangea_sitemaps(spec, ordered))
        robots.append(f"Sitemap: {spec.public_url}/sitemap.xml")
        site[spec.feed_path] = _rss(spec, ordered)
    else:
        site.update(_mt_sitemaps(spec, ordered))
        robots.append("Sitemap: https://static.themoscowtimes.com/sitemap/sitemap.xml")
        site["/rss/news"] = _rss(spec, ordered)
    site["/robots.txt"] = Resource(("\n".join(robots) + "\n").encode(), "text/plain")
    return site


# -- Pangea ---------------------------------------------------------------------------------


def pangea_page(spec: SiteSpec, a: SampleArticle) -> str:
    url = spec.public_url + article_path(spec, a)
    local = a.published.astimezone()
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "articleSection": a.section,
        "headline": a.title,
        "inLanguage": "en-US" if spec.language == "en" else "ru-RU",
        "keywords": ", ".join(a.tags),
        "author": [{"@type": "Person", "name": n} for n in a.authors],
        "datePublished": a.published.strftime("%Y-%m-%d %H:%M:%SZ"),
        "dateModified": a.lastmod.strftime("%Y-%m-%d %H:%M:%SZ"),
        "publisher": {"@type": "NewsMediaOrganization", "name": spec.publisher},
    }
    authors = "".join(
        f'<li class="links__item">By <a class="links__item-link" '
        f'href="/author/{escape(n.lower().replace(" ", "-"))}/x1" title="{escape(n)}">'
        f"{escape(n)}</a></li>"
        for n in a.authors
    )
    paras = _paragraphs(a)
    return f"""<!DOCTYPE html>
<html lang="{spec.language}" dir="ltr" class="no-js">
<head>
<meta charset="utf-8" />
<title>{escape(a.title)} - {escape(spec.publisher)}</title>
<meta name="description" content="{escape(a.lead)}" />
<meta name="keywords" content="{escape(", ".join(a.tags))}" />
<meta name="Author" content="{escape(", ".join(a.authors))}" />
<meta property="og:title" content="{escape(a.title)}" />
<meta property="og:description" content="{escape(a.lead)}" />
<meta property="og:type" content="article" />
<link rel="canonical" href="{escape(url)}" />
<link rel="amphtml" href="{escape(url.replace("/a/", "/amp/"))}" />
<link rel="sitemap" type="application/rss+xml" href="/sitemap.xml" />
<script type="application/ld+json">{json.dumps(ld)}</script>
</head>
<body>
<header class="hdr"><nav class="main-menu"><a href="/Russia">Russia</a> <a href="/z/17">World</a></nav></header>
<div class="container">
<div class="row"><div class="col-category col-xs-12 col-md-2 pull-left">
<div class="category js-category"><a class="" href="/z/1">{escape(a.section)}</a> </div>
</div><div class="col-title col-xs-12 col-md-10 pull-right"> <h1 class="title pg-title" >
{escape(a.title)}
</h1>
</div><div class="col-publishing-details col-xs-12 col-sm-12 col-md-2 pull-left"> <div class="publishing-details ">
<div class="published">
<span class="date" >
<time pubdate="pubdate" datetime="{local.isoformat(timespec="seconds")}">
{a.published:%B} {a.published.day}, {a.published:%Y} {a.published:%I:%M %p}
</time>
</span>
</div>
<div class="links"><ul class="links__list links__list--column">{authors}</ul></div>
</div></div>
<div class="col-multimedia col-xs-12 col-md-10 pull-right"> <div class="cover-media">
<figure class="media-image js-media-expand"><div class="img-wrap"><img src="/img/{a.id}.jpg" alt="Illustration" /></div>
<figcaption><span class="caption">A photo caption that is not part of the article.</span></figcaption></figure>
</div></div>
<div class="body-container"><div class="row"><div class="col-xs-12 col-sm-12 col-md-10 col-lg-10 pull-right">
<div class="intro m-t-md"></div>
<div id="article-content" class="content-floated-wrap fb-quotable">
<div class="wsw">
{paras}
</div>
</div>
<div class="media-block-wrap"><h2 class="section-head">Related</h2><div class="row"><ul>
<li class="mb-grid"><div class="media-block "><a href="/a/older-story/{a.id - 97}.html" title="An older related story">
<h4 class="media-block__title">An older related story about something else</h4></a></div></li>
</ul></div></div>
<p class="notice">{escape(spec.publisher)} has been declared an 'undesirable organization' by the Russian government.</p>
</div></div></div>
<section id="ymla-section"><h2>You may like</h2><a href="/a/other/{a.id - 50}.html">Another story you may like</a></section>
</div>
<footer><p>Copyright (c) {escape(spec.publisher)}. All rights reserved.</p></footer>
</body>
</html>
"""


def _paragraphs(a: SampleArticle) -> str:
    paras = [f"<p>{escape(p)}</p>" for p in a.paragraphs]
    if a.links:
        links = " ".join(f'<a href="{escape(h)}">{escape(t)}</a>' for t, h in a.links)
        paras[-1] = paras[-1][:-4] + f" {links}</p>"
    return "\n".join(paras)


def _pangea_sitemaps(spec: SiteSpec, ordered: list[SampleArticle]) -> dict[str, Resource]:
    n = spec.site_number
    base = spec.public_url
    archive = _urlset(
        f"<url><loc>{xml_escape(base + article_path(spec, a))}</loc>"
        f"<lastmod>{_iso(a.lastmod)}</lastmod><changefreq>weekly</changefreq></url>"
        for a in ordered
    )
    news = _urlset(
        (
            f"<url><loc>{xml_escape(base + article_path(spec, a))}</loc><news:news>"
            f"<news:publication><news:name>{xml_escape(spec.publisher)}</news:name>"
            f"<news:language>{spec.language}</news:language></news:publication>"
            f"<news:publication_date>{_iso(a.published)}</news:publication_date>"
            f"<news:title>{xml_escape(a.title)}</news:title></news:news></url>"
            for a in ordered[:3]
        ),
        news=True,
    )
    newest = max((a.lastmod for a in ordered), default=datetime(2000, 1, 1, tzinfo=UTC))
    index = _sitemapindex(
        [
            (f"{base}/sitemap_{n}_1.xml.gz", newest),
            (f"{base}/sitemap_{n}_news.xml.gz", newest),
        ]
    )
    return {
        "/sitemap.xml": Resource(index, "text/xml; charset=utf-8", newest),
        f"/sitemap_{n}_1.xml.gz": Resource(gzip.compress(archive), "application/x-gzip", newest),
        f"/sitemap_{n}_news.xml.gz": Resource(gzip.compress(news), "application/x-gzip", newest),
    }


# -- The Moscow Times -------------------------------------------------------------------------


def moscowtimes_page(spec: SiteSpec, a: SampleArticle, nxt: SampleArticle | None) -> str:
    url = spec.public_url + article_path(spec, a)
    authors = a.authors
    ld_author: object = (
        [{"@type": "Person", "name": n} for n in authors]
        if authors
        else {"@type": "Organization", "name": "The Moscow Times"}
    )
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "datePublished": a.published.isoformat(),
        "dateModified": a.lastmod.isoformat(),
        "author": ld_author,
    }
    shown = a.lastmod if a.modified else a.published
    updated = "Updated: " if a.modified else ""
    byline = ""
    if authors:
        names = [
            f'<a class="byline__author__name" href="/author/{escape(n.lower().replace(" ", "-"))}">'
            f"{escape(n)}</a>"
            for n in authors
        ]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        byline = f'<div class="byline__author">By {joined}</div>'
    tags = "".join(
        f'<a class="tag article__tags__tag" href="/tag/{escape(t.replace(" ", "-"))}">{escape(t)}</a>'
        for t in a.tags
    )
    blocks = "\n".join(
        f'<div class="article__block article__block--html"><p>{escape(p)}</p></div>'
        for p in a.paragraphs
    )
    if a.links:
        links = " ".join(f'<a href="{escape(h)}">{escape(t)}</a>' for t, h in a.links)
        blocks += f'\n<div class="article__block article__block--html"><p>{links}</p></div>'
    next_block = ""
    if nxt is not None:
        next_block = (
            f'<div id="load-next-article" data-next-id="{nxt.id}"></div>\n'
            f'<div class="article-container" id="article-id-{nxt.id}"><article class="article">'
            f'<header class="article__header"><h1><a href="{article_path(spec, nxt)}">'
            f"{escape(nxt.title)}</a></h1></header>"
            f'<div class="article__content"><div class="article__block article__block--html">'
            f"<p>{escape(nxt.paragraphs[0])}</p></div></div></article></div>"
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(a.title)} - The Moscow Times</title>
<meta name="description" content="{escape(a.lead)}">
<meta name="keywords" content="{escape(", ".join(a.tags))}">
<meta property="og:title" content="{escape(a.title)}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{a.published.isoformat()}">
<meta property="article:modified_time" content="{a.lastmod.isoformat()}">
{"".join(f'<meta property="article:tag" content="{escape(t)}">' for t in a.tags)}
<link rel="canonical" href="{escape(url)}">
<script type="application/ld+json">{json.dumps(ld)}</script>
</head>
<body>
<nav class="navigation"><a href="/news">News</a> <a href="/opinion">Opinion</a></nav>
<div class="article-container" id="article-id-{a.id}">
<article class="article">
<header class="article__header">
<div class="article__label">{escape(a.section)}</div>
<h1><a href="{article_path(spec, a)}">{escape(a.title)}</a></h1>
{f"<h2>{escape(a.subtitle)}</h2>" if a.subtitle else ""}
</header>
<div class="article__byline byline">{byline}
<time class="byline__datetime timeago" datetime="{shown.isoformat()}">{updated}{shown:%B} {shown.day}, {shown:%Y}</time></div>
{f'<div class="article__intro">{escape(a.lead)}</div>' if a.lead else ""}
<div class="article__featured-image"><figure><img src="/img/{a.id}.jpg"><figcaption class="article__featured-image__caption">A caption, not body text.</figcaption></figure></div>
<div class="article__content">
{blocks}
<div class="article__block article__block--newsletter"><p>Sign up for our free weekly newsletter</p></div>
</div>
<div class="article__bottom"><div class="article__tags">{tags}</div></div>
<div class="contribution"><h3>A Message from The Moscow Times:</h3><p>Support The Moscow Times! We are independent journalists.</p></div>
</article>
</div>
{next_block}
</body>
</html>
"""


def _mt_sitemaps(spec: SiteSpec, ordered: list[SampleArticle]) -> dict[str, Resource]:
    base = spec.public_url
    months: dict[tuple[int, int], list[SampleArticle]] = {}
    for a in ordered:
        months.setdefault((a.published.year, a.published.month), []).append(a)
    static = "https://static.themoscowtimes.com/sitemap"
    site: dict[str, Resource] = {}
    entries = []
    for (y, m), items in sorted(months.items()):
        body = _urlset(
            f"<url><loc>{xml_escape(base + article_path(spec, a))}</loc></url>" for a in items
        )
        site[f"/sitemap/{y}-{m}.xml"] = Resource(body, "text/xml; charset=utf-8")
        entries.append((f"{static}/{y}-{m}.xml", None))
    site["/sitemap/sitemap.xml"] = Resource(_sitemapindex(entries), "text/xml; charset=utf-8")
    news = _urlset(
        (
            f"<url><loc>{xml_escape(base + article_path(spec, a))}</loc><news:news>"
            f"<news:publication><news:name>The Moscow Times</news:name>"
            f"<news:language>en</news:language></news:publication>"
            f"<news:publication_date>{a.published.isoformat()}</news:publication_date>"
            f"<news:title>{xml_escape(a.title)}</news:title></news:news></url>"
            for a in ordered
        ),
        news=True,
    )
    site["/sitemap/news.xml"] = Resource(news, "text/xml; charset=utf-8")
    site["/sitemap/newsmap.xml"] = Resource(
        _sitemapindex([(f"{static}/news.xml", None)]), "text/xml; charset=utf-8"
    )
    return site


# -- shared -------------------------------------------------------------------------------------


def _rss(spec: SiteSpec, ordered: list[SampleArticle]) -> Resource:
    items = "".join(
        f"<item><title>{xml_escape(a.title)}</title>"
        f"<link>{xml_escape(spec.public_url + article_path(spec, a))}</link>"
        f"<guid>{xml_escape(spec.public_url + article_path(spec, a))}</guid>"
        f"<pubDate>{format_datetime(a.published)}</pubDate>"
        f"<description>{xml_escape(a.lead)}</description></item>"
        for a in ordered[:20]
    )
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{xml_escape(spec.publisher)}</title><link>{spec.public_url}</link>"
        f"<description>{xml_escape(spec.publisher)}</description>{items}</channel></rss>"
    )
    newest = max((a.published for a in ordered), default=None)
    return Resource(body.encode("utf-8"), "application/rss+xml; charset=utf-8", newest)


def _urlset(urls: object, news: bool = False) -> bytes:
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>'
        + "".join(urls)  # type: ignore[arg-type]
        + "</urlset>"
    ).encode("utf-8")


def _sitemapindex(entries: list[tuple[str, datetime | None]]) -> bytes:
    body = "".join(
        f"<sitemap><loc>{xml_escape(loc)}</loc>"
        + (f"<lastmod>{_iso(lm)}</lastmod>" if lm else "")
        + "</sitemap>"
        for loc, lm in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>'
    ).encode()


def _iso(d: datetime) -> str:
    return d.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
