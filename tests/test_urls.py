from __future__ import annotations

import pytest

from pipelines.urls import article_id, article_key, canonical_url, is_article_url

RFERL = "https://www.rferl.org/a/russia-court-fines-rights-group/31512345.html"
MT = "https://www.themoscowtimes.com/2021/10/15/russias-foreign-agent-law-a75300"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (RFERL + "?utm_source=twitter&utm_medium=social#comments", RFERL),
        (RFERL + "?fbclid=IwAR0abc&gclid=xyz", RFERL),
        ("HTTPS://WWW.RFERL.ORG:443/a/russia-court-fines-rights-group/31512345.html", RFERL),
        ("https://www.rferl.org/amp/russia-court-fines-rights-group/31512345.html", RFERL),
        ("https://www.svoboda.org/amp/31517777.html", "https://www.svoboda.org/a/31517777.html"),
        (MT + "?utm_campaign=rss", MT),
        ("https://example.org/news?b=2&a=1&utm_term=x", "https://example.org/news?a=1&b=2"),
        ("http://127.0.0.1:8801/a/x/1.html", "http://127.0.0.1:8801/a/x/1.html"),
        ("http://www.rferl.org/a/x/1.html", "http://www.rferl.org/a/x/1.html"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_pangea_preview_maps_to_public_host_or_none() -> None:
    preview = "https://rfe.pangea-cms.com/preview/ru-RU/a/some-slug/31517777.html"
    hosts = {"ru-ru": "www.svoboda.org", "en-US": "www.rferl.org"}
    assert canonical_url(preview, hosts) == "https://www.svoboda.org/a/some-slug/31517777.html"
    assert canonical_url(preview) is None
    assert canonical_url(preview, {"en-US": "www.rferl.org"}) is None
    assert article_key(preview) is None


@pytest.mark.parametrize(
    ("url", "spider", "expected"),
    [
        (RFERL, "pangea", True),
        ("https://www.svoboda.org/a/31517777.html", "pangea", True),
        ("https://www.rferl.org/a/old_underscore_slug/24512345.html", "pangea", True),
        ("https://www.rferl.org/Watchdog/2021/10/17", "pangea", False),
        ("https://www.rferl.org/z/17083", "pangea", False),
        ("https://www.rferl.org/author/anna-petrova/pmqoye", "pangea", False),
        (MT, "moscowtimes", True),
        ("https://www.themoscowtimes.com/news", "moscowtimes", False),
        ("https://www.themoscowtimes.com/tag/Memorial", "moscowtimes", False),
        ("https://www.themoscowtimes.com/2021/10/15/no-id-here", "moscowtimes", False),
        ("https://news.example.org/2021/10/18/story/", "generic", True),
        ("https://news.example.org/", "generic", False),
        ("https://news.example.org/logo.png", "generic", False),
        ("mailto:desk@example.org", "generic", False),
    ],
)
def test_is_article_url(url: str, spider: str, expected: bool) -> None:
    assert is_article_url(url, spider) is expected


def test_article_id_and_key() -> None:
    assert article_id(RFERL, "pangea") == "31512345"
    assert article_id(MT, "moscowtimes") == "a75300"
    assert article_id(MT) == "a75300"  # family guessed from the host
    assert article_id("https://news.example.org/story") is None
    assert article_key(RFERL) == "rferl.org:31512345"
    # slug changes, AMP copies and tracking parameters keep the key
    renamed = "https://rferl.org/amp/new-slug/31512345.html?utm_source=x"
    assert article_key(renamed) == article_key(RFERL)
    assert article_key(MT.replace("russias-foreign-agent-law", "new-title")) == (
        "themoscowtimes.com:a75300"
    )
    assert article_key("https://www.svoboda.org/a/31512345.html") != article_key(RFERL)
