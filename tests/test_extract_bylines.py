"""Bylines printed on the page (``pipelines.extract.bylines``) and how the cascade uses them:
a label that opens its line is a byline, the same word inside a sentence is not; a name on
the headline's date line; a JSON-LD author that is only the first of the byline's. Pages here
are text written for the tests, in the shapes real sites use."""

from __future__ import annotations

import json

import pytest
from lxml import html as lxml_html

from pipelines.extract import ExtractedArticle, extract_article
from pipelines.extract.bylines import calendar_word, header_byline, lead_ok, text_byline

PROSE = (
    "<p>The regional court fined the human-rights centre again on Tuesday, the third fine this "
    "year, for missing labels on its social-media pages; the centre said it would appeal.</p>"
    "<p>Its lawyers argue that the law does not cover reposts, and that the fines, which now "
    "exceed a million roubles, are meant to close the organisation down rather than inform.</p>"
)


def tree(body: str) -> object:
    return lxml_html.document_fromstring(f"<html><body>{body}</body></html>")


@pytest.mark.parametrize(
    ("markup", "names"),
    [
        (
            "<div class='meta'>By Daniel | Published: 23. Juli 2017 | Comments closed</div>",
            "Daniel",
        ),
        ("<p>Posted on September 21, 2020 by Adi Tzlil</p>", "Adi Tzlil"),
        ("<p>Publiziert am 26. Mai 2013 von Tom Stelling</p>", "Tom Stelling"),
        ("<p>Ein Artikel von Pamela Sladky | 27.01.2022 - 12:45</p>", "Pamela Sladky"),
        ("<p>05.02.2020 - Redaktion: Eberhard Fuhr (Pressesprecher)</p>", "Eberhard Fuhr"),
        ("<p>Yes!| By Cara Stiles |</p>", "Cara Stiles"),
        ("<p>Autoren Jelko Djuren und Jutta Klaukien</p>", "Jelko Djuren und Jutta Klaukien"),
        ("<p>Автор: Ирина Петрова</p>", "Ирина Петрова"),
        ("<p>17 октября 2021, 14:05 | Текст: Олег Сидоров</p>", "Олег Сидоров"),
        ("<p>Авторка: Оксана Коваль</p>", "Оксана Коваль"),
        # a label alone in its element reads on into the enclosing one
        ("<div><h5>Datum:</h5>03.11.2021<br><h5>Autor:</h5>Peter Maahn/SP-X</div>", "Peter Maahn"),
        # a label inside a long element: the line it starts, up to the next <br>
        (
            f"<div>{'Quelle: eine lange Meldung über das Urteil und seine Folgen. ' * 4}<br>"
            "Autor: <a href='/anwalt/'>Rechtsanwalt</a> Sebastian Einbock</div>",
            "Rechtsanwalt Sebastian Einbock",
        ),
    ],
)
def test_a_label_that_opens_its_line_is_a_byline(markup: str, names: str) -> None:
    assert text_byline(tree(markup + PROSE), None) == [names]


@pytest.mark.parametrize(
    "markup",
    [
        "<h2>Leasing von Firmenfahrzeugen</h2>",  # German "von" before a capitalised noun
        "<p>Soziale Nachhaltigkeit von Klimaschutz und Energiewende</p>",
        "<figcaption>Mary Magdalene by Titian</figcaption>",
        "<h3>Insider trading by Indians on the rise</h3>",
        "<p>Kommentar von Margit Heumann — 2019-01-01 @ 00:39</p>",  # a commenter
        "<p>Foto von Josh Willink von Pexels</p>",
        "<p>Royal Road © 2013-2020, background by Noah Bradley</p>",
        "<p>, By June 2016, most of the code base was ported.</p>",  # a month, not a name
    ],
)
def test_the_same_word_inside_a_sentence_is_no_byline(markup: str) -> None:
    assert text_byline(tree(markup + PROSE), None) == []


