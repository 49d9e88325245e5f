"""A mirror of Meduza: its RSS feeds, its API listing and its API documents (``/api/w5/…``),
in the shapes ``shared/outlets-more.md`` §2 gives. The texts are written for these tests.

``SAMPLE`` holds a week of articles in both editions (2021-10-15 .. 2021-10-21, one older);
``site(articles)`` builds what the server answers: ``/rss/all``, ``/rss/en/all``, the
listings ``/api/w5/search?chrono=news&locale=ru|en&page=0&per_page=24`` and one document per
article. An article can be left out of the RSS (``in_feed``) or of the listing
(``in_listing``), and its body given as HTML (``content.body``) or as typed blocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from demo.server import Resource
from tests.outlets.apiserver import json_resource, key, rss

PUBLIC = "https://meduza.io"
LISTING = "/api/w5/search?chrono=news&locale={locale}&page=0&per_page=24"
FEEDS = {"ru": "/rss/all", "en": "/rss/en/all"}


@dataclass(frozen=True)
class MeduzaArticle:
    path: str  # "news/2021/10/18/slug", "en/news/…"
    title: str
    published: datetime
    paragraphs: tuple[str, ...]
    second_title: str = ""
    description: str = ""
    tag: str = "новости"
    modified: datetime | None = None
    blocks: bool = False  # content.blocks instead of content.body
    in_feed: bool = True
    in_listing: bool = True

    @property
    def url(self) -> str:
        return f"{PUBLIC}/{self.path}"

    @property
    def language(self) -> str:
        return "en" if self.path.startswith("en/") else "ru"

    @property
    def api_path(self) -> str:
        return f"/api/w5/{self.path}"


def _t(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2021, 10, day, hour, minute, tzinfo=UTC)


SAMPLE: tuple[MeduzaArticle, ...] = (
    MeduzaArticle(
        path="news/2021/10/18/sud-v-moskve-oshtrafoval-ovd-info",
        title="Суд в Москве оштрафовал «ОВД-Инфо» на 300 тысяч рублей",
        second_title="Это уже третий штраф за месяц",
        description="Мировой суд признал проект виновным в нарушении закона об «иноагентах».",
        published=_t(18, 9, 30),
        modified=_t(18, 11, 5),
        paragraphs=(
            "Мировой суд Таганского района Москвы оштрафовал правозащитный проект «ОВД-Инфо» "
            "на 300 тысяч рублей за отсутствие маркировки «иностранного агента».",
            "«Мы будем обжаловать решение и продолжим работать», — сказал юрист проекта.",
            "В сентябре проект уже дважды штрафовали по той же статье.",
        ),
    ),
    MeduzaArticle(
        path="feature/2021/10/19/kak-pravozaschitniki-rabotayut-posle-zapretov",
        title="Как правозащитники работают после запретов",
        second_title="Объясняем на примере трех организаций",
        published=_t(19, 14, 0),
        tag="истории",
        blocks=True,
        paragraphs=(
            "За последний год в реестр «иноагентов» внесли десятки организаций.",
            "Что изменилось",
            "Сотрудники «Мемориала» рассказали, что отчеты теперь занимают половину рабочего "
            "времени.",
            "«Работать стало труднее, но не невозможно», — говорит координатор одной из групп.",
        ),
    ),
    MeduzaArticle(
        path="news/2021/10/20/v-peterburge-zaderzhali-nablyudateley",
        title="В Петербурге задержали наблюдателей",
        published=_t(20, 7, 45),
        in_feed=False,  # only the API listing names it
        paragraphs=(
            "В Петербурге полиция задержала четырех наблюдателей движения «Голос».",
            "Их отпустили через три часа без протоколов.",
        ),
    ),
    MeduzaArticle(
        path="news/2021/10/12/staraya-novost",
        title="Старая новость",
        published=_t(12, 10, 0),  # before the week
        paragraphs=("Эта заметка вышла до недели, которую читает тест.",),
    ),
    MeduzaArticle(
        path="en/news/2021/10/18/moscow-court-fines-ovd-info-again",
        title="Moscow court fines OVD-Info again",
        second_title="The third fine in a month",
        description="A magistrate found the project guilty of breaking the 'foreign agent' law.",
        published=_t(18, 12, 10),
        tag="news",
        paragraphs=(
            "A Moscow magistrate fined the human rights project OVD-Info 300,000 rubles on "
            "Monday for publishing without a 'foreign agent' label.",
            "“We will appeal and we will keep working,” the project's lawyer said.",
        ),
    ),
    MeduzaArticle(
        path="en/feature/2021/10/21/what-it-takes-to-monitor-an-election",
        title="What it takes to monitor an election",
        published=_t(21, 16, 30),
        tag="news",
        blocks=True,
        in_listing=False,
        paragraphs=(
            "Volunteers with the Golos movement spent the weekend in polling stations.",
            "Most of them had never done it before.",
        ),
    ),
)


def document(a: MeduzaArticle) -> dict[str, Any]:
    """The article's ``/api/w5/<path>`` answer."""
    root: dict[str, Any] = {
        "url": a.path,
        "title": a.title,
        "document_type": a.path.removeprefix("en/").split("/", 1)[0],
        "published_at": int(a.published.timestamp()),
        "modified_at": int((a.modified or a.published).timestamp()),
        "tag": {"name": a.tag},
        "source": {"name": "Meduza"},
        "footer": "<p>Поддержите «Медузу»</p>",
        "image": {"large_url": "/image/x.jpg", "caption": "Фото", "credit": "Meduza"},
    }
    if a.second_title:
        root["second_title"] = a.second_title
    if a.description:
        root["description"] = a.description
    if a.blocks:
        blocks: list[dict[str, Any]] = [{"type": "lead", "data": a.paragraphs[0]}]
        for i, text in enumerate(a.paragraphs[1:]):
            kind = "h3" if len(text) < 20 else ("blockquote" if i == 2 else "p")
            blocks.append({"type": kind, "data": text})
        blocks.insert(2, {"type": "image", "data": {"caption": "Подпись к фото"}})
        root["content"] = {"blocks": blocks}
    else:
        body = "".join(f"<p>{p}</p>" for p in a.paragraphs)
        root["content"] = {
            "body": body + '<figure><img src="/x.jpg"><figcaption>Фото</figcaption></figure>'
        }
    return {"root": root}


