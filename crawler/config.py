"""Loading and checking the configuration directory (`--config DIR`, `CSOWATCH_CONFIG`, `config/`).

Two files are read here: ``outlets.toml`` (one table per outlet) and ``settings.toml`` (crawl and
digest settings). Every problem is raised as a :class:`ConfigError` that names the file, the line
(where it can be found), the outlet and the field, so the CLI can print one clear line.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from pipelines.extract.rules import OUTLET_RULES
from pipelines.urlrules import UrlRuleError, UrlRules, compile_url_rules
from spiders.health import HealthRule
from spiders.outlet import Outlet

# telegram: the CSOs' Telegram channels (csos.yaml ``telegram``); csofeeds: the news feeds of
# the CSOs' own websites (csos.yaml ``feeds``); both store the CSOs' statements; meduza and
# novayagazeta: sites read through their JSON API (spiders/jsonapi.py)
SPIDER_FAMILIES = (
    "pangea", "moscowtimes", "generic", "meduza", "novayagazeta", "telegram", "csofeeds",
)  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class ConfigError(Exception):
    """A configuration file is missing or wrong; ``str()`` is a one-line message for users."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        *,
        line: int | None = None,
        entry: str | None = None,
        field: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.entry = entry
        self.field = field
        self.message = message
        where = str(self.path) + (f":{line}" if line else "")
        parts = [where]
        if entry:
            parts.append(f"outlet '{entry}'")
        if field:
            parts.append(f"field '{field}'")
        super().__init__(": ".join(parts) + ": " + message)


@dataclass(frozen=True)
class CrawlSettings:
    user_agent: str = "csowatch/0.1"
    contact_url: str = "https://github.com/csowatch/csowatch"
    days: int = 3
    concurrent_per_domain: int = 2
    download_delay: float = 0.5
    autothrottle: bool = True
    retry_times: int = 3
    max_retry_after: float = 300.0
    archive_dir: str = "data/archive"
    empty_feed_alert_runs: int = 3
    max_sitemaps: int = 500  # child sitemaps followed per outlet and run
    # analysis worker processes: "auto" = one per core, 0 = in the crawl process (debugging)
    workers: int | str = "auto"
    # store writes: one transaction per this many items, or per this many seconds
    store_batch: int = 50
    store_batch_seconds: float = 1.0

    @property
    def user_agent_header(self) -> str:
        return f"{self.user_agent} (+{self.contact_url})"


@dataclass(frozen=True)
class ClusterSettings:
    """``[cluster]``: many crawl processes on many machines sharing one PostgreSQL store
    through a procrastinate queue in it (``crawler/cluster/``). Off unless ``enabled``."""

    enabled: bool = False
    queue: str = "csowatch"  # the queue's name (one queue per store and schema is enough)
    heartbeat: float = 10.0  # seconds between a worker's heartbeats (and its queue checks)
    stalled_after: float = 60.0  # a worker silent this long is dead: its job goes back
    retries: int = 2  # a job whose outlet failed is tried this many more times
    retry_wait: float = 60.0  # seconds before such a retry (and before a locked job's next try)


@dataclass(frozen=True)
class Config:
    directory: Path
    outlets: dict[str, Outlet]
    crawl: CrawlSettings = field(default_factory=CrawlSettings)
    week_ends: str = "friday"
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    # ``[health]``: when an outlet's extraction health fails a run (``spiders/health.py``)
    health: HealthRule = field(default_factory=HealthRule)

    @property
    def csos_path(self) -> Path:
        return self.directory / "csos.yaml"

    def enabled_outlets(self, keys: list[str] | tuple[str, ...] | None = None) -> list[Outlet]:
        if keys:
            unknown = [k for k in keys if k not in self.outlets]
            if unknown:
                raise ConfigError(
                    self.directory / "outlets.toml",
                    f"no such outlet: {', '.join(unknown)} (known: {', '.join(self.outlets)})",
                )
            return [self.outlets[k] for k in keys]
        return [o for o in self.outlets.values() if o.enabled]


