"""The metadata cascade (``pipelines.extract.metadata``) on the project's own ru/uk pages, on
hand-made variants, and on bad input: best answer plus a note, never an exception."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from pipelines.extract import extract_article
from pipelines.extract.metadata import (
    _author_candidates,
    clean_authors,
    strip_site,
    trafilatura_author,
    url_day,
    visible_date,
)

OWN = Path(__file__).resolve().parent / "data" / "extraction_own"
TRUTH = [json.loads(line) for line in (OWN / "truth.jsonl").read_text("utf-8").splitlines()]
BODY = (
    "<p>Правозащитный центр сообщил о новом штрафе за отсутствие маркировки на страницах в "
    "социальных сетях; представители центра заявили, что обжалуют решение в апелляции.</p>"
    "<p>Это уже третий штраф за полгода, общая сумма взысканий превысила миллион рублей, и "
    "организация объявила сбор пожертвований, чтобы продолжить работу в прежнем объёме.</p>"
)


def page(head: str = "", byline: str = "", *, h1: str = "Заголовок статьи о штрафе") -> str:
    return (
        f'<html lang="ru"><head><meta charset="utf-8">{head}</head><body><article>'
        f"<h1>{h1}</h1>{byline}{BODY}</article></body></html>"
    )


def ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj, ensure_ascii=False)}</script>'


@pytest.mark.parametrize("truth", TRUTH, ids=lambda t: t["id"])
def test_own_pages(truth: dict) -> None:
    html = (OWN / "html" / f"{truth['id']}.html").read_bytes()
    article = extract_article(html, truth["url"])
    assert article.title == truth["title"]
    assert article.authors == truth["authors"]
    assert article.published_local is not None
    assert article.published_local.date().isoformat() == truth["date_published"]


def test_jsonld_graph_id_references_and_modified_kept_apart() -> None:
    truth = TRUTH[0]
    article = extract_article((OWN / "html" / "ru-jsonld-graph.html").read_bytes(), truth["url"])
    assert article.field_sources["authors"] == "json-ld"
    assert article.published == datetime(2021, 10, 17, 11, 5, tzinfo=UTC)
    assert article.published_local == datetime(
        2021, 10, 17, 14, 5, tzinfo=timezone(timedelta(hours=3))
    )
    assert article.modified == datetime(2021, 10, 18, 6, 12, tzinfo=UTC)


def test_late_evening_west_of_utc_is_the_next_utc_day() -> None:
    # 23:30 at UTC-5 on 20 January is 04:30 UTC on the 21st: the store and the digest count
    # the article under its UTC day (21 January); published_local keeps the page's own day
    head = '<meta property="article:published_time" content="2022-01-20T23:30:00-05:00">'
    article = extract_article(page(head), "https://news.example.org/story")
    assert article.published == datetime(2022, 1, 21, 4, 30, tzinfo=UTC)
    assert article.published_local is not None
    assert article.published_local.date() == date(2022, 1, 20)
    assert article.published_local.utcoffset() == timedelta(hours=-5)


def test_unparseable_jsonld_is_skipped_with_a_note() -> None:
    truth = TRUTH[3]
    article = extract_article((OWN / "html" / "ru-bad-jsonld.html").read_bytes(), truth["url"])
    assert any("json-ld" in note and "did not parse" in note for note in article.extraction_notes)
    assert article.authors == ["Ирина Соколова"]  # from the meta tag instead
    assert article.published == datetime(2022, 1, 21, 4, 30, tzinfo=UTC)


def test_jsonld_with_trailing_comma_is_repaired() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
        '{"@type": "Person", "name": "Олег Петров"},}</script>'
    )
    article = extract_article(page(head), "https://news.example.org/story")
    assert article.authors == ["Олег Петров"]
    assert not article.extraction_notes


def test_conflicting_dates_take_the_majority_and_say_so() -> None:
    head = (
        ld({"@type": "NewsArticle", "datePublished": "2019-03-01T10:00:00+01:00"})
        + '<meta property="article:published_time" content="2021-10-17T10:00:00+03:00">'
        + '<meta name="dc.date" content="2021-10-17">'
    )
    byline = '<header><time datetime="2021-10-17T10:00:00+03:00">17 октября 2021</time></header>'
    article = extract_article(page(head, byline), "https://news.example.org/2021/10/17/story")
    assert article.published_local is not None
    assert article.published_local.date() == date(2021, 10, 17)
    assert any("conflicting publication dates" in note for note in article.extraction_notes)


@pytest.mark.parametrize("value", ["2091-05-01T10:00:00Z", "1970-01-01T00:00:00Z", "1989-12-31"])
def test_future_or_pre_1990_dates_are_never_accepted_silently(value: str) -> None:
    head = ld({"@type": "NewsArticle", "datePublished": value})
    article = extract_article(page(head), "https://news.example.org/story")
    assert article.published is None or EARLIEST_OK <= article.published <= NOW_OK
    assert any("implausible" in note for note in article.extraction_notes)


EARLIEST_OK = datetime(1990, 1, 1, tzinfo=UTC)
NOW_OK = datetime.now(UTC) + timedelta(days=1)


def test_implausible_date_falls_through_to_the_next_source() -> None:
    head = ld({"@type": "NewsArticle", "datePublished": "2091-05-01T10:00:00Z"}) + (
        '<meta property="article:published_time" content="2021-10-17T10:00:00+03:00">'
    )
    article = extract_article(page(head), "https://news.example.org/story")
    assert article.published == datetime(2021, 10, 17, 7, 0, tzinfo=UTC)


def test_author_field_holding_html_is_cleaned() -> None:
    head = '<meta name="author" content="&lt;a href=&quot;/a/1&quot;&gt;Мария Иванова&lt;/a&gt;">'
    article = extract_article(page(head), "https://news.example.org/story")
    assert article.authors == ["Мария Иванова"]


def test_author_field_of_5000_characters_is_ignored_with_a_note() -> None:
    head = f'<meta name="author" content="{"Очень длинная биография автора. " * 160}">'
    byline = "<p>Автор: Олег Петров</p>"
    article = extract_article(page(head, byline), "https://news.example.org/story")
    assert article.authors == ["Олег Петров"]
    assert any("over-long" in note for note in article.extraction_notes)


def test_windows_1251_declared_as_utf8_decodes_with_a_note() -> None:
    html = page(byline="<p>Текст: Анна Смирнова</p>")
    article = extract_article(html.encode("cp1251"), "https://news.example.org/story")
    assert article.title == "Заголовок статьи о штрафе"
    assert article.authors == ["Анна Смирнова"]
    assert any(note.startswith("charset:") for note in article.extraction_notes)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By Jane Doe and John Smith", ["Jane Doe", "John Smith"]),
        ("Автор: Мария Иванова и Олег Петров", ["Мария Иванова", "Олег Петров"]),
        ("Текст: Анна Смирнова, фото: Иван Орлов", ["Анна Смирнова", "Иван Орлов"]),
        ("Jane Doe (jane@example.org)", ["Jane Doe"]),
        ("jane.doe@example.org", []),
        ("Staff", []),
        ("Jane Doe, Staff Writer", ["Jane Doe"]),
        ("Jane Doe; jane doe; J. Doe", ["Jane Doe", "J. Doe"]),
        ("Zeige alle Beiträge von Petra Ruland", ["Petra Ruland"]),
        ("Вечерний вестник", []),  # the outlet's own name is not a person
        ("Rechtsanwalt Sebastian Einbock", ["Sebastian Einbock"]),  # a job before the name
        ("корреспондент Иван Петров", ["Иван Петров"]),
        ("MORITZ GATHMANN am 21. April 2020", ["MORITZ GATHMANN"]),  # the date after it
        ("Julia Steinhoff, Oktober", ["Julia Steinhoff"]),  # a month is no name
        # an agency's credit with its desk is one name; a slash with a space separates two
        ("dpa/lno", ["dpa/lno"]),
        ("AFP/The Local", ["AFP/The Local"]),
        ("E. Barreneche / J. I. da Silva", ["E. Barreneche", "J. I. da Silva"]),
        # labels before the name, and words of a page's furniture that are no name
        ("Text und Interview: Harald Willenbrock", ["Harald Willenbrock"]),
        ("Interview Julia Lauter", ["Julia Lauter"]),
        ("Autor/in: Korinna Hennig", ["Korinna Hennig"]),
        ("Por Alberto Ávila", ["Alberto Ávila"]),
        ("Datum", []),
        ("Posted", []),
        ("Stand", []),
        ("Art Edwards says", []),  # a comment's header
        ("Frank Bueltge - http://bueltge.de", ["Frank Bueltge"]),
        (
            "By Glen Owen And Brendan Carlin For The Mail On Sunday",
            ["Glen Owen", "Brendan Carlin"],
        ),
        ("Mark For", ["Mark For"]),  # a surname, not "for" an outlet
        ("Von Tomas Spahn Fr, 18. Oktober 2019", ["Tomas Spahn"]),
        ("~ Cem Basman", ["Cem Basman"]),
        ("Eingestellt von der Michel", ["der Michel"]),
    ],
)
def test_clean_authors(raw: str, expected: list[str]) -> None:
    assert clean_authors(raw, ["Вечерний вестник"]) == expected


def test_visible_dates_ru_and_uk() -> None:
    assert visible_date("17 октября 2021, 14:05") == datetime(2021, 10, 17, 14, 5, tzinfo=UTC)
    assert visible_date("17 жовтня 2021 о 14:05") == datetime(2021, 10, 17, 14, 5, tzinfo=UTC)
    assert visible_date("3 марта 2022 г.") == datetime(2022, 3, 3, tzinfo=UTC)
    assert visible_date("без даты") is None


def test_url_day_and_title_suffix() -> None:
    assert url_day("https://x.example.org/2021/10/17/story/") == date(2021, 10, 17)
    assert url_day("https://x.example.org/news/20211017-story") == date(2021, 10, 17)
    assert url_day("https://x.example.org/a/31512345.html") is None
    # an issue number after the year is no month and day
    assert url_day("https://jungle.example/artikel/2023/43/das-phantom") is None
    assert url_day("https://x.example.org/2021-1-7-story") == date(2021, 1, 7)
    assert strip_site("Заголовок | Вечерний вестник", ["Вечерний вестник"]) == "Заголовок"


def test_kicker_inside_h1_is_not_part_of_the_title() -> None:
    head = '<meta property="og:title" content="Климат: Бурить, пока не станет жарко">'
    h1 = (
        '<span class="article-heading__kicker">Климат</span>: '
        "<span>Бурить, пока не станет жарко</span>"
    )
    article = extract_article(page(head, h1=h1), "https://news.example.org/story")
    assert article.title == "Бурить, пока не станет жарко"


def test_the_one_headline_wins_over_a_different_seo_title() -> None:
    head = '<meta property="og:title" content="Штраф для центра | Вечерний вестник">'
    h1 = "Правозащитный центр оштрафовали в третий раз за полгода"
    article = extract_article(page(head, h1=h1), "https://news.example.org/story")
    assert article.title == h1
    assert any("one headline" in n for n in article.extraction_notes)


def test_a_headline_that_only_adds_a_kicker_or_a_site_is_no_other_title() -> None:
    head = '<meta property="og:title" content="Правозащитный центр оштрафовали снова">'
    for h1 in (
        "Новости Правозащитный центр оштрафовали снова",  # a kicker run into the headline
        "Правозащитный центр оштрафовали снова | ВЕСТНИК",  # the site's name after it
    ):
        article = extract_article(page(head, h1=h1), "https://news.example.org/story")
        assert article.title == "Правозащитный центр оштрафовали снова"


def test_a_wordpress_blog_archive_title_and_a_site_name_headline() -> None:
    # WordPress's classic "Site » Blog Archive » Post"; the page's one <h1> is the site's name,
    # a link to its home page (here or through an archived copy)
    head = "<title>Вечерний вестник » Blog Archive » Правозащитный центр оштрафовали снова</title>"
    for home in ("/", "https://web.archive.org/web/20140226054445/http://vestnik.example.org/"):
        h1 = f'<a href="{home}">Вечерний вестник</a>'
        article = extract_article(page(head, h1=h1), "https://vestnik.example.org/x")
        assert article.title == "Правозащитный центр оштрафовали снова"
    # a headline linking to its own story is still the headline
    h1 = '<a href="/2021/10/story.html">Правозащитный центр оштрафовали в третий раз</a>'
    article = extract_article(page(head, h1=h1), "https://vestnik.example.org/x")
    assert article.title == "Правозащитный центр оштрафовали в третий раз"
    assert strip_site("Vestnik » Blog Archiv » Post", ["Vestnik"]) == "Post"


def test_the_site_is_named_by_its_domains_main_label_also_in_an_archived_copy() -> None:
    head = "<title>Правозащитный центр оштрафовали снова - Vestnik Community Forum</title>"
    for url in (
        "https://forum.vestnik.example/t/123",
        "https://web.archive.org/web/20140226054445/http://www.vestnik.example/t/123",
    ):
        article = extract_article(page(head, h1="Главная"), url)
        assert article.title == "Правозащитный центр оштрафовали снова", url


def test_two_headlines_or_a_short_one_leave_the_metadata_title() -> None:
    head = '<meta property="og:title" content="Правозащитный центр оштрафовали снова">'
    two = "Первый заголовок страницы</h1><h1>Второй заголовок страницы"
    for h1 in (two, "Главная"):
        article = extract_article(page(head, h1=h1), "https://news.example.org/story")
        assert article.title == "Правозащитный центр оштрафовали снова"


def test_day_first_numeric_dates() -> None:
    head = '<meta property="article:published_time" content="10.12.2022, 07:00:03">'
    article = extract_article(page(head), "https://news.example.org/story")
    assert article.published == datetime(2022, 12, 10, 7, 0, 3, tzinfo=UTC)


def test_a_time_showing_another_day_than_its_datetime_gives_the_day_shown() -> None:
    # the attribute is when the story was last edited; readers (and the digest) see the text
    byline = '<header><time datetime="2021-10-22T10:18:46Z">17 октября 2021</time></header>'
    article = extract_article(page(byline=byline), "https://news.example.org/story")
    assert article.published_local is not None
    assert article.published_local.date() == date(2021, 10, 17)
    assert any("<time> shows 2021-10-17" in note for note in article.extraction_notes)


@pytest.mark.parametrize(
    "shown",
    ["01.02.2022", "1 февраля 2022", "Publié le 1 février 2022"],  # the same day, day first
)
def test_a_time_showing_its_own_day_keeps_the_datetime(shown: str) -> None:
    byline = f'<header><time datetime="2022-02-01T09:30:00+03:00">{shown}</time></header>'
    article = extract_article(page(byline=byline), "https://news.example.org/story")
    assert article.published_local == datetime(
        2022, 2, 1, 9, 30, tzinfo=timezone(timedelta(hours=3))
    )
    assert not any("<time> shows" in note for note in article.extraction_notes)


@pytest.mark.parametrize(
    ("line", "day"),
    [
        (
            "<div class='meta'><span class='byline__created-date'>07 Dezember, 2022</span></div>",
            "2022-12-07",
        ),
        ("<p class='date'>Posted on May 5, 2021 by Anna</p>", "2021-05-05"),
        ("<div><span>17 октября 2021</span></div>", "2021-10-17"),
    ],
)
def test_a_day_beside_the_headline_is_the_pages_date_without_metadata(line: str, day: str) -> None:
    # the sidebar's list of dates comes first in the page; the headline's line is the story's
    sidebar = (
        "<ul class='news-list'><li><span class='date'>29.11.2022</span> Andere Meldung</li></ul>"
    )
    html = (
        page(byline="", h1="Заголовок статьи о штрафе")
        .replace("<article>", f"<aside>{sidebar}</aside><article>")
        .replace("</h1>", f"</h1>{line}")
    )
    article = extract_article(html, "https://news.example.org/story")
    assert article.published_local is not None
    assert article.published_local.date().isoformat() == day
    assert article.field_sources["published"] == "visible"


# trafilatura's byline search without its copy of the page: the same answer as extract_author
BYLINES = [
    # plain candidates of each of the three expressions
    '<div><span class="author">Anna Petrova</span></div>',
    '<div><p class="byline">By Ivan Sidorov</p></div>',
    '<div><em class="post-writer">Olga Ivanova</em></div>',
    # a candidate inside a discarded section (comments, a sidebar) is skipped
    '<div class="comments"><span class="author">Commenter Name</span></div>'
    '<div id="authors-box"><a rel="author">Real Author</a></div>',
    '<div class="sidebar-right"><span class="author">Sidebar Author</span></div>',
    # a candidate holding a discarded section: its text loses the section, keeps the tail
    '<p class="byline">By <time>12.03.2024</time>Maria Kuznetsova</p>',
    '<p class="byline"><span class="date">today</span>Pavel Orlov <figure>x</figure>end</p>',
    # rel='me' in trafilatura's expression is a child element <rel>
    "<span>Nina Sokolova<rel>me</rel></span>",
    # nothing long enough, or nothing at all
    '<span class="author">Al</span>',
    "<p>No byline here.</p>",
    # past MAX_AUTHOR_TESTS candidates (a comment thread): the discarded sections found at once
    '<div class="comments">' + '<span class="author">Commenter Name</span>' * 30 + "</div>"
    '<span class="author">X</span>' * 25 + '<p class="byline">By <time>today</time>Lena Wolf</p>',
]


@pytest.mark.parametrize("byline", BYLINES)
def test_trafilatura_author_gives_extract_authors_answer(byline: str) -> None:
    from lxml import html as lxml_html
    from trafilatura.metadata import extract_author

    tree = lxml_html.document_fromstring(page(byline=byline))
    assert _author_candidates(tree) is not None, "trafilatura's AUTHOR_XPATHS changed"
    assert trafilatura_author(tree) == extract_author(tree)


@pytest.mark.usefixtures("shared_data")
def test_trafilatura_author_matches_extract_author_on_real_pages() -> None:
    """The first 150 metadata-dev pages: the same author, candidate lists equal to the XPaths'."""
    from trafilatura.metadata import extract_author
    from trafilatura.xpaths import AUTHOR_XPATHS

    from pipelines.extract.article import _parse, decode_html

    folder = Path(__file__).resolve().parents[1].parent / "shared/data/extraction/metadata-dev"
    found = 0
    for path in sorted((folder / "html").iterdir())[:150]:
        raw = path.read_bytes()
        tree = _parse(decode_html(gzip.decompress(raw) if path.suffix == ".gz" else raw), "")
        assert _author_candidates(tree) == [x(tree) for x in AUTHOR_XPATHS], path.name
        expected = extract_author(tree)
        found += expected is not None
        assert trafilatura_author(tree) == expected, path.name
    assert found >= 50  # the pages do have bylines to find


def test_a_time_that_shows_only_a_clock_time_is_no_date_of_today() -> None:
    """``<time datetime="11:02">`` names no day: parsed, it would be today (a 2011 story
    dated the day it was extracted); it is ignored with a note and a later source decides."""
    from pipelines.extract import extract_article

    body = "".join(
        f"<p>Правозащитники сообщили о задержании участников пикета номер {i} в центре города.</p>"
        for i in range(6)
    )
    page = (
        "<html><head><title>Задержания в центре</title></head><body><article>"
        "<h1>Задержания в центре</h1><time datetime='11:02' pubdate>11:02</time>"
        f"{body}</article></body></html>"
    )
    article = extract_article(page, "https://news.example.org/2011/11/28/zaderzhaniya")
    assert article.published is not None and article.published.date().isoformat() == "2011-11-28"
    assert "date: time '11:02' names no year, ignored" in article.extraction_notes
