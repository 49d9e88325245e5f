"""A hostile outlet on 127.0.0.1 for the fault tests, crawled by the real ``csowatch crawl``.

One Pangea outlet (``hostile``, public address ``https://www.hostile.example``) served by
``demo.server.SampleServer``: each test adds the good and the bad pages it needs, a feed that
lists them and, if it wants, sitemaps; then runs the crawler as a subprocess (exactly what cron
runs) into a SQLite file and reads back what was stored and what became a bad page. The crawl's
wall time and its peak memory (``ru_maxrss`` of that one child, from ``os.wait4``) are measured.
"""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from sqlalchemy import select

from demo.server import Resource, SampleServer
from demo.sitegen import SampleArticle, SiteSpec, article_path, pangea_page
from store.db import open_store
from store.models import ArticleRow, BadPage

REPO = Path(__file__).resolve().parents[2]
PUBLIC = "https://www.hostile.example"
FEED = "/api/hostile-news"
WEEK = ("--since", "2021-10-15", "--until", "2021-10-21")
SPEC = SiteSpec("pangea", PUBLIC, "en", publisher="Hostile News")
MIB = 1024 * 1024


def story(ident: int, title: str, day: int = 18, *paragraphs: str) -> SampleArticle:
    """An ordinary article of the sample week (15-21 October 2021)."""
    body = paragraphs or (
        f"MOSCOW -- {title}. Rights defenders said the case was the latest in a series of "
        "prosecutions of independent groups.",
        "“We will keep working, whatever the court decides,” a lawyer for the group said.",
        "The group plans to appeal the ruling in a higher court next month.",
    )
    return SampleArticle(
        id=ident,
        slug=title.lower().replace(" ", "-"),
        title=title,
        published=datetime(2021, 10, day, 9, 30, tzinfo=UTC),
        lead=body[0],
        authors=("Hostile News",),
        tags=("Russia",),
        paragraphs=tuple(body),
    )


def path_of(a: SampleArticle) -> str:
    return article_path(SPEC, a)


def url_of(a: SampleArticle) -> str:
    return PUBLIC + path_of(a)


def page_of(a: SampleArticle) -> str:
    return pangea_page(SPEC, a)


def rss(items: list[tuple[str, datetime]]) -> Resource:
    """An RSS 2.0 feed listing (link, pubDate) pairs."""
    body = "".join(
        f"<item><title>Story</title><link>{xml_escape(link)}</link>"
        f"<guid>{xml_escape(link)}</guid><pubDate>{format_datetime(when)}</pubDate></item>"
        for link, when in items
    )
    xml = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Hostile News</title><link>{PUBLIC}</link><description>x</description>"
        f"{body}</channel></rss>"
    )
    return Resource(xml.encode(), "application/rss+xml; charset=utf-8")


def sitemap_index(locs: list[str]) -> Resource:
    body = "".join(f"<sitemap><loc>{xml_escape(loc)}</loc></sitemap>" for loc in locs)
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>'
    )
    return Resource(xml.encode(), "text/xml; charset=utf-8")


def urlset(locs: list[str]) -> Resource:
    body = "".join(f"<url><loc>{xml_escape(loc)}</loc></url>" for loc in locs)
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'
    )
    return Resource(xml.encode(), "text/xml; charset=utf-8")


