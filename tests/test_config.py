"""Configuration loading: the shipped files load; broken ones name file, line, outlet, field."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.config import ConfigError, load_config

REPO = Path(__file__).resolve().parents[1]


def test_shipped_configuration_loads() -> None:
    config = load_config(REPO / "config")
    assert {"rferl", "svoboda", "moscowtimes"} <= set(config.outlets)
    rferl = config.outlets["rferl"]
    assert (rferl.name, rferl.spider, rferl.language) == ("RFE/RL", "pangea", "en")
    assert rferl.sitemaps == ("https://www.rferl.org/sitemap.xml",)
    assert rferl.feeds[0] == "https://www.rferl.org/api/zbqiml-vomx-tpeqkmy"
    assert config.outlets["svoboda"].name == "Radio Svoboda"
    assert config.outlets["moscowtimes"].name == "The Moscow Times"
    assert config.week_ends == "friday"
    assert "(+https://" in config.crawl.user_agent_header


def _write(tmp_path: Path, outlets: str, settings: str | None = None) -> Path:
    (tmp_path / "outlets.toml").write_text(outlets, encoding="utf-8")
    if settings is not None:
        (tmp_path / "settings.toml").write_text(settings, encoding="utf-8")
    return tmp_path


GOOD = """
[outlets.mirror]
name = "RFE/RL"
spider = "pangea"
base_url = "http://127.0.0.1:8801"
site_url = "https://www.rferl.org"
language = "en"
feeds = ["/api/x"]
sitemaps = ["/sitemap.xml", "https://www.rferl.org/sitemap_8_news.xml.gz"]
"""


def test_a_mirror_maps_public_urls_onto_base_url(tmp_path: Path) -> None:
    outlet = load_config(_write(tmp_path, GOOD)).outlets["mirror"]
    assert outlet.sitemaps[0] == "http://127.0.0.1:8801/sitemap.xml"
    public = "https://www.rferl.org/a/slug/31512223.html"
    assert outlet.fetch_url(public) == "http://127.0.0.1:8801/a/slug/31512223.html"
    assert outlet.public_url("http://127.0.0.1:8801/a/slug/31512223.html") == public
    assert outlet.fetch_url("https://example.org/a/1.html") == "https://example.org/a/1.html"


@pytest.mark.parametrize(
    ("old", "new", "line", "field"),
    [
        ('spider = "pangea"', 'spider = "pangae"', 4, "spider"),
        ('language = "en"', "language = 7", 7, "language"),
        ('base_url = "http://127.0.0.1:8801"', 'base_url = "127.0.0.1"', 5, "base_url"),
        ('feeds = ["/api/x"]', 'feeds = "/api/x"', 8, "feeds"),
        ('language = "en"', 'language = "en"\ncolour = "red"', 8, "colour"),
    ],
)
def test_broken_outlet_fields_are_named(
    tmp_path: Path, old: str, new: str, line: int, field: str
) -> None:
    _write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path)
    message = str(err.value)
    assert message.startswith(f"{tmp_path / 'outlets.toml'}:{line}: outlet 'mirror': ")
    assert f"field '{field}'" in message


def test_missing_field_and_bad_toml(tmp_path: Path) -> None:
    _write(tmp_path, GOOD.replace('name = "RFE/RL"\n', ""))
    with pytest.raises(ConfigError, match=r"outlets.toml:2: outlet 'mirror': missing required"):
        load_config(tmp_path)
    _write(tmp_path, GOOD.replace('language = "en"', 'language = "en'))
    with pytest.raises(ConfigError, match=r"outlets.toml:7: invalid TOML"):
        load_config(tmp_path)


def test_broken_settings_are_named(tmp_path: Path) -> None:
    _write(tmp_path, GOOD, "[crawl]\ndays = 3\nconcurrent_per_domain = -1\n")
    with pytest.raises(ConfigError, match=r"settings.toml:3: field 'crawl.concurrent_per_domain'"):
        load_config(tmp_path)
    _write(tmp_path, GOOD, '[digest]\nweek_ends = "fryday"\n')
    with pytest.raises(ConfigError, match=r"settings.toml:2: field 'digest.week_ends'"):
        load_config(tmp_path)


def test_unknown_outlet_is_refused(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, GOOD))
    with pytest.raises(ConfigError, match="no such outlet: nope"):
        config.enabled_outlets(["nope"])


def test_a_mirror_without_site_url_takes_what_its_sources_list(tmp_path: Path) -> None:
    outlet = load_config(_write(tmp_path, GOOD.replace('site_url = "https://www.rferl.org"\n', "")))
    outlet = outlet.outlets["mirror"]
    assert outlet.mirror_mode
    public = "https://www.rferl.org/a/slug/31512223.html"
    assert outlet.owns(public)
    assert outlet.fetch_url(public) == "http://127.0.0.1:8801/a/slug/31512223.html"
    real = load_config(
        _write(tmp_path, GOOD.replace("http://127.0.0.1:8801", "https://www.rferl.org"))
    )
    assert not real.outlets["mirror"].mirror_mode
    assert not real.outlets["mirror"].owns("https://www.svoboda.org/a/1.html")


@pytest.mark.parametrize("value", ["-1", "1.5", '"many"', "true"])
def test_workers_must_be_auto_or_a_count(tmp_path: Path, value: str) -> None:
    _write(tmp_path, GOOD, f"[crawl]\ndays = 3\nworkers = {value}\n")
    with pytest.raises(ConfigError, match=r"settings.toml:3: field 'crawl.workers': must be"):
        load_config(tmp_path)


@pytest.mark.parametrize(("value", "setting"), [('"auto"', -1), ("0", 0), ("3", 3)])
def test_workers_reach_the_crawl_settings(tmp_path: Path, value: str, setting: int) -> None:
    from crawler.spiderloader import spider_settings

    config = load_config(_write(tmp_path, GOOD, f"[crawl]\nworkers = {value}\n"))
    assert spider_settings(config.crawl)["CSOWATCH_WORKERS"] == setting