def config_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """``--config DIR`` if given, else ``CSOWATCH_CONFIG``, else ``config/``."""
    return Path(cli_value or os.environ.get("CSOWATCH_CONFIG") or "config")


def load_config(directory: str | os.PathLike[str] | None = None) -> Config:
    """Read and check ``outlets.toml`` and (optional) ``settings.toml`` in ``directory``."""
    d = config_dir(directory)
    if not d.is_dir():
        raise ConfigError(d, "configuration directory not found")
    outlets = load_outlets(d / "outlets.toml")
    settings_path = d / "settings.toml"
    crawl, week_ends, cluster = CrawlSettings(), "friday", ClusterSettings()
    if settings_path.exists():
        crawl, week_ends, cluster = _load_settings(settings_path)
    cluster = _cluster_from_env(settings_path, cluster)
    health = _load_health(settings_path) if settings_path.exists() else HealthRule()
    return Config(
        directory=d,
        outlets=outlets,
        crawl=crawl,
        week_ends=week_ends,
        cluster=cluster,
        health=health,
    )


def _read_toml(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "file not found") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(path, f"not UTF-8 text ({exc.reason})") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
        msg = getattr(exc, "msg", None) or re.sub(r"\s*\(at line.*\)$", "", str(exc))
        raise ConfigError(path, f"invalid TOML: {msg}", line=line) from None


