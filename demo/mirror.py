"""Serve the sample sites on 127.0.0.1 and write a configuration that points the spiders there."""

from __future__ import annotations

import shutil
from contextlib import ExitStack
from pathlib import Path

from demo.server import SampleServer
from demo.sitegen import SiteSpec, build_site

REPO = Path(__file__).resolve().parents[1]

_FEEDS = {"pangea": None, "moscowtimes": "/rss/news"}
_SITEMAPS = {
    "pangea": ["/sitemap.xml"],
    "moscowtimes": [
        "https://static.themoscowtimes.com/sitemap/sitemap.xml",
        "https://static.themoscowtimes.com/sitemap/newsmap.xml",
    ],
}
_NAMES = {"rferl": "RFE/RL", "svoboda": "Radio Svoboda", "moscowtimes": "The Moscow Times"}


def start_servers(specs: dict[str, SiteSpec], stack: ExitStack) -> dict[str, SampleServer]:
    return {key: stack.enter_context(SampleServer(build_site(spec))) for key, spec in specs.items()}


def write_config(
    directory: Path,
    specs: dict[str, SiteSpec],
    servers: dict[str, SampleServer],
    *,
    archive_dir: Path | None = None,
    csos: Path | None = None,
    site_urls: bool = True,
) -> Path:
    """Write outlets.toml, settings.toml and csos.yaml for crawling the local sample sites."""
    directory.mkdir(parents=True, exist_ok=True)
    lines = []
    for key, spec in specs.items():
        feed = _FEEDS[spec.family] or spec.feed_path
        lines += [
            f"[outlets.{key}]",
            f'name = "{_NAMES.get(key, key)}"',
            f'spider = "{spec.family}"',
            f'base_url = "{servers[key].url}"',
            f'site_url = "{spec.public_url}"' if site_urls else "",
            f'language = "{spec.language}"',
            f'feeds = ["{feed}"]',
            "sitemaps = [" + ", ".join(f'"{s}"' for s in _SITEMAPS[spec.family]) + "]",
        ]
        if spec.family == "moscowtimes":
            lines.append('hosts = ["static.themoscowtimes.com"]')
        lines.append("")
    (directory / "outlets.toml").write_text("\n".join(lines), encoding="utf-8")
    archive = f'archive_dir = "{archive_dir}"' if archive_dir else 'archive_dir = ""'
    (directory / "settings.toml").write_text(
        "[crawl]\n"
        'user_agent = "csowatch-test/0.1"\n'
        'contact_url = "https://example.org/csowatch"\n'
        "download_delay = 0.0\n"
        "autothrottle = false\n"
        "retry_times = 2\n"
        "concurrent_per_domain = 2\n"
        f'{archive}\n\n[digest]\nweek_ends = "friday"\n',
        encoding="utf-8",
    )
    shutil.copyfile(csos or REPO / "config" / "csos.yaml", directory / "csos.yaml")
    return directory
