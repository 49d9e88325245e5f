"""The generic body rules on small pages of our own (text written for these tests).

Each page is a plain news article in a ``<div>`` the way many CMSs lay it out; each test puts
one kind of leak after or around it and checks what the body keeps.
"""

from __future__ import annotations

from lxml import html as lxml_html

from pipelines.extract import extract_article
from pipelines.extract.rules.base import Page
from pipelines.extract.rules.generic import FOOTER, BodyOptions, _index_source, _with_missed

URL = "https://news.example.org/2024/03/05/harbour-bridge/"
STORY = [
    "The harbour bridge will close for repairs from Monday, the city council said on Tuesday,"
    " after engineers found cracks in two of its steel supports during a routine inspection.",
    "Buses will replace the tram line across the river for at least six weeks, and the ferry"
    " service will run every ten minutes instead of every twenty during the morning rush hour.",
    "Shop owners near the bridge said they feared losing customers during the busiest season"
    " of the year, and asked the council to lower their fees until the works are finished.",
    "The council said the repairs would cost about four million euros and be paid from the"
    " reserve it keeps for emergencies, so that no other project would have to be postponed.",
]


def page(after: str = "", before: str = "") -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in STORY)
    return (
        "<html><head><title>Harbour bridge to close for repairs</title></head><body>"
        "<h1>Harbour bridge to close for repairs</h1>"
        f'<div class="story">{before}{paragraphs}{after}</div></body></html>'
    )


def test_a_copyright_notice_ends_the_body() -> None:
    footer = (
        "<p>© 2004-2024 Harbour News Group. All rights reserved.</p>"
        "<p>Editorial office: 12 Quay Street, Harbourtown. Telephone +44 20 7946 0000.</p>"
        "<p>Registered as a mass medium under licence number 28061 of 27 April 2007.</p>"
    )
    article = extract_article(page(after=footer), URL)
    assert article.paragraphs == STORY


def test_a_photo_credit_without_a_year_ends_nothing() -> None:
    credit = "<p>© Reuters</p>"
    story = page().replace(f"<p>{STORY[2]}</p>", f"{credit}<p>{STORY[2]}</p>")
    article = extract_article(story, URL)
    assert article.paragraphs[-1] == STORY[-1]


def test_a_notice_before_the_article_begins_ends_nothing() -> None:
    notice = "<p>Copyright 2024 Harbour News. All rights reserved.</p>"
    article = extract_article(page(before=notice), URL)
    assert article.paragraphs[-1] == STORY[-1]


def test_footer_pattern() -> None:
    for text in (
        "© ЗАО «Газета.Ru». (1999-2011) — Главные новости дня",
        "Copyright 2020 The Associated Press. All rights reserved.",
        "© 2001 - 2013 www.unian.net Все права защищены.",
        "(c) 2019 Example Media",
        "© 1998-2018 El Día SA - Todos los derechos reservados.",
    ):
        assert FOOTER.search(text), text
    for text in ("© Reuters", "Photo: Copyright Getty Images", "He copyrighted the song in 1999."):
        assert not FOOTER.search(text), text


def test_a_russian_related_or_typo_marker_ends_the_body() -> None:
    teasers = (
        "<p>Мэрия закрыла второй мост через реку на ремонт до конца лета, сообщили в"
        " пресс-службе городской администрации, работы обойдутся в два миллиона рублей.</p>"
    )
    for marker in ("Также по теме:", "САМЫЕ ПОПУЛЯРНЫЕ НОВОСТИ", "Нашли опечатку? Выделите её"):
        article = extract_article(page(after=f"<p>{marker}</p>{teasers}"), URL)
        assert article.paragraphs == STORY, marker


def split(chunks: list[list[str]], name: str = "article__body") -> str:
    """The story in several containers of one class, a newsletter box between them."""
    boxes = '<div class="newsletter"><p>Get our morning briefing.</p></div>'.join(
        f'<div class="grid"><div class="{name}">{"".join(f"<p>{t}</p>" for t in chunk)}</div>'
        '<div class="rail"></div></div>'
        for chunk in chunks
    )
    return (
        "<html><head><title>Harbour bridge to close for repairs</title></head><body>"
        f'<h1>Harbour bridge to close for repairs</h1><div class="chunks">{boxes}</div>'
        '<div class="teasers"><div class="card"><p>Ferry fares rise in May.</p></div></div>'
        "</body></html>"
    )


def twins_of(html: str, kept: list[str]) -> list[list[str]]:
    """``_with_missed`` as if trafilatura had kept only ``kept`` of the page."""
    page = Page(lxml_html.document_fromstring(html), URL)
    return _with_missed([[t] for t in kept], page, _index_source(page), BodyOptions())


def test_the_twin_containers_of_a_split_article_join_the_body() -> None:
    html = split([STORY[:1], STORY[1:3], STORY[3:]])
    assert twins_of(html, STORY[:1]) == [[t] for t in STORY]
    assert twins_of(html, STORY[1:3]) == [[t] for t in STORY]  # the first chunk, before


def test_many_containers_of_one_class_are_cards_not_chunks() -> None:
    more = STORY[0].replace("harbour bridge", "old tunnel")
    html = split([STORY[:1], *[[t] for t in [*STORY[1:], more]]])  # five containers: cards
    assert twins_of(html, STORY[:1]) == [[STORY[0]]]


def test_a_twin_without_prose_adds_nothing() -> None:
    html = split([STORY, ["Ferry fares rise in May."]])
    assert twins_of(html, STORY) == [[t] for t in STORY]


def test_a_split_article_page_reads_whole() -> None:
    article = extract_article(split([STORY[:2], STORY[2:]]), URL)
    assert article.paragraphs == STORY


TWEET = (
    '<blockquote class="twitter-tweet"><p lang="en">The ferry will run every ten minutes from'
    " Monday while the bridge is closed.</p>&mdash; Harbour Ferries (@harbourferries)"
    ' <a href="https://twitter.com/harbourferries/status/1">March 5, 2024</a></blockquote>'
)


def test_a_tweet_quoted_inside_the_article_is_kept() -> None:
    html = page().replace(f"<p>{STORY[2]}</p>", f"{TWEET}<p>{STORY[2]}</p>")
    kept = twins_of(html, STORY)
    assert kept[2] == [
        "The ferry will run every ten minutes from Monday while the bridge is closed."
    ]
    assert kept[:2] + kept[3:] == [[t] for t in STORY]


def test_a_tweet_outside_the_article_is_not() -> None:
    html = page(after=f'<div class="rail">{TWEET}</div>')
    assert twins_of(html, STORY) == [[t] for t in STORY]


def test_a_dateline_at_the_body_start_is_dropped() -> None:
    for dateline in (
        "28 ноября 2011, 14:15 [ «Аргументы недели», отдел новостей ]",
        "5:45 AM PST 11/19/2019 by Patrick Shanley, Senior Reporter",
    ):
        html = page(before=f"<p>Harbour bridge to close for repairs</p><p>{dateline}</p>")
        assert extract_article(html, URL).paragraphs == STORY, dateline


def test_a_sentence_with_a_date_is_no_dateline() -> None:
    first = "The works begin on 11.03.2024 at 06:00."
    article = extract_article(page(before=f"<p>{first}</p>"), URL)
    assert article.paragraphs == [first, *STORY]