def gzip_bomb(decompressed: int = 1024 * MIB) -> bytes:
    """About 1 MB of gzip that inflates to ``decompressed`` bytes (HTML, then NUL bytes).

    Many gzip members in a row are one valid gzip stream (RFC 1952), so the bomb is built from
    one compressed mebibyte of zeros repeated, in no time and no memory.
    """
    head = gzip.compress(b"<!DOCTYPE html><html><head><title>Bomb</title></head><body><p>", 9)
    member = gzip.compress(b"\0" * MIB, 9)
    return head + member * (decompressed // MIB)


@dataclass
class Crawl:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def summary(self, outlet: str = "hostile") -> str:
        return next((line for line in self.stdout.splitlines() if line.startswith(outlet)), "")


class HostileSite:
    """The hostile outlet's server and configuration, and what a crawl of it left in the store."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.server = SampleServer().start()
        self.site: dict[str, Resource] = {
            "/robots.txt": Resource(b"User-agent: *\nDisallow: /private/\n", "text/plain"),
        }
        self.sitemaps: list[str] = []
        (tmp_path / "data").mkdir(exist_ok=True)
        self.db_url = f"sqlite:///{tmp_path / 'data' / 'csowatch.db'}"
        self.config = tmp_path / "config"
        self.crawl_settings: dict[str, str] = {
            "download_delay": "0.0",
            "autothrottle": "false",
            "retry_times": "2",
        }

    @property
    def base(self) -> str:
        return self.server.url

    def close(self) -> None:
        self.server.stop()

    # -- what the site serves ----------------------------------------------------------------

    def add(self, path: str, resource: Resource) -> None:
        self.site[path] = resource
        self.server.set_site(self.site)

    def add_story(self, a: SampleArticle, body: bytes | None = None, **kw: object) -> str:
        """Serve an article (its Pangea page unless ``body`` is given); returns its public URL."""
        content_type = str(kw.pop("content_type", "text/html; charset=utf-8"))
        resource = Resource(body if body is not None else page_of(a).encode(), content_type)
        for name, value in kw.items():
            setattr(resource, name, value)
        self.add(path_of(a), resource)
        return url_of(a)

    def feed(self, items: list[tuple[str, datetime]]) -> None:
        self.add(FEED, rss(items))

    # -- running the crawler -----------------------------------------------------------------

    def write_config(self) -> None:
        self.config.mkdir(parents=True, exist_ok=True)
        sitemaps = ", ".join(f'"{s}"' for s in self.sitemaps)
        (self.config / "outlets.toml").write_text(
            "[outlets.hostile]\n"
            'name = "Hostile News"\n'
            'spider = "pangea"\n'
            f'base_url = "{self.base}"\n'
            f'site_url = "{PUBLIC}"\n'
            'language = "en"\n'
            f'feeds = ["{FEED}"]\n'
            f"sitemaps = [{sitemaps}]\n"
            "robots_sitemaps = false\n",
            encoding="utf-8",
        )
        crawl = "".join(f"{k} = {v}\n" for k, v in self.crawl_settings.items())
        (self.config / "settings.toml").write_text(
            "[crawl]\n"
            'user_agent = "csowatch-test/0.1"\n'
            'contact_url = "https://example.org/csowatch"\n'
            'archive_dir = ""\n'
            f"{crawl}\n"
            '[digest]\nweek_ends = "friday"\n',
            encoding="utf-8",
        )
        (self.config / "csos.yaml").write_bytes((REPO / "config" / "csos.yaml").read_bytes())

    def crawl(self, *args: str, timeout: float = 240) -> Crawl:
        """``python -m crawler crawl --quiet WEEK`` as a child process; measures it."""
        self.write_config()
        env = {
            **os.environ,
            "CSOWATCH_CONFIG": str(self.config),
            "CSOWATCH_DATABASE_URL": self.db_url,
            "PYTHONPATH": str(REPO),
        }
        out, err = self.tmp / "crawl.out", self.tmp / "crawl.err"
        started = time.monotonic()
        with out.open("wb") as stdout, err.open("wb") as stderr:
            proc = subprocess.Popen(
                [sys.executable, "-m", "crawler", "crawl", "--quiet", *WEEK, *args],
                cwd=self.tmp,
                env=env,
                stdout=stdout,
                stderr=stderr,
            )
            timer = threading.Timer(timeout, os.kill, (proc.pid, signal.SIGKILL))
            timer.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                timer.cancel()
            proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
        seconds = time.monotonic() - started
        return Crawl(
            returncode=proc.returncode,
            stdout=out.read_text(encoding="utf-8", errors="replace"),
            stderr=err.read_text(encoding="utf-8", errors="replace"),
            seconds=seconds,
            max_rss_mb=usage.ru_maxrss / 1024,  # KiB on Linux
        )

    # -- what the crawl left ------------------------------------------------------------------

    def bad_pages(self) -> dict[str, str]:
        """URL -> reason of every recorded bad page."""
        with open_store(self.db_url) as store, store.read_session() as s:
            return {p.url: p.reason for p in s.scalars(select(BadPage))}

    def stored(self) -> dict[str, ArticleRow]:
        """Canonical URL -> stored article row."""
        with open_store(self.db_url) as store, store.read_session() as s:
            rows = list(s.scalars(select(ArticleRow)))
            for row in rows:
                s.expunge(row)
            return {row.canonical_url: row for row in rows}

    def requests(self, path: str) -> int:
        return self.server.paths().count(path)
