# ruff: noqa: E501  (the page templates keep the sites' long lines)
"""Mirrors of the RFE/RL regional sites (Current Time, Kavkaz.Realii, Sibir.Realii,
Idel.Realii) and of The Moscow Times' Russian edition, served on 127.0.0.1 for the crawl tests.

The layouts are the real ones (``../shared/outlets.md``, ``../shared/outlets-more.md`` and the
real May 2025 sitemaps in ``../shared/data/outlets/rferl-sitemaps``): a Pangea sitemap index
listing ``sitemap_<n>_1.xml.gz`` (lastmod with seven fraction digits), ``_latest``, ``_news``
(Google News, ``news:language`` ru, publication dates with a fraction and Z), ``_sections``
and ``_videos``; RSS 2.0 at ``/api/<code>``; article pages in the Pangea template with a Russian
byline (one link per author, no "By") and date. The Moscow Times' Russian edition: RSS
``/rss/news``, pages in the English template with Russian text. The text is written for the
tests. ``SiteSpec``-like records make every page, so a test can change one and serve again.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape

from crawler.config import load_config
from demo.server import Resource, SampleServer

REPO = Path(__file__).resolve().parents[2]

MSK = timezone(timedelta(hours=3))
_GENITIVE = [
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
]  # fmt: skip


@dataclass(frozen=True)
class Story:
    id: int
    slug: str
    title: str
    published: datetime
    paragraphs: tuple[str, ...]
    lead: str = ""
    authors: tuple[str, ...] = ()
    section: str = "Новости"
    tags: tuple[str, ...] = ()
    host: str = ""  # The Moscow Times' Russian edition: which of its hosts the URL is on

    @property
    def lastmod(self) -> datetime:
        return self.published + timedelta(minutes=20)


@dataclass
class Site:
    """One outlet's mirror: ``family`` is pangea or moscowtimes."""

    key: str
    family: str
    public_url: str  # https://www.kavkazr.com
    name: str  # the display name in outlets.toml
    publisher: str  # news:name / og:site_name, as the site writes it
    stories: list[Story]
    site_number: int = 0  # Pangea sitemap numbering
    feed_path: str | None = None
    feed_extra: tuple[tuple[str, str, datetime], ...] = ()  # (title, link, date) items
    sections: tuple[str, ...] = ()  # section pages the _sections sitemap lists
    latest_extra: tuple[tuple[str, datetime], ...] = ()  # (url, lastmod) in _latest only
    pages_extra: dict[str, bytes] = field(default_factory=dict)  # more pages served

    def url_of(self, story: Story) -> str:
        if self.family == "pangea":
            path = f"/a/{story.slug}/{story.id}.html" if story.slug else f"/a/{story.id}.html"
            return self.public_url + path
        return (story.host or self.public_url) + path_of(story)


def path_of(story: Story) -> str:
    """The path of a Moscow Times story: ``/<yyyy>/<mm>/<dd>/<slug>-a<id>``."""
    return f"/{story.published:%Y/%m/%d}/{story.slug}-a{story.id}"


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _iso7(d: datetime) -> str:
    """The index's lastmod as Pangea writes it: ``2025-04-22T04:23:30.0624185Z``."""
    return d.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "5Z"


def _news_date(d: datetime) -> str:
    """``news:publication_date`` as Pangea writes it: ``2025-05-25T10:00:35.953Z``."""
    return d.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}Z"


def _visible(d: datetime) -> str:
    local = d.astimezone(MSK)
    return f"{local.day} {_GENITIVE[local.month - 1]} {local.year}, {local:%H:%M}"


# -- Pangea ---------------------------------------------------------------------------------


def pangea_page(site: Site, story: Story) -> str:
    url = site.url_of(story)
    ld = {
        "articleSection": story.section,
        "headline": story.title,
        "inLanguage": "ru-RU",
        "keywords": ", ".join(story.tags),
        "author": [{"@type": "Person", "name": n} for n in story.authors],
        "datePublished": story.published.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%SZ"),
        "dateModified": story.lastmod.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%SZ"),
        "publisher": {"@type": "NewsMediaOrganization", "name": site.publisher},
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": url,
    }
    authors = "\n".join(
        f'<li class="links__item"><a class="links__item-link" '
        f'href="/author/a{i}/x{story.id}" title="{escape(n)}">{escape(n)}</a></li>'
        for i, n in enumerate(story.authors)
    )
    paras = "\n".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="ru" dir="ltr" class="no-js">