def _line_from_message(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


class _Locator:
    """Finds the line of ``[outlets.key]`` and of ``field =`` inside that table."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def table(self, *names: str) -> int | None:
        dotted = ".".join(names)
        pat = re.compile(r"^\s*\[\s*" + r"\s*\.\s*".join(map(re.escape, names)) + r"\s*\]")
        for i, line in enumerate(self.lines, 1):
            if pat.match(line) or line.strip() == f"[{dotted}]":
                return i
        return None

    def field(self, names: tuple[str, ...], key: str) -> int | None:
        start = self.table(*names)
        if start is None:
            return None
        pat = re.compile(r"^\s*" + re.escape(key) + r"\s*=")
        for i in range(start, len(self.lines)):
            line = self.lines[i]
            if line.lstrip().startswith("["):
                break
            if pat.match(line):
                return i + 1
        return start


def load_outlets(path: Path) -> dict[str, Outlet]:
    data, text = _read_toml(path)
    loc = _Locator(text)
    tables = data.get("outlets")
    if not isinstance(tables, dict) or not tables:
        raise ConfigError(path, "no [outlets.<key>] tables", field="outlets")
    outlets: dict[str, Outlet] = {}
    for key, table in tables.items():
        outlets[key] = _outlet(path, loc, key, table)
    return outlets


def _outlet(path: Path, loc: _Locator, key: str, table: Any) -> Outlet:
    def err(fld: str | None, message: str) -> ConfigError:
        line = loc.field(("outlets", key), fld) if fld else loc.table("outlets", key)
        return ConfigError(path, message, line=line, entry=key, field=fld)

    if not _KEY_RE.match(key):
        raise err(None, "outlet keys are lowercase letters, digits, '-' and '_'")
    if not isinstance(table, dict):
        raise err(None, "must be a table")
    known = {
        "name", "spider", "base_url", "site_url", "language", "feeds", "sitemaps", "hosts",
        "enabled", "robots_sitemaps", "articles", "exclude", "listings", "rules", "crawl_delay",
    }  # fmt: skip
    for fld in table:
        if fld not in known:
            raise err(fld, f"unknown field (known: {', '.join(sorted(known))})")

    def string(fld: str, required: bool = True) -> str | None:
        value = table.get(fld)
        if value is None:
            if required:
                raise err(None, f"missing required field '{fld}'")
            return None
        if not isinstance(value, str) or not value.strip():
            raise err(fld, "must be a non-empty string")
        return value.strip()

    def url(fld: str, required: bool = True) -> str | None:
        value = string(fld, required)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise err(fld, f"must be an absolute http(s) URL, got {value!r}")
        return value.rstrip("/")

    def str_list(fld: str) -> tuple[str, ...]:
        value = table.get(fld, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise err(fld, "must be a list of non-empty strings")
        return tuple(value)

    spider = string("spider")
    if spider not in SPIDER_FAMILIES:
        raise err("spider", f"must be one of {', '.join(SPIDER_FAMILIES)}, got {spider!r}")
    language = string("language")
    if not re.fullmatch(r"[a-z]{2,3}", language or ""):
        raise err("language", f"must be a language code such as 'en' or 'ru', got {language!r}")
    # the csofeeds outlet reads the feeds the registry lists, each an absolute URL: no base
    base_url = url("base_url", required=spider != "csofeeds") or ""
    site_url = url("site_url", required=False) or base_url
    for fld in ("enabled", "robots_sitemaps"):
        if fld in table and not isinstance(table[fld], bool):
            raise err(fld, "must be true or false")
    feeds = tuple(_absolute(base_url, f) for f in str_list("feeds"))
    sitemaps = tuple(_absolute(base_url, s) for s in str_list("sitemaps"))
    listings = tuple(_absolute(base_url, u) for u in str_list("listings"))
    url_rules = _url_rules(str_list("articles"), str_list("exclude"), err)
    if listings and (url_rules is None or not url_rules.articles):
        raise err("listings", "listing pages need 'articles' patterns (which links to take)")
    rules = string("rules", required=False)
    if rules is not None and rules not in OUTLET_RULES:
        known_rules = ", ".join(sorted(OUTLET_RULES)) or "none"
        raise err("rules", f"no rule module {rules!r} (known: {known_rules})")
    crawl_delay = table.get("crawl_delay")
    if crawl_delay is not None and (
        isinstance(crawl_delay, bool) or not isinstance(crawl_delay, int | float) or crawl_delay < 0
    ):
        raise err("crawl_delay", f"must be a non-negative number of seconds, got {crawl_delay!r}")
    return Outlet(
        key=key,
        name=string("name") or key,
        spider=spider or "generic",
        base_url=base_url,
        language=language or "en",
        site_url=site_url,
        feeds=feeds,
        sitemaps=sitemaps,
        hosts=str_list("hosts"),
        enabled=table.get("enabled", True),
        robots_sitemaps=table.get("robots_sitemaps", True),
        site_url_given="site_url" in table,
        url_rules=url_rules,
        listings=listings,
        rules=rules,
        crawl_delay=float(crawl_delay) if crawl_delay is not None else None,
    )


def _url_rules(articles: tuple[str, ...], exclude: tuple[str, ...], err: Any) -> UrlRules | None:
    """The outlet's compiled URL rules (None without any); a bad pattern is a ConfigError
    naming the field and the pattern."""
    if not articles and not exclude:
        return None
    try:
        return compile_url_rules(articles, exclude)
    except UrlRuleError as exc:
        raise err(exc.field, str(exc)) from None


def _absolute(base_url: str, value: str) -> str:
    return urljoin(base_url + "/", value.lstrip("/")) if "://" not in value else value


def _load_settings(path: Path) -> tuple[CrawlSettings, str, ClusterSettings]:
    data, text = _read_toml(path)
    loc = _Locator(text)
    crawl_table = data.get("crawl", {})
    defaults = CrawlSettings()
    values: dict[str, Any] = {}
    for fld, value in crawl_table.items():
        if not hasattr(defaults, fld):
            raise ConfigError(path, "unknown setting", line=loc.field(("crawl",), fld), field=fld)
        if fld == "workers":
            if value != "auto" and (type(value) is not int or value < 0):
                raise ConfigError(
                    path,
                    f'must be "auto" or a non-negative whole number, got {value!r}',
                    line=loc.field(("crawl",), fld),
                    field="crawl.workers",
                )
            values[fld] = value
            continue
        expected = type(getattr(defaults, fld))
        ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value, ok = float(value), True
        if not ok or (expected in (int, float) and value < 0):
            what = "non-negative number" if expected in (int, float) else expected.__name__
            raise ConfigError(
                path,
                f"must be a {what}",
                line=loc.field(("crawl",), fld),
                field=f"crawl.{fld}",
            )
        values[fld] = value
    week_ends = data.get("digest", {}).get("week_ends", "friday")
    if not isinstance(week_ends, str) or week_ends.lower() not in WEEKDAYS:
        raise ConfigError(
            path,
            f"must be a weekday ({WEEKDAYS[0]}..{WEEKDAYS[-1]}), got {week_ends!r}",
            line=loc.field(("digest",), "week_ends"),
            field="digest.week_ends",
        )
    return CrawlSettings(**values), week_ends.lower(), _load_cluster(path, data, loc)


_QUEUE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
CLUSTER_ENV = "CSOWATCH_CLUSTER"
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _load_cluster(path: Path, data: dict[str, Any], loc: _Locator) -> ClusterSettings:
    table = data.get("cluster", {})
    if not isinstance(table, dict):
        raise ConfigError(path, "must be a table", line=loc.table("cluster"), field="cluster")
    defaults = ClusterSettings()
    values: dict[str, Any] = {}

    def err(fld: str, message: str) -> ConfigError:
        return ConfigError(path, message, line=loc.field(("cluster",), fld), field=f"cluster.{fld}")

    for fld, value in table.items():
        if not hasattr(defaults, fld):
            known = ", ".join(ClusterSettings.__dataclass_fields__)
            raise err(fld, f"unknown setting (known: {known})")
        expected = type(getattr(defaults, fld))
        if expected is bool:
            if not isinstance(value, bool):
                raise err(fld, "must be true or false")
        elif expected is str:
            if not isinstance(value, str) or not _QUEUE_RE.match(value):
                raise err(fld, f"must be a name of letters, digits, '_', '-', '.', got {value!r}")
        elif expected is int:
            if type(value) is not int or value < 0:
                raise err(fld, f"must be a non-negative whole number, got {value!r}")
        else:  # seconds
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise err(fld, f"must be a positive number of seconds, got {value!r}")
            value = float(value)
        values[fld] = value
    cluster = ClusterSettings(**values)
    if cluster.stalled_after < 3 * cluster.heartbeat:
        raise err(
            "stalled_after",
            f"must be at least 3 heartbeats ({3 * cluster.heartbeat:g} s), got "
            f"{cluster.stalled_after:g}: a live worker would be taken for dead",
        )
    return cluster


def _cluster_from_env(path: Path, cluster: ClusterSettings) -> ClusterSettings:
    """``$CSOWATCH_CLUSTER`` (1/0, true/false, on/off) overrides ``[cluster] enabled``."""
    value = os.environ.get(CLUSTER_ENV)
    if value is None or not value.strip():
        return cluster
    word = value.strip().lower()
    if word not in _TRUE + _FALSE:
        raise ConfigError(f"${CLUSTER_ENV}", f"must be 1 or 0 (true/false, on/off), got {value!r}")
    return replace(cluster, enabled=word in _TRUE)


def _load_health(path: Path) -> HealthRule:
    """``[health]``: the thresholds of the extraction-health rule (``spiders/health.py``)."""
    data, text = _read_toml(path)
    loc = _Locator(text)
    table = data.get("health", {})
    if not isinstance(table, dict):
        raise ConfigError(path, "must be a table", line=loc.table("health"), field="health")
    defaults = HealthRule()
    values: dict[str, Any] = {}

    def err(fld: str, message: str) -> ConfigError:
        return ConfigError(path, message, line=loc.field(("health",), fld), field=f"health.{fld}")

    for fld, value in table.items():
        if fld not in HealthRule.__dataclass_fields__:
            known = ", ".join(HealthRule.__dataclass_fields__)
            raise err(fld, f"unknown setting (known: {known})")
        expected = type(getattr(defaults, fld))
        if expected is bool:
            if not isinstance(value, bool):
                raise err(fld, "must be true or false")
        elif expected is int:
            if type(value) is not int:
                raise err(fld, f"must be a whole number, got {value!r}")
        elif isinstance(value, bool) or not isinstance(value, int | float):
            raise err(fld, f"must be a number, got {value!r}")
        values[fld] = float(value) if expected is float else value
    rule = HealthRule(**values)
    for fld, message in rule.problems().items():
        raise err(fld, message)
    return rule
