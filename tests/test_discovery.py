"""Discovery on the outlets' real sitemaps (read from ../shared/data at test time)."""

from __future__ import annotations

import gzip
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pipelines.dates import parse_date
from pipelines.urls import is_article_url
from spiders.middlewares import retry_after_seconds
from spiders.sitemaps import SitemapError, parse_sitemap
from spiders.state import Window, _SourceState

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "outlets"
RFERL = SHARED / "rferl-sitemaps" / "www.rferl.org"


def _read(path: Path) -> bytes:
    assert path.exists(), f"shared data missing: {path} (CI lays ../shared beside the clone)"
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


@pytest.mark.usefixtures("shared_data")
def test_real_sitemap_index_lists_archive_news_and_latest() -> None:
    kind, entries = parse_sitemap(_read(RFERL / "sitemap.xml"))
    assert kind == "sitemapindex"
    locs = [e.loc for e in entries]
    assert "https://www.rferl.org/sitemap_8_news.xml.gz" in locs
    assert "https://www.rferl.org/sitemap_8_latest.xml.gz" in locs
    assert all(e.lastmod for e in entries if "_8_1" in e.loc)


@pytest.mark.usefixtures("shared_data")
def test_real_news_sitemap_keeps_publication_dates() -> None:
    body = _read(RFERL / "sitemap_8_news.xml.gz")
    kind, entries = parse_sitemap(body)
    assert kind == "urlset" and len(entries) == body.count(b"<url>") > 5
    first = entries[0]
    assert first.publication_date and first.title
    assert parse_date(first.publication_date).tzinfo is not None
    assert all(is_article_url(e.loc, "pangea") for e in entries)


@pytest.mark.usefixtures("shared_data")
def test_real_archive_sitemap_urls_are_pangea_articles() -> None:
    body = _read(RFERL / "sitemap_8_2.xml.gz")
    kind, entries = parse_sitemap(body)
    assert kind == "urlset" and len(entries) == body.count(b"<url>") > 1000
    articles = [e for e in entries if is_article_url(e.loc, "pangea")]
    assert len(articles) / len(entries) > 0.95
    assert all(e.lastmod for e in entries[:100])


@pytest.mark.usefixtures("shared_data")
def test_derived_october_2021_lists_are_articles() -> None:
    for name in (
        "derived_rferl_ids_31512000-31535000_oct2021.txt",
        "derived_svoboda_ids_31510000-31530000_oct2021.txt",
    ):
        lines = (SHARED / "rferl-sitemaps" / name).read_text().split("\n")
        urls = [line.split()[0] for line in lines if line.strip()]
        assert urls and all(is_article_url(u, "pangea") for u in urls), name


@pytest.mark.usefixtures("shared_data")
def test_moscow_times_robots_names_its_sitemap() -> None:
    from scrapy.utils.sitemap import sitemap_urls_from_robots

    robots = (SHARED / "themoscowtimes" / "robots.txt").read_bytes()
    assert list(sitemap_urls_from_robots(robots)) == [
        "https://static.themoscowtimes.com/sitemap/sitemap.xml"
    ]


@pytest.mark.parametrize("body", [b"", b"not xml at all", b"<html><body>x</body></html>"])
def test_garbage_is_not_a_sitemap(body: bytes) -> None:
    with pytest.raises(SitemapError):
        parse_sitemap(body)


def test_window_from_dates_covers_whole_days() -> None:
    w = Window.from_args("2021-10-15", "2021-10-21")
    assert w.since == datetime(2021, 10, 15, tzinfo=UTC)
    assert w.until.date() == date(2021, 10, 21) and w.until.hour == 23
    assert w.contains(datetime(2021, 10, 21, 23, 0, tzinfo=UTC))
    assert not w.contains(datetime(2021, 10, 22, 0, 0, tzinfo=UTC))
    with pytest.raises(ValueError, match="after"):
        Window.from_args("2021-10-22", "2021-10-21")


def test_window_is_open_ended_without_until() -> None:
    assert Window.from_args(None, None, 3).open_ended
    assert Window.from_args("2021-10-15", None).open_ended
    assert not Window.from_args("2021-10-15", "2021-10-21").open_ended


def _read_with(since: str, until: str | None) -> _SourceState:
    window = Window.from_args(since, until)
    return _SourceState(
        '"e1"', None, 200, 0, window.since, None if window.open_ended else window.until
    )


@pytest.mark.parametrize(
    ("read", "run", "covered"),
    [
        (("2021-10-15", "2021-10-21"), ("2021-10-15", "2021-10-21"), True),  # same week again
        (("2021-10-15", "2021-10-21"), ("2021-10-16", "2021-10-20"), True),  # inside it
        (("2021-10-15", "2021-10-21"), ("2021-10-08", "2021-10-14"), False),  # the week before
        (("2021-10-15", "2021-10-21"), ("2021-10-15", "2021-10-28"), False),  # runs later
        (("2021-10-15", "2021-10-21"), ("2021-10-15", None), False),  # a cron run after it
        (("2021-10-15", None), ("2021-10-16", None), True),  # cron after cron
        (("2021-10-15", None), ("2021-10-16", "2021-10-18"), True),  # a week the cron held
        (("2021-10-15", None), ("2021-10-01", "2021-10-07"), False),  # backfill after cron
    ],
)
def test_validators_go_back_only_for_a_window_the_last_read_covers(
    read: tuple[str, str | None], run: tuple[str, str | None], covered: bool
) -> None:
    assert _read_with(*read).covers(Window.from_args(*run)) is covered


def test_a_source_read_before_windows_were_kept_is_read_in_full() -> None:
    legacy = _SourceState('"e1"', None, 200, 0)
    assert not legacy.covers(Window.from_args("2021-10-15", "2021-10-21"))


def test_retry_after_values() -> None:
    now = datetime(2021, 10, 15, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Fri, 15 Oct 2021 12:00:30 GMT", now) == 30
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None