<head>
<meta charset="utf-8" />
<title>{escape(story.title)}</title>
<meta name="description" content="{escape(story.lead)}" />
<meta name="keywords" content="{escape(", ".join(story.tags))}" />
<meta content="{escape(", ".join(story.authors))}" name="Author" />
<link href="{escape(url)}" rel="canonical" />
<meta content="{escape(story.title)}" property="og:title" />
<meta content="{escape(site.publisher)}" property="og:site_name" />
<link rel="amphtml" href="{escape(url.replace("/a/", "/amp/"))}" />
<link rel="sitemap" type="application/rss+xml" href="/sitemap.xml" />
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
</head>
<body class=" nav-no-loaded cc_theme pg-article print-lay-article js-category-to-nav ">
<div dir="ltr"><div id="page">
<header class="hdr"><nav class="main-menu"><a href="/news">Новости</a> <a href="/z/1">Регионы</a></nav></header>
<div id="content"><div class="container">
<div class="hdr-container"><div class="row">
<div class="col-category col-xs-12 col-md-2 pull-left"> <div class="category js-category">
<a class="" href="/z/1">{escape(story.section)}</a> </div>
</div><div class="col-title col-xs-12 col-md-10 pull-right"> <h1 class="title pg-title" >
{escape(story.title)}
</h1>
</div><div class="col-publishing-details col-xs-12 col-sm-12 col-md-2 pull-left"> <div class="publishing-details ">
<div class="published"><span class="date" >
<time pubdate="pubdate" datetime="{story.published.astimezone(MSK).isoformat(timespec="seconds")}">
{_visible(story.published)}
</time></span></div>
<div class="links"><ul class="links__list links__list--column">
{authors}
</ul></div>
</div></div>
</div></div>
<div class="body-container"><div class="row"><div class="col-xs-12 col-sm-12 col-md-10 col-lg-10 pull-right">
<div id="article-content" class="content-floated-wrap fb-quotable">
<div class="wsw">
{paras}
<p>Радио Свободная Европа/Радио Свобода (RFE/RL) признано в России «нежелательной организацией».</p>
</div>
</div>
<div class="media-block-wrap"><h2 class="section-head">Смотрите также</h2><ul>
<li class="mb-grid"><div class="media-block"><a href="/a/{story.id - 97}.html"><h4 class="media-block__title">Другая история</h4></a></div></li>
</ul></div>
</div></div></div>
</div></div>
</div></div>
</body>
</html>
"""


def _urlset(urls: list[str], news: bool = False) -> bytes:
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    return (
        f'<?xml version="1.0" encoding="utf-8"?><urlset{ns} '
        'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + "".join(urls) + "</urlset>"
    ).encode()


def _gz(body: bytes, newest: datetime | None = None) -> Resource:
    return Resource(gzip.compress(body), "application/x-gzip", newest)


def _pangea_sitemaps(site: Site, ordered: list[Story]) -> dict[str, Resource]:
    n, base = site.site_number, site.public_url
    newest = max(s.lastmod for s in ordered)
    entry = "<url><loc>{}</loc><lastmod>{}</lastmod><changefreq>weekly</changefreq></url>"
    archive = [entry.format(xml_escape(site.url_of(s)), _iso7(s.lastmod)) for s in ordered]
    latest = [entry.format(xml_escape(site.url_of(s)), _iso7(s.lastmod)) for s in ordered[:3]]
    latest += [entry.format(xml_escape(url), _iso7(lastmod)) for url, lastmod in site.latest_extra]
    news = [
        f"<url><loc>{xml_escape(site.url_of(s))}</loc><news:news><news:publication>"
        f"<news:name>{xml_escape(site.publisher)}</news:name><news:language>ru</news:language>"
        f"</news:publication><news:publication_date>{_news_date(s.published)}"
        f"</news:publication_date><news:title>{xml_escape(s.title)}</news:title>"
        "</news:news></url>"
        for s in ordered[:2]
    ]
    sections = [entry.format(xml_escape(base + p), _iso7(newest)) for p in site.sections]
    files = ("1", "latest", "news", "sections", "videos")
    index = "".join(
        f"<sitemap><loc>{base}/sitemap_{n}_{f}.xml.gz</loc>"
        + (f"<lastmod>{_iso7(newest)}</lastmod>" if f == "1" else "")
        + "</sitemap>"
        for f in files
    )
    return {
        "/sitemap.xml": Resource(
            (
                '<?xml version="1.0" encoding="utf-8"?><sitemapindex '
                f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{index}</sitemapindex>'
            ).encode(),
            "text/xml; charset=utf-8",
        ),
        f"/sitemap_{n}_1.xml.gz": _gz(_urlset(archive), newest),
        f"/sitemap_{n}_latest.xml.gz": _gz(_urlset(latest), newest),
        f"/sitemap_{n}_news.xml.gz": _gz(_urlset(news, news=True), newest),
        f"/sitemap_{n}_sections.xml.gz": _gz(_urlset(sections), newest),
        f"/sitemap_{n}_videos.xml.gz": _gz(_urlset([]), newest),
    }


# -- The Moscow Times, Russian edition ---------------------------------------------------------


def mt_ru_page(site: Site, story: Story) -> str:
    url = site.url_of(story)
    ld_author: object = (
        [{"@type": "Person", "name": n} for n in story.authors]
        if story.authors
        else {"@type": "Organization", "name": "The Moscow Times"}
    )
    ld = {
        "@context": "http://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "datePublished": story.published.astimezone(MSK).isoformat(),
        "dateModified": story.lastmod.astimezone(MSK).isoformat(),
        "author": ld_author,
        "publisher": {"@type": "Organization", "name": "The Moscow Times"},
    }
    names = [
        f'<a href="/author/a{i}" class="byline__author__name" title="{escape(n)}">{escape(n)}</a>'
        for i, n in enumerate(story.authors)
    ]
    byline = ""
    if names:
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " и " + names[-1]
        byline = f'<div class="byline__author">{joined}</div>'
    blocks = "\n".join(
        f'<div class="article__block article__block--html"><p>{escape(p)}</p></div>'
        for p in story.paragraphs
    )
    updated = story.lastmod.astimezone(MSK)
    return f"""<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>{escape(story.title)} - The Moscow Times</title>