def test_a_labelled_byline_wins_over_an_earlier_von_or_a_menus_autoren() -> None:
    # "Von" in the headline and "Autoren" in a menu come first in the page; "Autor:" is sure
    page = tree(
        "<ul><li><a href='/autoren'>Autoren</a><ul><li><a href='/m'>Mitschreiben</a></li></ul>"
        "</li></ul><h1>Von Sprachregeln, Gender-Politik und Alltag</h1>"
        "<div class='meta'><span>Datum:</span> 19.11.2021<br><span>Autor:</span> Fritz Imhof"
        f"<br><span>Quelle:</span> Livenet</div>{PROSE}"
    )
    assert text_byline(page, None) == ["Fritz Imhof"]
    # without a labelled one, the first "Von" still counts (not in the headline itself)
    page = tree(f"<h1>Von Sprachregeln</h1><p>Von Peter Maahn</p>{PROSE}")
    assert text_byline(page, None) == ["Peter Maahn"]


def test_a_byline_ends_before_the_next_label() -> None:
    page = tree(f"<p>Autorin: Anna Berg Quelle: dpa</p>{PROSE}")
    assert text_byline(page, None) == ["Anna Berg"]


def test_lead_ok_allows_dates_and_publishing_words_and_anything_before_a_separator() -> None:
    assert lead_ok("")
    assert lead_ok("Posted on 21 September 2020 ")
    assert lead_ok("17 октября 2021, 14:05 | ")
    assert lead_ok("Weitere Beiträge zum Thema | ")
    assert not lead_ok("Publikationen ")
    assert not lead_ok("Die Sammelwut der Benutzerdaten ")


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("<p class='muted'>11.12.2019 - Amelie Loevenich</p>", "Amelie Loevenich"),
        ("<small>04.02.2022 | 13:10 Uhr | Uta Helkenberg</small>", "Uta Helkenberg"),
        ("<div><span>25.10.2022 - Reiner Nagel</span></div>", "Reiner Nagel"),
        ("<p>Ирина Петрова — 17.10.2021</p>", "Ирина Петрова"),
    ],
)
def test_a_name_on_the_headlines_date_line(header: str, name: str) -> None:
    page = tree(f"<div><h1>Variablen und ihr Zuhause</h1>{header}</div>{PROSE}")
    assert header_byline(page) == [name]


def test_a_date_line_with_a_rubric_or_far_from_the_headline_names_nobody() -> None:
    assert header_byline(tree(f"<h1>Headline here</h1><p>12.03.2021 - Politik</p>{PROSE}")) == []
    far = "".join(f"<p>filler {i}</p>" for i in range(6))
    page = tree(f"<h1>Headline here</h1>{far}<p>11.12.2019 - Amelie Loevenich</p>{PROSE}")
    assert header_byline(page) == []


def test_calendar_words_are_no_names() -> None:
    assert calendar_word("Oktober") and calendar_word("Lundi") and calendar_word("june")
    assert calendar_word("Dec") and calendar_word("On August")
    assert not calendar_word("Juniper")


def article_page(head: str, byline: str) -> str:
    return (
        f"<html lang='en'><head><meta charset='utf-8'>{head}</head><body><article>"
        f"<h1>The centre is fined again</h1>{byline}{PROSE}</article></body></html>"
    )


def json_ld_and_meta_authors(meta_author: str) -> ExtractedArticle:
    """A page whose JSON-LD names Anna Smith; its ``<meta name=author>`` says ``meta_author``."""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "author": {"@type": "Person", "name": "Anna Smith"},
    }
    head = (
        f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
        f"<meta name='author' content='{meta_author}'>"
    )
    article = extract_article(article_page(head, ""), "https://example.org/2021/10/17/fine")
    assert isinstance(article, ExtractedArticle)
    return article


def test_the_cascade_takes_the_fuller_meta_byline_over_a_json_ld_first_author() -> None:
    article = json_ld_and_meta_authors("Anna Smith, Boris Ivanov")
    assert article.authors == ["Anna Smith", "Boris Ivanov"]
    assert article.field_sources["authors"] == "json-ld"
    assert any("the byline names 2, the json-ld 1" in note for note in article.extraction_notes)


