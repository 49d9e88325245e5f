"""``csowatch outlets`` without a crawl, ``csowatch outlets check`` on saved pages, and the
``[health]`` settings (click's CliRunner, the shipped configuration or one written here)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from crawler.cli import main
from crawler.config import ConfigError, load_config
from demo.articles import RFERL, sample_specs
from demo.sitegen import pangea_page
from spiders.health import HealthRule

REPO = Path(__file__).resolve().parents[1]
RFERL_URL = "https://www.rferl.org/a/russia-ovd-info-foreign-agents-court/31512223.html"
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def run(db_url: str, *args: str, config: Path = REPO / "config") -> Result:
    return CliRunner().invoke(main, ["--db", db_url, "--config", str(config), *args])


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    page = tmp_path / "saved.html"
    page.write_text(pangea_page(sample_specs()["rferl"], RFERL[0]), encoding="utf-8")
    return page


def test_outlets_lists_every_configured_outlet_before_any_run(db_url: str) -> None:
    config = load_config(REPO / "config")
    result = run(db_url, "outlets")
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header.split()[:5] == ["KEY", "NAME", "FAMILY", "LANG", "ENABLED"]
    assert [row.split()[0] for row in rows] == list(config.outlets)
    rferl = next(row for row in rows if row.startswith("rferl "))
    assert "RFE/RL" in rferl and "pangea" in rferl and rferl.rstrip().endswith("never")
    data = json.loads(run(db_url, "outlets", "--format", "json").output)
    assert [o["key"] for o in data] == list(config.outlets)
    first = data[0]
    assert set(first) == {"key", "name", "family", "language", "enabled", "site_url",
                          "last_run", "health"}  # fmt: skip
    assert first["last_run"] is None and first["health"] is None


def test_check_prints_what_the_crawl_would_extract(db_url: str, saved: Path) -> None:
    a = RFERL[0]
    result = run(db_url, "outlets", "check", "rferl", "--page", str(saved), "--url", RFERL_URL)
    assert result.exit_code == 0, result.output
    out = {line.split(":", 1)[0]: line.split(":", 1)[1].strip() for line in
           result.output.splitlines() if not line.startswith(" ")}  # fmt: skip
    assert out["outlet"] == "rferl (RFE/RL, pangea)"
    assert out["rule set"] == "pangea"
    assert out["title"] == a.title
    assert out["published"] == "2021-10-15 18:58 UTC"
    assert out["authors"] == ", ".join(a.authors)
    assert out["lead"] == a.lead
    assert out["paragraphs"] == str(len(a.paragraphs))
    assert f"  | {a.paragraphs[0]}" in result.output.splitlines()
    assert out["url"].startswith(f"an article: {RFERL_URL} is an article URL of the pangea family")
    assert out["url"].endswith("deduplicated as rferl.org:31512223")
    assert out["notes"] == "none"


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://www.rferl.org/z/17", "not an article URL of the pangea family"),
        ("https://www.svoboda.org/a/x/31512223.html", "its host is not the outlet's"),
        ("https://rfe.pangea-cms.com/preview/xx/a/1.html", "no public canonical address"),
    ],
)
def test_check_says_why_a_url_is_not_an_article(
    db_url: str, saved: Path, url: str, why: str
) -> None:
    result = run(db_url, "outlets", "check", "rferl", "--page", str(saved), "--url", url)
    assert result.exit_code == 0, result.output
    line = next(row for row in result.output.splitlines() if row.startswith("url:"))
    assert "NOT an article" in line and why in line, line


def test_check_names_the_sources_of_a_generic_page(db_url: str, tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "outlets.toml").write_text(
        '[outlets.example]\nname = "Example News"\nspider = "generic"\n'
        'base_url = "https://news.example.org"\nlanguage = "en"\n',
        encoding="utf-8",
    )
    shutil.copyfile(REPO / "config" / "csos.yaml", config / "csos.yaml")
    body = "".join(
        f"<p>Paragraph {i} of a report on a court hearing that lasted the whole day, "
        "with the lawyers and the judge speaking in turn and the public outside.</p>"
        for i in range(6)
    )
    page = tmp_path / "page.html"
    page.write_text(
        '<html lang="en"><head><title>A Hearing - Example News</title>'
        '<meta property="og:title" content="A Hearing Lasts All Day">'
        '<meta name="author" content="Olga Hart">'
        '<meta property="article:published_time" content="2021-10-18T09:30:00Z">'
        f"</head><body><article><h1>A Hearing Lasts All Day</h1>{body}</article></body></html>",
        encoding="utf-8",
    )
    url = "https://news.example.org/2021/10/18/a-hearing"
    result = run(db_url, "outlets", "check", "example", "--page", str(page), "--url", url,
                 config=config)  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "rule set:   generic" in lines
    published = next(row for row in lines if row.startswith("published:"))
    assert "2021-10-18 09:30 UTC  [" in published  # and the source it came from
    authors = next(row for row in lines if row.startswith("authors:"))
    assert "Olga Hart  [" in authors
    assert any(row.startswith("url:        an article:") for row in lines)


def test_check_bad_input_is_one_line_and_exit_2(db_url: str, saved: Path, tmp_path: Path) -> None:
    unknown = run(db_url, "outlets", "check", "nosuch", "--page", str(saved))
    assert unknown.exit_code == 2 and "unknown outlet 'nosuch'" in unknown.output
    missing = run(db_url, "outlets", "check", "rferl", "--page", str(tmp_path / "gone.html"))
    assert missing.exit_code == 2 and "cannot read the page" in missing.output
    binary = tmp_path / "photo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    not_html = run(db_url, "outlets", "check", "rferl", "--page", str(binary))
    assert not_html.exit_code == 2 and "not an HTML page" in not_html.output
    for result in (unknown, missing, not_html):
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert "Traceback" not in result.output


def test_check_a_page_without_an_article_exits_1(db_url: str, tmp_path: Path) -> None:
    page = tmp_path / "listing.html"
    page.write_text("<html><body><nav><a href='/a/1.html'>One</a></nav></body></html>")
    result = run(db_url, "outlets", "check", "rferl", "--page", str(page))
    assert result.exit_code == 1, result.output
    assert "no article: no-body" in result.output


def test_health_settings_are_read_and_checked(db_url: str, tmp_path: Path) -> None:
    config = tmp_path / "config"
    shutil.copytree(REPO / "config", config)
    settings = config / "settings.toml"
    assert load_config(config).health == HealthRule()  # the shipped values are the defaults
    base = '[digest]\nweek_ends = "friday"\n\n[health]\n'
    settings.write_text(base + "min_pages = 8\nmin_drop = 0.25\n", encoding="utf-8")
    assert load_config(config).health == HealthRule(min_pages=8, min_drop=0.25)
    for bad, field in [
        ("min_drop = 2", "health.min_drop"),
        ("min_pages = 1.5", "health.min_pages"),
        ("nosuch = 1", "health.nosuch"),
        ("enabled = 1", "health.enabled"),
    ]:
        settings.write_text(base + bad + "\n", encoding="utf-8")
        with pytest.raises(ConfigError) as err:
            load_config(config)
        assert f"settings.toml:5: field '{field}'" in str(err.value)
        result = run(db_url, "outlets", config=config)
        assert result.exit_code == 2 and "configuration error" in result.output


@pytest.mark.parametrize(
    ("outlet", "url", "verdict"),
    [
        # the outlet's own URL rules decide, as in the crawl (config/outlets.toml)
        ("guardian", "https://www.theguardian.com/world/live/2024/feb/24/russia-ukraine-war",
         "NOT an article: it is not an article URL of the outlet (exclude["),
        ("guardian", "https://www.theguardian.com/world/2024/feb/24/navalny-allies-detained",
         "an article: https://www.theguardian.com/world/2024/feb/24/navalny-allies-detained is "
         "an article URL of the outlet (articles["),
        ("khpg", "https://khpg.org/en/1179/page_315", "NOT an article"),
        # an API outlet keeps its own edition's URLs only
        ("meduza-en", "https://meduza.io/news/2024/02/24/some-russian-story",
         "NOT an article"),
        ("meduza-en", "https://meduza.io/en/news/2024/02/24/an-english-story",
         "an article: https://meduza.io/en/news/2024/02/24/an-english-story"),
    ],
)  # fmt: skip
def test_check_judges_a_url_by_the_outlets_own_rules(
    db_url: str, saved: Path, outlet: str, url: str, verdict: str
) -> None:
    result = run(db_url, "outlets", "check", outlet, "--page", str(saved), "--url", url)
    line = next(row for row in result.output.splitlines() if row.startswith("url:"))
    assert line.removeprefix("url:").strip().startswith(verdict), line
