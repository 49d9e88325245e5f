"""Decoding and analysing one fetched page (the pure core of the crawl's pipeline)."""

from __future__ import annotations

import pytest

from demo.articles import SVOBODA, sample_specs
from demo.sitegen import pangea_page
from pipelines.extract import ExtractedArticle
from pipelines.process import PageError, analyse_page, decode_page

PAGE = pangea_page(sample_specs()["svoboda"], SVOBODA[0])


def test_a_lying_charset_header_falls_back_to_the_meta_charset() -> None:
    body = PAGE.replace('<meta charset="utf-8" />', '<meta charset="windows-1251" />')
    text = decode_page(body.encode("cp1251"), "text/html; charset=utf-8")
    assert "Суд оштрафовал «Мемориал»" in text


def test_windows_1251_bytes_served_as_utf8_without_meta_are_detected() -> None:
    # Was a wrong-charset bad page; the bytes are plain windows-1251, which charset-normalizer
    # recognises (tests/faults/test_hostile.py has the crawl of such pages).
    body = PAGE.replace('<meta charset="utf-8" />', "").encode("cp1251")
    assert "Суд оштрафовал «Мемориал»" in decode_page(body, "text/html; charset=utf-8")


def test_undecodable_bytes_are_a_wrong_charset_bad_page() -> None:
    body = bytes(range(128, 256)) * 64  # no charset makes text of this
    with pytest.raises(PageError) as err:
        decode_page(body, "text/html; charset=utf-8")
    assert err.value.reason == "wrong-charset"


@pytest.mark.parametrize("body", [b"", b"   \n"])
def test_an_empty_body_is_a_bad_page(body: bytes) -> None:
    with pytest.raises(PageError) as err:
        decode_page(body)
    assert err.value.reason == "empty-body"


def test_a_page_without_article_body_is_a_bad_page() -> None:
    with pytest.raises(PageError) as err:
        analyse_page(
            b"<html><body><nav>Menu</nav></body></html>", "https://www.svoboda.org/a/1.html"
        )
    assert err.value.reason in {"no-body", "empty"}


def test_analyse_page_finds_mentions_and_quotes() -> None:
    from pathlib import Path

    from pipelines.registry import load_registry

    registry = load_registry(Path(__file__).resolve().parents[1] / "config" / "csos.yaml")
    article = analyse_page(
        PAGE.encode(), "http://127.0.0.1:1/a/31512310.html", registry=registry,
        canonical="https://www.svoboda.org/a/31512310.html",
    )  # fmt: skip
    assert article.canonical_url == "https://www.svoboda.org/a/31512310.html"
    assert article.title == "Суд оштрафовал «Мемориал» на 500 тысяч рублей"
    assert {m.cso for m in article.mentions} >= {"memorial"}
    speakers = {q.speaker for q in article.quotes}
    assert "Александр Черкасов" in speakers


def test_the_charset_correction_reaches_the_articles_notes() -> None:
    # windows-1251 bytes served as utf-8: the crawl decodes before extracting, and what the
    # decoding had to correct is said in the article's notes, as extract_article says it
    body = PAGE.replace('<meta charset="utf-8" />', "").encode("cp1251")
    article = analyse_page(
        body, "https://www.svoboda.org/a/31500001.html", content_type="text/html; charset=utf-8"
    )
    assert "Суд оштрафовал «Мемориал»" in article.title
    assert isinstance(article, ExtractedArticle)
    assert article.extraction_notes[0] == "charset: utf8 declared, the bytes are cp1251"
