"""A mirror of Novaya Gazeta Europe's API: the front-page listings ``/api/v1/get/main`` (and
``?lang=en``) and one ``/api/v1/get/record?slug=<yyyy/mm/dd/slug>`` per article, in the
shapes ``shared/outlets-more.md`` §3 gives. The texts are written for these tests.

``SAMPLE`` is a week of articles in both editions (English slugs end ``-en``); each listing
also carries a block that is no article (no date) and the Russian one an English article,
which only the English outlet may take.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from demo.server import Resource
from tests.outlets.apiserver import json_resource, key

PUBLIC = "https://novayagazeta.eu"
LISTINGS = {"ru": "/api/v1/get/main", "en": "/api/v1/get/main?lang=en"}
NEWSROOM = {"name": "Новая газета Европа", "locale": [{"lang": "en", "name": "Novaya Gazeta",
                                                       "surname": "Europe"}]}  # fmt: skip


@dataclass(frozen=True)
class Author:
    name: str  # the Russian full name
    english: tuple[str, str] | None = None  # (name, surname) in the "en" locale

    def json(self) -> dict[str, Any]:
        locale = (
            [{"lang": "en", "name": self.english[0], "surname": self.english[1]}]
            if self.english
            else []
        )
        return {"name": self.name, "locale": locale}


@dataclass(frozen=True)
class NgeArticle:
    slug: str  # "2021/10/18/slug"
    lang: str
    title: str
    published: datetime
    paragraphs: tuple[str, ...]
    subtitle: str = ""
    lead: str = ""
    authors: tuple[Author, ...] = ()
    tags: tuple[str, ...] = ()
    rubric: str = ""
    quote: str = ""  # a text/quote block after the first paragraph
    listed_in: tuple[str, ...] = field(default=("ru",))  # which listings name it

    @property
    def url(self) -> str:
        return f"{PUBLIC}/articles/{self.slug}"

    @property
    def api_key(self) -> str:
        return key(f"/api/v1/get/record?slug={self.slug}")

    @property
    def body_paragraphs(self) -> tuple[str, ...]:
        quote = (self.quote,) if self.quote else ()
        return self.paragraphs[:1] + quote + self.paragraphs[1:]

    def author_names(self) -> list[str]:
        """The byline a reader sees: English spellings on English articles, no newsroom."""
        authors = [a for a in self.authors if a.name != NEWSROOM["name"]]
        if self.lang == "en":
            return [" ".join(a.english) if a.english else a.name for a in authors]
        return [a.name for a in authors]


def _t(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2021, 10, day, hour, minute, tzinfo=UTC)


PETROVA = Author("Ирина Петрова", ("Irina", "Petrova"))
SOKOLOV = Author("Павел Соколов", ("Pavel", "Sokolov"))

SAMPLE: tuple[NgeArticle, ...] = (
    NgeArticle(
        slug="2021/10/18/volonterov-ovd-info-zaderzhali-u-suda",
        lang="ru",
        title="Волонтеров «ОВД-Инфо» задержали у&nbsp;суда",
        subtitle="Они пришли поддержать фигурантов «дела о&nbsp;листовках»",
        lead="В понедельник у Мещанского суда задержали трех волонтеров «ОВД-Инфо».",
        published=_t(18, 15, 20),
        authors=(PETROVA, Author(NEWSROOM["name"])),
        tags=("ОВД-Инфо", "задержания"),
        rubric="Общество",
        quote="«Нас задержали за то, что мы стояли с блокнотами», — рассказала одна из них.",
        paragraphs=(
            "Волонтеров увезли в ОВД «Мещанский» и отпустили вечером без протоколов.",
            'Проект <a href="https://ovd.info/">«ОВД-Инфо»</a> ведет список задержанных.',
        ),
    ),
    NgeArticle(
        slug="2021/10/19/sud-otkazal-memorialu-v-otsrochke-news",
        lang="ru",
        title="Суд отказал «Мемориалу» в отсрочке",
        published=_t(19, 10, 5),
        rubric="Новости",
        paragraphs=("Суд отказал правозащитному центру «Мемориал» в отсрочке заседания.",),
    ),
    NgeArticle(
        slug="2021/10/18/volunteers-detained-outside-court-en",
        lang="en",
        title="OVD-Info volunteers detained outside a court",
        subtitle="They came to support the defendants in the 'leaflets case'",
        published=_t(18, 19, 0),
        authors=(PETROVA, SOKOLOV),
        tags=("OVD-Info", "detentions"),
        rubric="Society",
        listed_in=("ru", "en"),  # the Russian listing names it too: only -en outlet takes it
        paragraphs=(
            "Police detained three OVD-Info volunteers outside the Meshchansky court on Monday.",
            "They were released in the evening without charges.",
        ),
    ),
    NgeArticle(
        slug="2021/10/20/memorial-hearing-postponed-en-news",
        lang="en",
        title="Memorial hearing postponed",
        published=_t(20, 8, 40),
        rubric="News",
        listed_in=("en",),
        paragraphs=("A Moscow court postponed the hearing on closing the Memorial centre.",),
    ),
    NgeArticle(
        slug="2021/10/11/staraya-zametka",
        lang="ru",
        title="Старая заметка",
        published=_t(11, 9, 0),
        paragraphs=("Заметка вне недели.",),
    ),
)


def record(a: NgeArticle) -> dict[str, Any]:
    """The article's ``/api/v1/get/record`` answer."""
    body: list[dict[str, Any]] = [
        {"type": "text", "data": f"<p>{a.paragraphs[0]}</p>"},
    ]
    if a.quote:
        body.append({"type": "text/quote", "data": a.quote})
    body.append({"type": "image/single", "previewUrl": "/static/records/a1.jpeg",
                 "data": "Фото: архив"})  # fmt: skip
    body += [{"type": "text", "data": f"<p>{p}</p>"} for p in a.paragraphs[1:]]
    body.append({"type": "text/framed", "typeDisplay": "Читайте также",
                 "data": "Другой материал о задержаниях"})  # fmt: skip
    return {
        "record": {
            "lang": a.lang,
            "slug": a.slug,
            "title": a.title,
            "subtitle": a.subtitle or None,
            "lead": a.lead or None,
            "date": int(a.published.timestamp() * 1000),
            "authors": [author.json() for author in a.authors],
            "tags": list(a.tags),
            "typeRubricId": "obshhestvo",
            "typeRubricDisplayName": a.rubric,
            "previewUrl": "/static/records/a0.jpeg",
            "previewCaption": "Фото",
            "isPreviewHidden": False,
            "pdfUrl": None,
            "body": body,
        }
    }


def listing(articles: tuple[NgeArticle, ...], lang: str) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [{"type": "banner", "title": "Поддержите нас"}]
    blocks += [
        {
            "slug": a.slug,
            "title": a.title,
            "subtitle": a.subtitle,
            "authors": [{"name": author.name} for author in a.authors],
            "date": int(a.published.timestamp() * 1000),
            "tags": list(a.tags),
        }
        for a in articles
        if lang in a.listed_in
    ]
    return {"records": [{"blocks": blocks[:2]}, {"blocks": blocks[2:]}]}


def site(articles: tuple[NgeArticle, ...] = SAMPLE) -> dict[str, Resource]:
    served = {key(url): json_resource(listing(articles, lang)) for lang, url in LISTINGS.items()}
    for a in articles:
        served[a.api_key] = json_resource(record(a))
    return served


def in_week(articles: tuple[NgeArticle, ...], lang: str) -> list[NgeArticle]:
    lo, hi = datetime(2021, 10, 15, tzinfo=UTC), datetime(2021, 10, 22, tzinfo=UTC)
    return [
        a for a in articles if a.lang == lang and lo <= a.published < hi and lang in a.listed_in
    ]
