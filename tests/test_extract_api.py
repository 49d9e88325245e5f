"""API outlets' extraction: golden API documents, bad answers, and the URL rules.

Golden documents: ``tests/golden/<outlet>/<name>.api.json`` is an answer of the outlet's JSON
API (written for these tests in the shape ``shared/outlets-more.md`` gives), ``<name>.json``
beside it holds, as for the HTML goldens, the call of ``extract_article`` (the API URL, the
outlet, its family) and the fields a reader sees on the article.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.extract import extract_article
from pipelines.extract.rules import document_family, meduza, novayagazeta
from pipelines.extract.rules.document import DocumentError, unix_time
from pipelines.process import PageError, analyse_page
from pipelines.registry import load_registry

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"
DOCUMENTS = sorted(GOLDEN.glob("*/*.api.json"))
API_OUTLETS = {"meduza", "meduza-en", "novayagazeta", "novayagazeta-en"}


def _spec(document: Path) -> dict:
    return json.loads(
        document.with_name(document.name.removesuffix(".api.json") + ".json").read_text(
            encoding="utf-8"
        )
    )


def test_every_api_outlet_has_a_golden_document() -> None:
    assert {d.parent.name for d in DOCUMENTS} >= API_OUTLETS


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_golden_document(document: Path) -> None:
    spec = _spec(document)
    article = extract_article(document.read_bytes(), **spec["call"])
    got = article.to_dict()
    got["links"] = [list(link) for link in article.links]
    for field, expected in spec["expected"].items():
        assert got[field] == expected, field
    assert got["outlet"] == spec["call"]["outlet"]


def test_an_api_url_is_read_as_a_document_without_its_outlet() -> None:
    """``csowatch extract --url <API URL>`` without ``--outlet``: the URL says which rules."""
    document = GOLDEN / "meduza" / "memorial_fined_2021_10_19.api.json"
    spec = _spec(document)
    article = extract_article(document.read_bytes(), spec["call"]["url"])
    assert article.extractor == "meduza-api"
    assert article.paragraphs == spec["expected"]["paragraphs"]
    assert document_family("https://novayagazeta.eu/api/v1/get/record?slug=2021/10/21/x") == (
        "novayagazeta"
    )
    # a page of the site, or an API URL of another site, is not a document
    assert document_family("https://meduza.io/news/2021/10/19/x") is None
    assert document_family("https://example.org/api/w5/news/2021/10/19/x") is None


def test_csowatch_extract_prints_the_article_of_an_api_document(tmp_path: Path) -> None:
    document = GOLDEN / "novayagazeta-en" / "defenders_summoned_en_2021_10_21.api.json"
    spec = _spec(document)
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "--config", str(REPO / "config"), "extract",
         str(document), "--url", spec["call"]["url"], "--outlet", "novayagazeta-en"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["authors"] == ["Maria Krylova", "Oleg Titov"]
    assert printed["url"] == spec["expected"]["url"]
    assert [m["cso"] for m in printed["mentions"]][:1] == ["ovd-info"]


def test_mentions_and_quotes_are_found_in_an_api_document() -> None:
    document = GOLDEN / "meduza" / "memorial_fined_2021_10_19.api.json"
    registry = load_registry(REPO / "config" / "csos.yaml")
    article = analyse_page(
        document.read_bytes(),
        _spec(document)["call"]["url"],
        outlet="meduza",
        spider="meduza",
        registry=registry,
        content_type="application/json; charset=utf-8",
    )
    assert {m.cso for m in article.mentions} >= {"memorial", "ovd-info"}
    assert any(q.text.startswith("Мы не видим") for q in article.quotes)


MEDUZA_API = "https://meduza.io/api/w5/news/2021/10/19/x"
NGE_API = "https://novayagazeta.eu/api/v1/get/record?slug=2021/10/21/x"


@pytest.mark.parametrize(
    ("body", "url", "family", "reason"),
    [
        # the application's HTML shell (the API behind a front end that answers the page)
        (b"<!doctype html><html><body><div id=root></div></body></html>", MEDUZA_API, "meduza",
         "not-json"),
        (b'{"root": {"title": "cut off', MEDUZA_API, "meduza", "not-json"),
        (b"[]", NGE_API, "novayagazeta", "not-json"),
        (b'{"error": "not found"}', MEDUZA_API, "meduza", "no-document"),
        (b'{"records": []}', NGE_API, "novayagazeta", "no-document"),
        (b'{"root": {"title": "A podcast", "content": {}}}', MEDUZA_API, "meduza", "no-body"),
        (b'{"record": {"title": "x", "body": [{"type": "image/single"}]}}', NGE_API,
         "novayagazeta", "no-body"),
        (b"   ", NGE_API, "novayagazeta", "empty-body"),
    ],
)  # fmt: skip
def test_a_bad_api_answer_is_a_bad_page_with_its_reason(
    body: bytes, url: str, family: str, reason: str
) -> None:
    with pytest.raises(PageError) as caught:
        analyse_page(body, url, outlet=family, spider=family)
    assert caught.value.reason == reason


def test_an_html_page_of_an_api_outlet_without_its_family_stays_on_the_html_path() -> None:
    page = b"<html><body><h1>A page</h1><p>" + b"Text of the page. " * 20 + b"</p></body></html>"
    article = extract_article(page, "https://meduza.io/news/2021/10/19/x")
    assert article.extractor == "generic"


def test_meduza_urls() -> None:
    public = "https://meduza.io/news/2021/10/19/slug"
    assert meduza.api_url(public) == "https://meduza.io/api/w5/news/2021/10/19/slug"
    assert meduza.public_url(meduza.api_url(public)) == public
    assert meduza.api_url("https://meduza.io/en/feature/2021/10/20/x") == (
        "https://meduza.io/api/w5/en/feature/2021/10/20/x"
    )
    assert meduza.normalise("https://www.meduza.io/amp/en/news/2021/10/19/x/") == (
        "https://meduza.io/en/news/2021/10/19/x"
    )
    assert meduza.is_article_url(public, "ru") and not meduza.is_article_url(public, "en")
    assert meduza.is_article_url("https://meduza.io/en/brief/2021/10/19/x", "en")
    for other in ("https://meduza.io/specials/x", "https://meduza.io/news", "https://meduza.io/"):
        assert not meduza.is_article_url(other)
    assert meduza.is_listing_url("https://meduza.io/api/w5/search?chrono=news&locale=ru")
    assert not meduza.is_listing_url(meduza.api_url(public))
    assert not meduza.is_listing_url("https://meduza.io/rss/all")


def test_novayagazeta_urls() -> None:
    public = "https://novayagazeta.eu/articles/2023/03/22/chechen-roots-en"
    api = "https://novayagazeta.eu/api/v1/get/record?slug=2023/03/22/chechen-roots-en"
    assert novayagazeta.api_url(public) == api
    assert novayagazeta.public_url(api) == public
    assert novayagazeta.normalise("https://novayagazeta.eu/en/articles/2023/03/22/x-en/") == (
        "https://novayagazeta.eu/articles/2023/03/22/x-en"
    )
    assert novayagazeta.is_article_url(public, "en")
    assert not novayagazeta.is_article_url(public, "ru")
    russian_news = "https://novayagazeta.eu/articles/2023/03/23/v-reestr-vnesli-news"
    assert novayagazeta.is_article_url(russian_news, "ru")
    assert novayagazeta.is_article_url(russian_news.replace("-news", "-en-news"), "en")
    assert not novayagazeta.is_article_url("https://novayagazeta.eu/authors/412")
    assert not novayagazeta.is_article_url("https://novayagazeta.eu/stories")
    assert novayagazeta.is_listing_url("https://novayagazeta.eu/api/v1/get/main?lang=en")
    assert not novayagazeta.is_listing_url(api)


def test_listings() -> None:
    med = meduza.listing(
        {
            "collection": ["news/2021/10/19/b", "news/2021/10/18/a"],
            "documents": {
                "news/2021/10/18/a": {"url": "news/2021/10/18/a", "published_at": 1634551200},
                "news/2021/10/19/b": {"url": "/news/2021/10/19/b"},
            },
        },
        "https://meduza.io",
    )
    assert [e.url for e in med] == [
        "https://meduza.io/news/2021/10/19/b",
        "https://meduza.io/news/2021/10/18/a",
    ]
    assert med[0].published is None and med[1].published == unix_time(1634551200)
    blocks = [{"title": "banner"}, {"slug": "2021/10/21/x", "date": 1634800000000}]
    nge = novayagazeta.listing({"records": [{"blocks": blocks}]}, "https://novayagazeta.eu")
    assert [(e.url, e.published) for e in nge] == [
        ("https://novayagazeta.eu/articles/2021/10/21/x", unix_time(1634800000))
    ]
    with pytest.raises(DocumentError):
        meduza.listing({"items": []}, "https://meduza.io")


def test_unix_times_in_seconds_and_milliseconds() -> None:
    seconds = unix_time(1634800000)
    assert seconds is not None and seconds.isoformat() == "2021-10-21T07:06:40+00:00"
    assert unix_time(1634800000000) == seconds
    assert unix_time("1634800000") == seconds
    assert unix_time(None) is None and unix_time(True) is None and unix_time(-5) is None