def listing(articles: tuple[MeduzaArticle, ...], locale: str) -> dict[str, Any]:
    chosen = [a for a in articles if a.language == locale and a.in_listing]
    return {
        "collection": [a.path for a in chosen],
        "documents": {
            a.path: {
                "url": a.path,
                "title": a.title,
                "published_at": int(a.published.timestamp()),
            }
            for a in chosen
        },
        "has_next": False,
    }


def site(articles: tuple[MeduzaArticle, ...] = SAMPLE) -> dict[str, Resource]:
    served: dict[str, Resource] = {}
    for locale, feed in FEEDS.items():
        items = [
            (a.title, a.url + "?utm_source=rss&utm_medium=feed", a.published)
            for a in articles
            if a.language == locale and a.in_feed
        ]
        # not articles: a special project, a page of the site
        prefix = "en/" if locale == "en" else ""
        items.append(("Special", f"{PUBLIC}/{prefix}specials/elections", _t(17, 8)))
        served[feed] = Resource(rss("Meduza", PUBLIC, items), "application/rss+xml; charset=utf-8")
        served[key(LISTING.format(locale=locale))] = json_resource(listing(articles, locale))
    for a in articles:
        served[a.api_path] = json_resource(document(a))
    return served


def in_week(articles: tuple[MeduzaArticle, ...], language: str) -> list[MeduzaArticle]:
    lo, hi = datetime(2021, 10, 15, tzinfo=UTC), datetime(2021, 10, 22, tzinfo=UTC)
    return [a for a in articles if a.language == language and lo <= a.published < hi]
