"""The CSOs' own channels end to end: Telegram previews and a CSO's site feed served on 127.0.0.1
(tests/outlets/telegram_site.py), crawled by ``csowatch crawl`` into SQLite and PostgreSQL as
statements by their CSOs; a second run fetches only new posts; bad input (a renamed channel, a
preview with no posts, a feed that moved) is one line each and leaves the other outlets alone."""

from __future__ import annotations

import subprocess
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from demo.articles import sample_specs
from demo.mirror import start_servers
from demo.mirror import write_config as write_sample_config
from demo.server import Resource, SampleServer
from store.db import open_store
from store.models import ArticleRow, Clipping, MentionRow, QuoteRow
from tests.outlets.telegram_site import (
    SitePost,
    TgChannel,
    TgPost,
    channel_pages,
    cso_site,
    empty_channel,
    renamed_channel,
    with_base,
)
from tests.processes import run_csowatch

REPO = Path(__file__).resolve().parents[1]
WEEK = ("--since", "2021-10-15", "--until", "2021-10-21")
pytestmark = pytest.mark.integration


def _at(day: int, month: int = 10, hour: int = 9) -> datetime:
    return datetime(2021, month, day, hour, 0, tzinfo=UTC)


def gulagu_channel() -> TgChannel:
    posts = [
        TgPost(98, _at(20, 9), ["Старый пост о работе проекта в сентябре."]),
        TgPost(99, _at(25, 9), ["Ещё один сентябрьский пост проекта."]),
        TgPost(100, _at(1), ["Октябрьский пост до недели выпуска."]),
        TgPost(101, _at(10), ["Пост за неделю до выпуска, вне окна."]),
        TgPost(102, _at(15), ["Мы публикуем новые видео из саратовской ОТБ-1."]),
        TgPost(103, _at(16), ["Чужой текст, пересланный в канал."], forwarded_from="Другой канал"),
        TgPost(
            104,
            _at(17),
            [
                "Заявление Gulagu.net о пытках в тюремной больнице",
                "Мы передали в Следственный комитет ещё сорок видеозаписей.",
                "«Мы продолжим публиковать архив, пока виновные не будут наказаны», — сказал "
                "Владимир Осечкин.",
            ],
            link=("Подробности у ОВД-Инфо", "https://ovd.info/express-news/2021/10/17/x"),
        ),
        TgPost(105, _at(18), [], photo_only=True),
        TgPost(
            106,
            _at(19),
            ["Следственный комитет возбудил ещё три уголовных дела о пытках."],
            preview=("https://example.org/news/1", "Три новых дела", "Описание ссылки"),
        ),
        TgPost(107, _at(20), ["Суд арестовал сотрудника ФСИН по делу о пытках."]),
    ]
    return TgChannel("gulagu_net", "Gulagu.net", posts)


def ovd_channel() -> TgChannel:
    return TgChannel(
        "ovdinfo",
        "ОВД-Инфо",
        [TgPost(500, _at(18), ["Суд оштрафовал активистку за пикет в поддержку «Мемориала»."])],
    )


def ovd_site() -> list[SitePost]:
    return [
        SitePost(
            "/express-news/2021/10/19/sud-oshtrafoval",
            "Суд оштрафовал координатора за пост",
            _at(19),
            [
                "Суд в Казани оштрафовал координатора местной группы на 30 тысяч рублей.",
                "«Это наказание за слова», — сказал юрист ОВД-Инфо.",
            ],
        ),
        SitePost(
            "/private/2021/10/20/draft",
            "Черновик, закрытый robots.txt",
            _at(20),
            ["Страница, которую robots.txt сайта просит не читать."],
        ),
        SitePost(
            "/express-news/2021/09/01/old",
            "Старая новость",
            _at(1, 9),
            ["Новость из сентября, вне окна выпуска."],
        ),
    ]