def test_a_meta_byline_naming_someone_else_does_not_replace_the_json_ld_author() -> None:
    assert json_ld_and_meta_authors("Boris Ivanov, Clara Diaz").authors == ["Anna Smith"]


def test_the_cascade_reads_a_header_date_line_and_skips_a_noun_after_von() -> None:
    byline = (
        "<h2>Leasing von Firmenfahrzeugen</h2><p class='meta'>11.12.2019 - Amelie Loevenich</p>"
    )
    article = extract_article(article_page("", byline), "https://example.org/post")
    assert article.authors == ["Amelie Loevenich"]
    assert article.field_sources["authors"] == "header"


def test_control_characters_in_the_page_do_not_cost_the_body() -> None:
    # stray control bytes (a script's, a pasted text's) made trafilatura's XML output
    # unparseable and the page "had no body"
    page = article_page("", "<p>By Anna Smith</p>").replace(
        "</h1>", "</h1><script>var a='\x02\x1b';</script>"
    )
    article = extract_article(page.encode("utf-8"), "https://example.org/2021/10/17/fine")
    assert "third fine this year" in article.text
    assert article.authors == ["Anna Smith"]


@pytest.mark.parametrize(
    ("head", "byline", "authors"),
    [
        # the outlet, an organisation or a domain in the metadata gives way to the byline
        ("<meta name='author' content='Deutsche Welle'>", "<p>Von Kossi Tia</p>", ["Kossi Tia"]),
        ("<meta name='author' content='news.example.org'>", "<p>Autor: Jan Koch</p>", ["Jan Koch"]),
        (
            "<meta name='author' content='Bund der Verbraucher e.V.'>",
            "<p>Автор: Олег Петров</p>",
            ["Олег Петров"],
        ),
        # words of a sentence ("deinen Hochzeitsbloggern") are no name either
        (
            "<meta name='author' content='deinen Hochzeitsbloggern'>",
            "<p>By Samuel Diekmann</p>",
            ["Samuel Diekmann"],
        ),
        # ... but stay when the page names nobody else
        ("<meta name='author' content='Deutsche Welle'>", "", ["Deutsche Welle"]),
    ],
)
def test_an_organisation_as_author_gives_way_to_a_person(
    head: str, byline: str, authors: list[str]
) -> None:
    article = extract_article(article_page(head, byline), "https://news.example.org/post")
    assert article.authors == authors


def test_a_personal_sites_own_name_is_its_authors() -> None:
    head = "<meta name='author' content='Gregory Szorc'>"
    article = extract_article(
        article_page(head, "<p>Von Peter Maahn</p>"), "https://gregoryszorc.com/p"
    )
    assert article.authors == ["Gregory Szorc"]


def given_name_page(lead: str, description: str = "") -> str:
    person: dict[str, str] = {"@type": "Person", "@id": "#p", "name": "Nils"}
    if description:
        person["description"] = description
    ld = {
        "@context": "https://schema.org",
        "@graph": [{"@type": "BlogPosting", "author": {"@id": "#p"}}, person],
    }
    head = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    return article_page(head, lead)


@pytest.mark.parametrize(
    ("lead", "description", "authors"),
    [
        ("<p><strong>Eine Kolumne von Nils Pickert</strong></p>", "", ["Nils Pickert"]),
        ("", "Nils Pickert ist freier Autor und Journalist.", ["Nils Pickert"]),  # the bio
        ("<p>Автор: Nils Pickert</p>", "", ["Nils Pickert"]),
        # a full name elsewhere, or a capitalised word after the given name, is not the byline
        ("<p>Nils Pickert hat die Seite gebaut</p>", "", ["Nils"]),
        (
            "<p>Veröffentlicht von <a href='/u/nils'>Nils</a></p><p>Ein neuer Beitrag</p>",
            "",
            ["Nils"],
        ),
        ("", "Mit Nils Pickert am Tisch", ["Nils"]),
        (
            "<p>Am 13. November 2019 Von <a href='/u'>Nils</a> In <a href='/c'>Aktuell</a></p>",
            "",
            ["Nils"],
        ),
    ],
)
def test_a_given_name_byline_takes_the_full_name_the_page_gives_it(
    lead: str, description: str, authors: list[str]
) -> None:
    article = extract_article(given_name_page(lead, description), "https://blog.example.org/p")
    assert article.authors == authors
    assert any("is 'Nils Pickert' on the page" in n for n in article.extraction_notes) == (
        authors != ["Nils"]
    )