<meta name="description" content="{escape(story.lead)}">
<link rel="canonical" href="{escape(url)}">
<meta property="og:site_name" content="The Moscow Times">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{story.published.astimezone(MSK).isoformat()}">
<meta property="article:modified_time" content="{updated.isoformat()}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
</head>
<body>
<div class="container container--outer">
<div class="article-container" id="article-id-{story.id}" data-id="{story.id}">
<article class="article article--news">
<header class="article__header "><div class="label article__label"><a href="/news">{escape(story.section)}</a></div>
<h1><a href="{escape(url)}">{escape(story.title)}</a></h1></header>
<div class="article__byline byline "><div class="byline__details">{byline}
<time class="byline__datetime timeago" datetime="{updated.isoformat()}">Обновлено: {updated.day} {_GENITIVE[updated.month - 1]} {updated.year}</time>
</div></div>
<div class="article__intro">{escape(story.lead)}</div>
<div class="article__content-container"><div class="article__content" data-article-id="{story.id}">
{blocks}
<div class="article__block article__block--html"><p><strong>Сообщение от The Moscow Times:</strong></p><p>Поддержите The Moscow Times!</p></div>
</div></div>
</article>
</div>
</div>
</body>
</html>
"""


def _rss(site: Site, items: list[tuple[str, str, datetime]]) -> Resource:
    body = "".join(
        f"<item><title>{xml_escape(title)}</title><link>{xml_escape(link)}</link>"
        f"<guid>{xml_escape(link)}</guid><pubDate>{format_datetime(when.astimezone(UTC))}"
        "</pubDate></item>"
        for title, link, when in items
    )
    xml = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{xml_escape(site.publisher)}</title><link>{site.public_url}</link>"
        f"<language>ru</language>{body}</channel></rss>"
    )
    newest = max((when for _, _, when in items), default=None)
    return Resource(xml.encode("utf-8"), "application/rss+xml; charset=utf-8", newest)


# -- every site ---------------------------------------------------------------------------------


def build_site(site: Site) -> dict[str, Resource]:
    """Every path of the mirror mapped to what the server answers."""
    ordered = sorted(site.stories, key=lambda s: s.published, reverse=True)
    pages: dict[str, Resource] = {}
    for story in ordered:
        page = pangea_page(site, story) if site.family == "pangea" else mt_ru_page(site, story)
        pages[_path(site.url_of(story))] = Resource(
            page.encode("utf-8"), "text/html; charset=utf-8", story.lastmod
        )
    for path, body in site.pages_extra.items():
        pages[path] = Resource(body, "text/html; charset=utf-8")
    robots = "User-agent: *\nDisallow: /search\n"
    items = [(s.title, site.url_of(s), s.published) for s in ordered] + list(site.feed_extra)
    if site.family == "pangea":
        pages.update(_pangea_sitemaps(site, ordered))
        robots += f"Sitemap: {site.public_url}/sitemap.xml\n"
    else:  # the English edition's index: not the Russian edition's, never followed from here
        robots += "Sitemap: https://static.themoscowtimes.com/sitemap/sitemap.xml\n"
    if site.feed_path:
        pages[site.feed_path] = _rss(site, items)
    pages["/robots.txt"] = Resource(robots.encode(), "text/plain")
    return pages


def _t(day: int, hour: int, minute: int = 0, second: int = 0, ms: int = 0) -> datetime:
    return datetime(2025, 5, day, hour, minute, second, ms * 1000, tzinfo=UTC)


WINDOW = ("--since", "2025-05-19", "--until", "2025-05-25")
PREVIEW = "https://rfe.pangea-cms.com/preview/ru-RU/a/vernuvshiesya-s-voyny/33422600.html"
RECURRING = "https://www.kavkazr.com/a/28482722.html"
ENGLISH_TWIN = "https://www.themoscowtimes.com/2025/05/23/court-fines-rights-defenders-a165012"


def _recurring_page() -> bytes:
    """Kavkaz.Realii's page that every listing shows (``/a/28482722.html``): an old id, dated
    2017 on the page, whatever lastmod a sitemap gives it."""
    old = Story(
        28482722,
        "",
        "Как связаться с редакцией Кавказ.Реалии",
        datetime(2017, 3, 1, 9, 0, tzinfo=UTC),
        ("Пишите нам на почту редакции или в мессенджеры, указанные ниже.",),
        lead="Контакты редакции",
    )
    site = Site("kavkazr", "pangea", "https://www.kavkazr.com", "", "Кавказ.Реалии", [])
    return pangea_page(site, old).encode("utf-8")


def sites() -> dict[str, Site]:
    """The mirrors of one week, 19-25 May 2025 (ids as the real sitemaps of that week)."""
    current = Site(
        "currenttime",
        "pangea",
        "https://www.currenttime.tv",
        "Current Time",
        "Настоящее Время",
        [
            Story(
                33423640,
                "pow-exchange-final-stage",
                "Украина и Россия завершили третий этап обмена пленными",
                _t(25, 10, 5, 12, 953),
                (
                    "Украина и Россия провели заключительный этап обмена пленными.",
                    "«Мы ждали его три года», – сказала мать одного из освобожденных.",
                ),
                lead="Стороны передали друг другу по 303 военнопленных",
                authors=("Ольга Бережная", "Артём Соколов"),
                section="Война в Украине",
            ),
            Story(
                33420227,
                "",
                "Суд арестовал журналиста за репортаж о мобилизации",
                _t(23, 7, 30),
                (
                    "Суд в Москве арестовал журналиста на два месяца.",
                    "Защита назвала дело политическим, сообщает «ОВД-Инфо».",
                ),
                lead="Журналисту грозит до десяти лет",
                authors=("Пётр Иванов",),
            ),
            Story(
                33380000,
                "old-story",
                "Старая история за пределами недели",
                _t(10, 9),
                ("Эта история вышла за неделю до окна.",),
                lead="Старая",
            ),
        ],
        site_number=54,
        feed_path="/api/zgbip_l-vomx-tpe-v_py",
    )
    # listed by the feed only as a preview copy: the outlet maps it onto itself
    in_preview = Story(
        33422600,
        "vernuvshiesya-s-voyny",
        "Вернувшиеся с войны участвуют в праймериз «Единой России»",
        _t(24, 4, 1),
        (
            "В праймериз «Единой России» участвуют сотни бывших военных.",
            "Эксперты связывают это с подготовкой к выборам в Госдуму.",
        ),
        lead="Сотни ветеранов войны хотят стать депутатами",
        authors=("Мария Кузнецова",),
    )
    current.feed_extra = ((in_preview.title, PREVIEW, in_preview.published),)
    current.pages_extra = {
        "/a/vernuvshiesya-s-voyny/33422600.html": pangea_page(current, in_preview).encode()
    }
    kavkaz = Site(
        "kavkazr",
        "pangea",
        "https://www.kavkazr.com",
        "Kavkaz.Realii",
        "Кавказ.Реалии",
        [
            Story(
                33422997,
                "na-aktsiyah-pamyati-v-nalchike-zaderzhali",
                "В Нальчике после акции памяти задержали восемь человек",
                _t(24, 8, 42, 6, 177),
                (
                    "В Нальчике полиция задержала восемь участников акции памяти.",
                    "«Люди пришли с цветами», – сказала правозащитница Залина Кодзокова.",
                ),
                lead="Задержанных обвиняют в нарушении порядка проведения мероприятия",
                authors=("Амина Хасанова",),
                section="Кабардино-Балкария",
            ),
            Story(
                33423596,
                "hvatit-uzhe-ubivatj-lyudey",
                "«Хватит уже убивать людей». Истечь кровью, не дождавшись врачей",
                _t(25, 8, 30),
                (
                    "Жительница Дагестана умерла, не дождавшись скорой помощи.",
                    "Родственники требуют возбудить уголовное дело против врачей.",
                ),
                lead="Родственники обвиняют врачей",
            ),
        ],
        site_number=74,
        sections=("/p/7647.html", "/p/7663.html", "/z/20158"),
        latest_extra=((RECURRING, _t(24, 12)),),
    )
    kavkaz.pages_extra = {"/a/28482722.html": _recurring_page()}
    sibir = Site(
        "sibreal",
        "pangea",
        "https://www.sibreal.org",
        "Sibir.Realii",
        "Сибирь.Реалии",
        [
            Story(
                33412271,
                "tri-istorii-lyudey",
                "Не приручить. Три истории людей и медведей",
                _t(25, 5, 53, 57, 890),
                (
                    "Три истории людей, которые пытались приручить медведей.",
                    "Все три закончились гибелью людей.",
                ),
                lead="Три истории",
                authors=("Ирина Соколова",),
            ),
            Story(
                33423710,
                "v-irkutskoy-oblasti-zakryli-priyut",
                "В Иркутской области закрыли приют для животных",
                _t(25, 6, 20, 41),
                (
                    "Суд приостановил работу приюта для животных.",
                    "Волонтеры считают проверку местью за жалобы.",
                ),
                lead="Волонтеры считают проверку местью",
            ),
        ],
        site_number=84,
    )
    idel = Site(
        "idelreal",
        "pangea",
        "https://www.idelreal.org",
        "Idel.Realii",
        "Radio Free Europe / Radio Liberty Inc.",
        [
            Story(
                33422410,
                "obmen-plennymi-tri-dnya",
                "На границе идет обмен пленными «1000 на 1000»",
                _t(23, 14, 42, 19, 877),
                (
                    "На границе Украины и Беларуси идет обмен пленными.",
                    "Среди освобожденных есть жители Татарстана.",
                ),
                lead="Обмен продлится три дня",
                authors=("Рамиль Гарипов",),
            ),
            Story(
                33421002,
                "sud-v-kazani-oshtrafoval-aktivista",
                "Суд в Казани оштрафовал активиста за пикет",
                _t(22, 9, 30),
                (
                    "Суд оштрафовал активиста за одиночный пикет.",
                    "Активист будет обжаловать решение.",
                ),
                lead="Активист стоял с плакатом",
                authors=("Алсу Каримова", "Ильдар Сафин"),
            ),
        ],
        site_number=65,
        feed_path="/api/",
    )
    mt_ru = Site(
        "moscowtimes-ru", "moscowtimes", "https://ru.themoscowtimes.com", "The Moscow Times",
        "The Moscow Times",
        [
            Story(165012, "sud-oshtrafoval-pravozaschitnikov",
                  "Суд оштрафовал правозащитников за «дискредитацию» армии", _t(23, 11, 20),
                  ("Мещанский суд оштрафовал двух сотрудников правозащитного центра.",
                   "Защита настаивала, что посты пересказывают сообщения «ОВД-Инфо»."),
                  lead="Двое правозащитников получили штрафы",
                  authors=("Дарья Ёлкина", "Михаил Шевчук-Лесной")),
            Story(164900, "v-moskve-zaderzhali-aktivistov",
                  "В Москве задержали активистов, собиравших подписи", _t(20, 18, 47),
                  ("Полиция задержала пятерых волонтеров у метро «Пушкинская».",
                   "Им грозят протоколы о нарушении порядка проведения пикета."),
                  lead="Пятеро волонтеров задержаны", host="https://www.moscowtimes.ru"),
        ],
        feed_path="/rss/news",
        feed_extra=(
            ("Тег: суды", "https://ru.themoscowtimes.com/tag/Sudy", _t(23, 12)),
            ("Court Fines Rights Defenders", ENGLISH_TWIN, _t(23, 10)),
        ),
    )  # fmt: skip
    return {s.key: s for s in (current, kavkaz, sibir, idel, mt_ru)}


def write_config(directory: Path, sites: dict[str, Site], servers: dict[str, SampleServer],
                 english: tuple[str, SampleServer] | None = None) -> Path:  # fmt: skip
    """outlets.toml and settings.toml for crawling the mirrors: each outlet's table is the
    shipped one (``config/outlets.toml``: name, family, language, feeds, sitemaps, hosts) with
    ``base_url`` on its mirror, so the crawl reads what production would."""
    directory.mkdir(parents=True, exist_ok=True)
    shipped = load_config(REPO / "config").outlets
    lines: list[str] = []
    for key, site in sites.items():
        table = shipped[key]
        feeds = [urlsplit(f).path for f in table.feeds]
        assert feeds == ([site.feed_path] if site.feed_path else []), (key, feeds)
        assert (table.name, table.spider, table.site_url) == (
            site.name, site.family, site.public_url
        ), key  # fmt: skip
        lines += [
            f"[outlets.{key}]",
            f'name = "{table.name}"',
            f'spider = "{table.spider}"',
            f'base_url = "{servers[key].url}"',
            f'site_url = "{table.site_url}"',
            f'language = "{table.language}"',
            f"feeds = {json.dumps(feeds)}",
            f"sitemaps = {json.dumps([urlsplit(u).path for u in table.sitemaps])}",
            f"hosts = {json.dumps(list(table.hosts))}",
            "",
        ]
    if english is not None:
        key, server = english
        lines += [
            f"[outlets.{key}]",
            'name = "The Moscow Times"',
            'spider = "moscowtimes"',
            f'base_url = "{server.url}"',
            'site_url = "https://www.themoscowtimes.com"',
            'language = "en"',
            'feeds = ["/rss/news"]',
            'sitemaps = ["https://static.themoscowtimes.com/sitemap/sitemap.xml"]',
            'hosts = ["static.themoscowtimes.com"]',
            "",
        ]
    (directory / "outlets.toml").write_text("\n".join(lines), encoding="utf-8")
    (directory / "settings.toml").write_text(
        '[crawl]\nuser_agent = "csowatch-test/0.1"\ncontact_url = "https://example.org/csowatch"\n'
        "download_delay = 0.0\nautothrottle = false\nretry_times = 1\nconcurrent_per_domain = 4\n"
        'archive_dir = ""\nworkers = 0\n\n[digest]\nweek_ends = "friday"\n',
        encoding="utf-8",
    )
    (directory / "csos.yaml").write_bytes((REPO / "config" / "csos.yaml").read_bytes())
    return directory
