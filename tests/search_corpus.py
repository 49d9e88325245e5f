"""A small bilingual corpus for the search tests (English and Russian, inflected forms,
names with dots and hyphens), saved through the real ``save_article``."""

from __future__ import annotations

from datetime import UTC, datetime

from pipelines.types import Article, Mention
from store import queries
from store.db import Store

DOCS = [
    (
        "rferl",
        "en",
        "2021-03-01",
        "Torture In Saratov Prison Exposed",
        [
            "Gulagu.net published videos of torture in a Saratov prison hospital.",
            "The Committee Against Torture demanded an investigation.",
        ],
        ["gulagu-net"],
    ),
    (
        "rferl",
        "en",
        "2021-06-10",
        "Protesters Detained In Moscow",
        ["OVD-Info said police detained 40 protesters.", "Lawyers were not allowed in."],
        ["ovd-info"],
    ),
    (
        "moscowtimes",
        "en",
        "2022-01-15",
        "Memorial Liquidated By Supreme Court",
        ["The Supreme Court ordered Memorial to close.", "Critics called it torture of memory."],
        ["memorial"],
    ),
    (
        "rferl",
        "ru",
        "2021-03-02",
        "Пытки в саратовской больнице",
        [
            "Gulagu.net опубликовал видео пыток в Саратове.",
            "Правозащитники говорят о систематических пытках заключённых.",
        ],
        ["gulagu-net"],
    ),
    (
        "rferl",
        "ru",
        "2021-06-11",
        "Задержания в Москве",
        ["По данным ОВД-Инфо, задержаны 40 человек.", "Пытками это не назовёшь, но ёлки..."],
        ["ovd-info"],
    ),
    (
        "moscowtimes",
        "ru",
        "2022-01-16",
        "Мемориал ликвидирован",
        ["Верховный суд ликвидировал «Мемориал».", "Под пыткой никто не признался."],
        ["memorial"],
    ),
    (
        "rferl",
        "en",
        "2023-05-05",
        "A Quiet Day",
        ["Nothing happened; the weather was fine and nobody was detained."],
        [],
    ),
]


def add_docs(store: Store, docs: list = DOCS) -> dict[str, int]:
    """Save ``docs``; returns title -> article id."""
    ids = {}
    with store.transaction() as session:
        for n, (outlet, lang, day, title, paragraphs, csos) in enumerate(docs):
            published = datetime.fromisoformat(day).replace(hour=10, tzinfo=UTC)
            article = Article(
                url=f"https://example.org/{outlet}/{n}.html",
                canonical_url=f"https://example.org/{outlet}/{n}.html",
                outlet=outlet, title=title, paragraphs=paragraphs, published=published,
                language=lang, lead=None,
                mentions=[Mention(c, c, "body", 0, 0, 1) for c in csos],
            )  # fmt: skip
            result = queries.save_article(session, article, outlet_key=outlet,
                                          fetched_at=published)  # fmt: skip
            ids[title] = result.article_id
    return ids