def test_the_outlets_name_with_an_article_gives_way_and_auteur_is_a_label() -> None:
    head = (
        "<meta property='og:site_name' content='Achtsam durch die Krise | Die FURCHE'>"
        "<meta name='author' content='Die FURCHE'>"
    )
    article = extract_article(
        article_page(head, "<p>Auteur : Kossi Tiassou</p>"), "https://www.furche.example/a"
    )
    assert article.authors == ["Kossi Tiassou"]


def ld_author(*names: str) -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "author": [{"@type": "Person", "name": n} for n in names],
    }
    return f"<script type='application/ld+json'>{json.dumps(ld)}</script>"


def test_one_byline_element_naming_the_json_ld_author_and_more_wins() -> None:
    byline = (
        "<div class='entry-meta'><span class='vcard author'><span class='fn'>"
        "von Rudolf Fischer, Simon Kohler</span></span></div>"
    )
    article = extract_article(article_page(ld_author("Rudolf Fischer"), byline), "https://x.org/a")
    assert article.authors == ["Rudolf Fischer", "Simon Kohler"]
    assert any("the byline names 2, the json-ld 1" in n for n in article.extraction_notes)


def test_related_stories_bylines_do_not_add_authors() -> None:
    related = "".join(
        f"<li><a href='/{i}'>Story {i}</a> <a rel='author' href='/u/{i}'>Anna Berg{i}</a></li>"
        for i in range(3)
    )
    page = article_page(ld_author("Rudolf Fischer"), f"<ul class='related'>{related}</ul>")
    assert extract_article(page, "https://x.org/a").authors == ["Rudolf Fischer"]


def test_the_meta_byline_and_the_printed_one_agree_against_the_json_ld() -> None:
    head = (
        ld_author("Kathleen Ditton")
        + "<meta name='parsely-author' content='Jessica Holly'>"
        + "<meta name='parsely-author' content='Gail Levy'>"
    )
    byline = (
        "<div class='article-header__byline' itemprop='author'>By "
        "<a rel='author' href='/a/jh'>Jessica Holly</a>, <a rel='author' href='/a/gl'>Gail Levy</a>"
        "</div>"
    )
    article = extract_article(article_page(head, byline), "https://x.org/a")
    assert article.authors == ["Jessica Holly", "Gail Levy"]
    # the meta byline alone, without the page, does not outvote the JSON-LD
    article = extract_article(article_page(head, ""), "https://x.org/a")
    assert article.authors == ["Kathleen Ditton"]


@pytest.mark.parametrize(
    ("handle", "authors"),
    [
        ("Herr_Rein", ["Herr_Rein"]),  # the handle as the page prints it
        ("edilson.la.rosa", ["Edilson La Rosa"]),  # a login in lower case: the display name
    ],
)
def test_a_handle_and_the_same_name_normalised(handle: str, authors: list[str]) -> None:
    display = " ".join(
        w.capitalize() if w.islower() else w
        for w in handle.replace("_", " ").replace(".", " ").split()
    )
    byline = f"<p>Von {display}</p>"
    article = extract_article(article_page(ld_author(handle), byline), "https://x.org/a")
    assert article.authors == authors


def test_the_first_hcard_author_is_the_posts_byline() -> None:
    byline = (
        "<div class='meta'>by <span class='author vcard'><a class='url fn n' href='/u/w'>"
        "Walter von Aachen</a></span></div>"
    )
    related = (
        "<aside><span class='vcard author'><a class='fn' href='/u/c'>Collectif</a></span></aside>"
    )
    article = extract_article(article_page("", byline + related), "https://x.org/a")
    assert article.authors == ["Walter von Aachen"]