def registry_yaml(feed_url: str, channels: dict[str, list[str]]) -> str:
    def tg(cso: str) -> str:
        return f"    telegram: [{', '.join(channels.get(cso, []))}]\n" if cso in channels else ""

    return (
        "csos:\n"
        "  - id: ovd-info\n    name: OVD-Info\n"
        "    aliases: {en: [OVD-Info], ru: [ОВД-Инфо], be: []}\n"
        "    people:\n      - names: [Grigory Okhotin, Григорий Охотин]\n"
        "    domains: [ovd.info]\n"
        f"{tg('ovd-info')}    feeds: [{feed_url}]\n"
        "  - id: memorial\n    name: Memorial\n"
        "    aliases: {en: [Memorial], ru: [Мемориал], be: []}\n"
        "    domains: [memo.ru]\n    ambiguous: [Memorial, Мемориал]\n"
        f"{tg('memorial')}"
        "  - id: gulagu-net\n    name: Gulagu.net\n"
        "    aliases: {en: [Gulagu.net], ru: [Гулагу.нет], be: []}\n"
        "    people:\n      - names: [Vladimir Osechkin, Владимир Осечкин]\n"
        "    domains: [gulagu.net]\n"
        f"{tg('gulagu-net')}"
    )


class Channels:
    """t.me and a CSO's site, served, with a configuration for the two statement outlets (and
    optionally the sample RFE/RL outlet beside them)."""

    def __init__(self, tmp_path: Path, db_url: str, *, with_rferl: bool = False) -> None:
        self.stack = ExitStack()
        self.tme = self.stack.enter_context(SampleServer())
        self.site = self.stack.enter_context(SampleServer())
        self.db_url = db_url
        self.cwd = tmp_path
        self.config = tmp_path / "config"
        self.config.mkdir()
        self.feed_url = f"{self.site.url}/rss.xml"
        self.site.set_site(
            with_base(cso_site("ОВД-Инфо", ovd_site()), self.site.url)
            | {"/robots.txt": Resource(b"User-agent: *\nDisallow: /private/\n", "text/plain")}
        )
        self.channels = {"gulagu-net": ["gulagu_net"], "ovd-info": ["ovdinfo"]}
        self.tme_site = {**channel_pages(gulagu_channel(), 2), **channel_pages(ovd_channel(), 2)}
        self.with_rferl = with_rferl
        self.write()

    def write(self) -> None:
        self.tme.set_site(self.tme_site)
        outlets = ""
        if self.with_rferl:
            specs = {"rferl": sample_specs()["rferl"]}
            servers = start_servers(specs, self.stack)
            write_sample_config(self.config, specs, servers)
            outlets = (self.config / "outlets.toml").read_text(encoding="utf-8") + "\n"
            self.with_rferl = False  # once
        elif (self.config / "outlets.toml").exists():
            text = (self.config / "outlets.toml").read_text(encoding="utf-8")
            outlets = text.split("[outlets.cso-telegram]")[0]
        outlets += (
            "[outlets.cso-telegram]\n"
            'name = "Telegram"\nspider = "telegram"\n'
            f'base_url = "{self.tme.url}"\nsite_url = "https://t.me"\n'
            'language = "ru"\ncrawl_delay = 0.0\n\n'
            "[outlets.cso-sites]\n"
            'name = "CSO websites"\nspider = "csofeeds"\nlanguage = "ru"\n'
        )
        (self.config / "outlets.toml").write_text(outlets, encoding="utf-8")
        if not (self.config / "settings.toml").exists():
            (self.config / "settings.toml").write_text(
                '[crawl]\nuser_agent = "csowatch-test/0.1"\n'
                'contact_url = "https://example.org/csowatch"\n'
                "download_delay = 0.0\nautothrottle = false\nretry_times = 1\n"
                'archive_dir = ""\n\n[digest]\nweek_ends = "friday"\n',
                encoding="utf-8",
            )
        (self.config / "csos.yaml").write_text(
            registry_yaml(self.feed_url, self.channels), encoding="utf-8"
        )

    def csowatch(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_csowatch(self.config, self.db_url, self.cwd, *args)

    def crawl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.csowatch("crawl", "--quiet", *args)

    def statements(self) -> dict[str, tuple[str, str | None]]:
        """Stored URL -> (kind, author CSO)."""
        with open_store(self.db_url) as store, store.read_session() as s:
            rows = s.execute(select(ArticleRow.canonical_url, ArticleRow.kind,
                                    ArticleRow.author_cso_id))  # fmt: skip
            return {url: (kind, author) for url, kind, author in rows}

    def close(self) -> None:
        self.stack.close()


@pytest.fixture
def channels(tmp_path: Path, db_url: str):
    c = Channels(tmp_path, db_url)
    yield c
    c.close()


def _previews(server: SampleServer) -> list[str]:
    """The preview pages a crawl asked for (robots.txt aside), sorted."""
    return sorted(p for p in server.paths() if p.startswith("/s/"))


def _line(output: str, key: str) -> str:
    return next(line for line in output.splitlines() if line.startswith(key + " "))


def test_channels_and_feeds_are_stored_as_the_csos_statements(channels: Channels) -> None:
    run = channels.crawl(*WEEK)
    assert run.returncode == 0, run.stdout + run.stderr
    assert " OK " in _line(run.stdout, "cso-telegram") and " OK " in _line(run.stdout, "cso-sites")
    site = channels.site.url
    assert channels.statements() == {
        "https://t.me/gulagu_net/102": ("statement", "gulagu-net"),
        "https://t.me/gulagu_net/104": ("statement", "gulagu-net"),
        "https://t.me/gulagu_net/106": ("statement", "gulagu-net"),
        "https://t.me/gulagu_net/107": ("statement", "gulagu-net"),
        "https://t.me/ovdinfo/500": ("statement", "ovd-info"),
        f"{site}/express-news/2021/10/19/sud-oshtrafoval": ("statement", "ovd-info"),
    }
    # robots.txt obeyed on the CSO's site: the page it closes is neither fetched nor stored
    assert "/private/2021/10/20/draft" not in channels.site.paths()
    # back by ?before= until the window's start, and not a page further
    assert _previews(channels.tme) == [
        "/s/gulagu_net", "/s/gulagu_net?before=102", "/s/gulagu_net?before=104",
        "/s/gulagu_net?before=106", "/s/ovdinfo",
    ]  # fmt: skip
    assert "/robots.txt" in channels.tme.paths()  # asked before the first preview

    with open_store(channels.db_url) as store, store.read_session() as s:
        post = s.scalars(
            select(ArticleRow).where(ArticleRow.canonical_url == "https://t.me/gulagu_net/104")
        ).one()
        assert post.title == "Заявление Gulagu.net о пытках в тюремной больнице"
        assert post.authors == ["Gulagu.net"]
        assert post.published == _at(17)
        assert post.external_id == "gulagu_net/104"
        assert len(post.paragraphs) == 4  # three lines and the link's anchor
        mentioned = set(
            s.scalars(select(MentionRow.cso_id).where(MentionRow.article_id == post.id))
        )
        assert {"gulagu-net", "ovd-info"} <= mentioned  # by name, and by the link to ovd.info
        speakers = set(s.scalars(select(QuoteRow.speaker).where(QuoteRow.article_id == post.id)))
        assert any("Осечкин" in (sp or "") for sp in speakers)
        # a statement is a clipping of its author, even where it does not name itself
        quiet = s.scalars(
            select(ArticleRow.id).where(ArticleRow.canonical_url == "https://t.me/gulagu_net/107")
        ).one()
        assert set(s.scalars(select(Clipping.cso_id).where(Clipping.article_id == quiet))) == {
            "gulagu-net"
        }

    # the desk's house format names the CSO and where it spoke
    digest = channels.csowatch("digest", "--week", "2021-10-22", "--cso", "gulagu-net", "--draft")
    assert digest.returncode == 0, digest.stderr
    assert (
        "Gulagu.net said on its Telegram channel, 17 October 2021: "
        "Заявление Gulagu.net о пытках в тюремной больнице" in digest.stdout
    )
    listed = channels.csowatch("clippings", "--week", "2021-10-22", "--cso", "gulagu-net")
    assert "[candidate] Gulagu.net said on its Telegram channel, 2021-10-17: " in listed.stdout
    ovd = channels.csowatch("digest", "--week", "2021-10-22", "--cso", "ovd-info", "--draft")
    assert "OVD-Info said on its website, 19 October 2021: " in ovd.stdout
    assert "OVD-Info said on its Telegram channel, 18 October 2021: " in ovd.stdout

    # a second run asks for the first preview page only and finds nothing new ...
    channels.tme.clear_log()
    again = channels.crawl(*WEEK)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _previews(channels.tme) == ["/s/gulagu_net", "/s/ovdinfo"]
    assert "new=0" in _line(again.stdout, "cso-telegram")

    # ... and once the channel has posted, only the new post is stored
    channel = gulagu_channel()
    channel.posts.append(TgPost(108, _at(21), ["Новое заявление проекта о пытках в колонии."]))
    channels.tme_site = {**channel_pages(channel, 2), **channel_pages(ovd_channel(), 2)}
    channels.tme.set_site(channels.tme_site)
    channels.tme.clear_log()
    third = channels.crawl(*WEEK)
    assert third.returncode == 0, third.stdout + third.stderr
    assert "new=1" in _line(third.stdout, "cso-telegram")
    assert _previews(channels.tme) == ["/s/gulagu_net", "/s/ovdinfo"]
    assert channels.statements()["https://t.me/gulagu_net/108"] == ("statement", "gulagu-net")

    # a backfill of a week before the newest stored post reads back to that week's start
    channels.tme.clear_log()
    backfill = channels.crawl("--since", "2021-10-09", "--until", "2021-10-11")
    assert backfill.returncode == 0, backfill.stdout + backfill.stderr
    assert "new=1" in _line(backfill.stdout, "cso-telegram")
    assert channels.statements()["https://t.me/gulagu_net/101"] == ("statement", "gulagu-net")
    assert "/s/gulagu_net?before=101" in _previews(channels.tme)  # the page of 99 and 100
    assert "/s/gulagu_net?before=99" not in _previews(channels.tme)


def test_a_renamed_channel_an_empty_preview_and_a_moved_feed_are_one_line_each(
    tmp_path: Path, db_url: str
) -> None:
    c = Channels(tmp_path, db_url, with_rferl=True)
    try:
        c.channels = {"gulagu-net": ["gulagu_net"], "memorial": ["memorial_old"],
                      "ovd-info": ["quiet_chan"]}  # fmt: skip
        c.tme_site = {
            **channel_pages(gulagu_channel(), 2),
            **renamed_channel("memorial_old"),
            **empty_channel(TgChannel("quiet_chan", "ОВД-Инфо")),
        }
        c.feed_url = f"{c.site.url}/moved-feed.xml"  # the site answers 404
        c.write()
        run = c.crawl(*WEEK)
        assert run.returncode == 1, run.stdout + run.stderr
        out = run.stdout
        assert " FAILED " in _line(out, "cso-telegram")
        assert " FAILED " in _line(out, "cso-sites")
        assert " OK " in _line(out, "rferl")  # the other outlets are unaffected
        notes = [line.strip() for line in out.splitlines() if line.startswith("  ")]
        assert notes == [
            "cso-telegram: t.me/s/memorial_old (Memorial): no public channel of that name "
            "(renamed, deleted or made private?); the preview redirected to "
            "https://t.me/memorial_old",
            "cso-telegram: t.me/s/quiet_chan (OVD-Info): the preview shows no posts",
            f"cso-sites: feed {c.site.url}/moved-feed.xml (OVD-Info): HTTP 404",
        ]
        assert "Traceback" not in run.stderr
        stored = c.statements()
        # the good channel was read in full despite the others
        assert {u for u, (kind, _) in stored.items() if kind == "statement"} == {
            f"https://t.me/gulagu_net/{i}" for i in (102, 104, 106, 107)
        }
        assert any(kind == "article" for kind, _ in stored.values())  # rferl's articles
    finally:
        c.close()
