"""The outlets' URL rules (``articles``/``exclude`` in outlets.toml, ``pipelines.urlrules``):
the shipped configuration's patterns keep each outlet's articles and drop the rest, and give
the ids and days the URLs carry; bad patterns are configuration errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crawler.config import ConfigError, load_config
from pipelines.urlrules import (
    UrlRuleError,
    classify_url,
    compile_url_rules,
    rule_key,
)
from pipelines.urls import canonical_url

REPO = Path(__file__).resolve().parents[1]
OUTLETS = load_config(REPO / "config").outlets

# (outlet, url, id, first day, last day): article URLs as the sites write them
ARTICLES = [
    ("guardian", "https://www.theguardian.com/world/2024/feb/24/russia-navalny-memorial-arrests",
     None, date(2024, 2, 24), date(2024, 2, 24)),
    ("guardian", "https://www.theguardian.com/world/2013/mar/05/hugo-chavez-dies",
     None, date(2013, 3, 5), date(2013, 3, 5)),
    ("guardian", "https://www.theguardian.com/commentisfree/2026/nov/18/russia-rights-defenders",
     None, date(2026, 11, 18), date(2026, 11, 18)),
    ("mediazona", "https://zona.media/news/2026/11/17/pikety-ekaterinburg",
     None, date(2026, 11, 17), date(2026, 11, 17)),
    ("mediazona", "https://zona.media/article/2025/03/01/casualties",
     None, date(2025, 3, 1), date(2025, 3, 1)),
    ("mediazona-en", "https://en.zona.media/article/2024/04/01/casualties_eng-trl",
     None, date(2024, 4, 1), date(2024, 4, 1)),
    ("ovdinfo", "https://ovd.info/express-news/2025/06/18/zaderzhaniya-v-moskve",
     None, date(2025, 6, 18), date(2025, 6, 18)),
    ("ovdinfo", "https://ovd.info/2025/06/18/ovd-info-doklad",
     None, date(2025, 6, 18), date(2025, 6, 18)),
    ("ovdinfo", "https://ovd.info/articles/2016/12/05/ovd-info-pyat-let-pomoshchi-i-nablyudeniy",
     None, date(2016, 12, 5), date(2016, 12, 5)),
    ("ovdinfo-en", "https://en.ovdinfo.org/express-news/2026/11/18/detentions-in-moscow",
     None, date(2026, 11, 18), date(2026, 11, 18)),
    ("khpg", "https://khpg.org/en/1608815528", "1608815528", None, None),
    ("hrw", "https://www.hrw.org/news/2026/11/19/russia-rights-lawyer-jailed",
     None, date(2026, 11, 19), date(2026, 11, 19)),
    ("hrw", "https://www.hrw.org/report/2021/08/10/no-one-is-safe/abuses-of-detainees",
     None, date(2021, 8, 10), date(2021, 8, 10)),
    ("hrw", "https://www.hrw.org/ru/news/2022/03/18/381363",
     "381363", date(2022, 3, 18), date(2022, 3, 18)),
    ("amnesty", "https://www.amnesty.org/en/latest/news/2024/03/russia-activist-sentenced/",
     None, date(2024, 3, 1), date(2024, 3, 31)),
    ("amnesty", "https://www.amnesty.org/en/latest/news/2024/02/russia-navalny/",
     None, date(2024, 2, 1), date(2024, 2, 29)),
    ("fidh", "https://www.fidh.org/en/region/europe-central-asia/russia/"
     "russia-strong-reaction-of-the-un-human-rights-council-is-required-13503",
     "13503", None, None),
    ("fidh", "https://www.fidh.org/en/issues/human-rights-defenders/russia-memorial-closed-28571",
     "28571", None, None),
]  # fmt: skip

# (outlet, url): pages of the outlet that are not articles
NOT_ARTICLES = [
    ("guardian", "https://www.theguardian.com/world/live/2025/apr/01/ukraine-war-live"),
    ("guardian", "https://www.theguardian.com/world/video/2024/feb/24/navalny-video"),
    ("guardian", "https://www.theguardian.com/world/gallery/2024/feb/24/photos-of-the-day"),
    ("guardian", "https://www.theguardian.com/news/audio/2024/feb/26/today-in-focus"),
    ("guardian", "https://www.theguardian.com/world/russia"),
    ("guardian", "https://www.theguardian.com/world/russia/rss"),
    ("guardian", "https://www.theguardian.com/football/2024/feb/24/match-report"),
    ("guardian", "https://www.theguardian.com/world/2024/feb/24/russia-navalny/print"),
    ("guardian", "https://www.theguardian.com/profile/shaunwalker"),
    ("guardian", "https://www.theguardian.com/search?q=russia"),
    ("mediazona", "https://zona.media/online/2026/11/17/war-day-1000"),
    ("mediazona", "https://zona.media/chronicle/feminist-antiwar-resistance"),
    ("mediazona", "https://zona.media/texts"),
    ("mediazona", "https://zona.media/rss"),
    ("mediazona-en", "https://en.zona.media/online/2026/11/17/live"),
    ("ovdinfo-en", "https://en.ovdinfo.org/about"),
    ("ovdinfo", "https://ovd.info/regions/anneksirovannyy-sevastopol?page=0"),
    ("ovdinfo", "https://ovd.info/articles"),
    ("ovdinfo", "https://ovd.info/express-news"),
    ("khpg", "https://khpg.org/en/1179"),
    ("khpg", "https://khpg.org/en/1179/page_315"),
    ("khpg", "https://khpg.org/en/873"),
    ("khpg", "https://khpg.org/en/index.php?id=1274890940"),
    ("khpg", "https://khpg.org/uk/1608815528"),
    ("hrw", "https://www.hrw.org/world-report/2024/country-chapters/russia"),
    ("hrw", "https://www.hrw.org/europe/central-asia/russia"),
    ("hrw", "https://www.hrw.org/print/381363"),
    ("hrw", "https://www.hrw.org/rss/news"),
    ("amnesty", "https://www.amnesty.org/en/documents/eur46/1234/2024/en/"),
    ("amnesty", "https://www.amnesty.org/en/latest/news/"),
    ("amnesty", "https://www.amnesty.org/en/location/europe-and-central-asia/russia/"),
    ("fidh", "https://www.fidh.org/en/region/europe-central-asia/russia/"),
    ("fidh", "https://www.fidh.org/fr/regions/europe-asie-centrale/russie/Paris-repond-a-l-appel-des"),
    ("fidh", "https://www.fidh.org/en/region/europe-central-asia/russia/old-slug-without-id"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("outlet", "url", "ident", "first", "last"), ARTICLES, ids=lambda v: str(v)[:60]
)
def test_articles_are_kept_with_their_ids_and_days(
    outlet: str, url: str, ident: str | None, first: date | None, last: date | None
) -> None:
    verdict = classify_url(url, OUTLETS[outlet].url_rules)
    assert verdict.article is True, verdict.rule
    assert verdict.rule.startswith("articles[")
    assert (verdict.ident, verdict.first_day, verdict.last_day) == (ident, first, last)


@pytest.mark.parametrize(("outlet", "url"), NOT_ARTICLES, ids=lambda v: str(v)[:60])
def test_non_articles_are_dropped(outlet: str, url: str) -> None:
    verdict = classify_url(url, OUTLETS[outlet].url_rules)
    assert verdict.article is False
    assert verdict.rule  # which rule decided is said


def test_each_new_outlet_has_article_rules() -> None:
    for key in ("guardian", "mediazona", "mediazona-en", "ovdinfo", "ovdinfo-en", "khpg",
                "hrw", "amnesty", "fidh"):  # fmt: skip
        rules = OUTLETS[key].url_rules
        assert rules is not None and rules.articles, key
    assert {o for o, *_ in ARTICLES} == {o for o, _ in NOT_ARTICLES}


def test_exclusion_wins_over_an_article_pattern() -> None:
    rules = compile_url_rules([r"/(?P<year>\d{4})/(?P<month>[a-z]{3})/(?P<day>\d{2})/"], ["/live/"])
    assert classify_url("https://x.org/world/2024/feb/24/a", rules).article is True
    verdict = classify_url("https://x.org/world/live/2024/feb/24/a", rules)
    assert (verdict.article, verdict.rule) == (False, "exclude[0] /live/")


def test_without_article_patterns_the_rules_say_nothing_but_exclusion_holds() -> None:
    rules = compile_url_rules([], ["/video/"])
    assert classify_url("https://x.org/any/page", rules).article is None
    assert classify_url("https://x.org/video/1", rules).article is False
    assert classify_url("https://x.org/any/page", None).article is None


def test_impossible_dates_give_no_day_but_the_url_stays_an_article() -> None:
    rules = compile_url_rules([r"/(?P<year>\d{4})/(?P<month>\w+)/(?P<day>\d{2})/"])
    for url in ("https://x.org/2024/02/30/a", "https://x.org/2024/13/01/a",
                "https://x.org/2024/foo/01/a", "https://x.org/0999/01/01/a"):  # fmt: skip
        verdict = classify_url(url, rules)
        assert verdict.article is True and verdict.first_day is None, url
    assert classify_url("https://x.org/2024/Feb/29/a", rules).first_day == date(2024, 2, 29)


def test_guardian_campaign_codes_leave_the_canonical_url() -> None:
    url = "https://www.theguardian.com/world/2024/feb/24/russia-navalny"
    for tracked in (url + "?CMP=share_btn_tw", url + "?INTCMP=SRCH", url + "?CMP=x#comments"):
        public = canonical_url(tracked)
        assert public == url
        assert classify_url(public, OUTLETS["guardian"].url_rules).article is True


def test_rule_key_is_host_without_www_and_id() -> None:
    assert rule_key("https://www.fidh.org/en/x-13503", "13503") == "fidh.org:13503"
    assert rule_key("https://khpg.org/en/1608815528", "1608815528") == "khpg.org:1608815528"
    assert rule_key("https://khpg.org/en/x", None) is None


@pytest.mark.parametrize(
    ("articles", "exclude", "field", "message"),
    [
        (["/news/(?P<year>\\d{4"], [], "articles", "not a regular expression"),
        (["/news/[a-z"], [], "articles", "not a regular expression"),
        ([""], [], "articles", "empty pattern"),
        ([".*"], [], "articles", "matches the empty string"),
        (["/(?P<day>\\d{2})/"], [], "articles", "'day' group needs a 'month'"),
        (["/(?P<month>\\d{2})/"], [], "articles", "'month' group needs a 'year'"),
        ([], ["/live/", "/(?P<id>\\d+)/"], "exclude", "take no named groups"),
        ([], ["(unclosed"], "exclude", "not a regular expression"),
    ],
)
def test_bad_patterns_are_refused(
    articles: list[str], exclude: list[str], field: str, message: str
) -> None:
    with pytest.raises(UrlRuleError) as caught:
        compile_url_rules(articles, exclude)
    assert caught.value.field == field
    assert message in str(caught.value)


def _config(tmp_path: Path, extra: str) -> Path:
    (tmp_path / "outlets.toml").write_text(
        "[outlets.one]\n"
        'name = "One"\n'
        'spider = "generic"\n'
        'base_url = "https://one.example"\n'
        'language = "en"\n'
        'feeds = ["/rss"]\n' + extra,
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.parametrize(
    ("extra", "line", "field", "message"),
    [
        ("articles = [\n  '/news/\\d+$',\n  '/a/(?P<id>\\d+',\n]\n", 7, "articles",
         "pattern 2 '/a/(?P<id>\\d+': not a regular expression"),
        ("exclude = ['(?P<x>a)']\n", 7, "exclude", "take no named groups"),
        ("listings = ['/en/1179']\n", 7, "listings", "need 'articles' patterns"),
        ("rules = 'nosuch'\n", 7, "rules", "no rule module 'nosuch'"),
        ("crawl_delay = -1\n", 7, "crawl_delay", "non-negative number of seconds"),
        ("crawl_delay = true\n", 7, "crawl_delay", "non-negative number of seconds"),
        ("articles = 'x'\n", 7, "articles", "must be a list"),
    ],
)  # fmt: skip
def test_bad_url_rules_are_configuration_errors_with_file_line_outlet_and_field(
    tmp_path: Path, extra: str, line: int, field: str, message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(_config(tmp_path, extra))
    text = str(caught.value)
    assert text.startswith(f"{tmp_path / 'outlets.toml'}:{line}: outlet 'one': field '{field}': ")
    assert message in text


def test_good_rules_reach_the_outlet(tmp_path: Path) -> None:
    extra = (
        "articles = ['^https://one\\.example/en/(?P<id>\\d+)$']\n"
        "exclude = ['/en/1$']\n"
        "listings = ['/en/list', 'https://one.example/other']\n"
        "rules = 'guardian'\n"
        "crawl_delay = 10\n"
    )
    outlet = load_config(_config(tmp_path, extra)).outlets["one"]
    assert outlet.listings == ("https://one.example/en/list", "https://one.example/other")
    assert outlet.rules == "guardian" and outlet.crawl_delay == 10.0
    assert classify_url("https://one.example/en/42", outlet.url_rules).ident == "42"
    assert classify_url("https://one.example/en/1", outlet.url_rules).article is False
