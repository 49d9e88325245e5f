"""The bundled sample week (15-21 October 2021), written for csowatch's demo and tests.

The stories are invented for the sample site; they are shaped like real RFE/RL, Radio Svoboda
and Moscow Times copy (datelines, wire bylines, quotes with attribution, CSO names inflected).
"""

from __future__ import annotations

from datetime import UTC, datetime

from demo.sitegen import SampleArticle, SiteSpec


def _t(day: int, hour: int = 9, minute: int = 0, month: int = 10) -> datetime:
    return datetime(2021, month, day, hour, minute, tzinfo=UTC)


RFERL = [
    SampleArticle(
        id=31512223,
        slug="russia-ovd-info-foreign-agents-court",
        title="Moscow Court Orders OVD-Info Website Blocked",
        published=_t(15, 18, 58),
        lead="A Moscow court has ordered the website of the OVD-Info rights group blocked.",
        authors=("RFE/RL's Russian Service",),
        tags=("Russia", "OVD-Info", "human rights"),
        paragraphs=(
            "MOSCOW -- A Moscow court has ordered the website of the OVD-Info rights group "
            "blocked, the latest move in a crackdown on independent monitors.",
            "“We will keep working, whatever the court decides,” OVD-Info co-founder "
            "Grigory Okhotin told RFE/RL on October 15.",
            "The group, which tracks detentions at protests, was labelled a so-called "
            "‘foreign agent’ last month.",
            "Okhotin said the ruling was expected. “They have been preparing this for a long "
            "time,” he said.",
        ),
        links=(("OVD-Info", "https://ovd.info/news"),),
    ),
    SampleArticle(
        id=31513103,
        slug="russia-prison-torture-asylum",
        title="Whistle-Blower Who Leaked Prison Torture Videos Seeks Asylum In France",
        published=_t(16, 13, 21),
        lead="The man who leaked videos of torture in Russian prisons to Gulagu.net has asked "
        "for asylum in France.",
        authors=("Associated Press",),
        tags=("Russia", "torture", "prisons"),
        paragraphs=(
            "PARIS -- The man who leaked videos of torture in Russian prisons to the "
            "Gulagu.net project has asked for asylum in France.",
            "Vladimir Osechkin, the founder of Gulagu.net, said the videos showed systematic "
            "abuse in prison hospitals in the Saratov region.",
            "“This is only the beginning,” Osechkin said. “We have more than a thousand files.”",
            "The Committee Against Torture called for an independent investigation.",
        ),
    ),
    SampleArticle(
        id=31514480,
        slug="russia-memorial-liquidation-lawsuit",
        title="Russian Prosecutors Move To Shut Down Memorial",
        published=_t(18, 7, 40),
        lead="Prosecutors have asked Russia's Supreme Court to liquidate Memorial, the country's "
        "oldest human rights group.",
        authors=("Tony Wesolowsky", "Reid Standish"),
        tags=("Russia", "Memorial"),
        paragraphs=(
            "Prosecutors have asked Russia's Supreme Court to liquidate Memorial, the "
            "country's oldest human rights group.",
            "“This is a political decision,” said Tatyana Glushkova, a lawyer for the "
            "Memorial Human Rights Center.",
            "Memorial was founded in 1989 to document Soviet-era repression.",
        ),
    ),
    SampleArticle(
        id=31510010,
        slug="russia-older-story",
        title="An Older Story From Before The Week",
        published=_t(10, 12, 0),
        lead="This story was published before the sample week.",
        authors=(),
        tags=("Russia",),
        paragraphs=(
            "This story was published before the sample week and mentions no organisation.",
            "It is here so that a backfill has something to leave out.",
        ),
    ),
    SampleArticle(
        id=31535100,
        slug="russia-later-story",
        title="A Later Story From After The Week",
        published=_t(25, 8, 0),
        lead="This story was published after the sample week.",
        authors=("Associated Press",),
        tags=("Russia",),
        paragraphs=(
            "This story was published after the sample week.",
            "It, too, is here so that a backfill has something to leave out.",
        ),
    ),
]

SVOBODA = [
    SampleArticle(
        id=31512310,
        slug="",
        title="Суд оштрафовал «Мемориал» на 500 тысяч рублей",
        published=_t(15, 7, 22),
        lead="Тверской суд Москвы оштрафовал правозащитный центр «Мемориал».",
        authors=("Радио Свобода",),
        tags=("Россия", "Мемориал"),
        section="Россия",
        paragraphs=(
            "Тверской суд Москвы оштрафовал правозащитный центр «Мемориал» на 500 тысяч "
            "рублей за отсутствие маркировки «иностранного агента».",
            "«Мы обжалуем это решение», — заявил председатель совета центра Александр Черкасов.",
            "По словам юриста «Мемориала» Марии Эйсмонт, суд не стал изучать доказательства.",
        ),
    ),
    SampleArticle(
        id=31514001,
        slug="",
        title="ОВД-Инфо: за неделю задержаны 40 человек",
        published=_t(19, 11, 5),
        lead="Правозащитный проект ОВД-Инфо подсчитал задержания за неделю.",
        authors=(),
        tags=("Россия", "задержания"),
        section="Россия",
        paragraphs=(
            "Правозащитный проект ОВД-Инфо сообщил, что за неделю в России задержаны 40 человек.",
            "— Мы видим рост задержаний в регионах, — сказал пресс-секретарь ОВД-Инфо Денис Шедов.",
            "Комитет против пыток также сообщил о новых жалобах из Саратова.",
        ),
    ),
]

MOSCOWTIMES = [
    SampleArticle(
        id=75300,
        slug="levada-center-poll-trust",
        title="Trust in Putin Falls to Record Low, Levada Center Poll Shows",
        published=_t(15, 10, 30),
        lead="Russians' trust in President Vladimir Putin has fallen to a record low.",
        authors=(),
        tags=("Levada Center", "polls"),
        section="News",
        paragraphs=(
            "Russians' trust in President Vladimir Putin has fallen to a record low, according "
            "to a survey published Friday by the independent Levada Center.",
            "“People are tired,” Levada Center director Denis Volkov told The Moscow Times.",
        ),
    ),
    SampleArticle(
        id=75331,
        slug="golos-monitors-report-fraud",
        title="Golos Election Monitors Report Widespread Fraud",
        published=_t(18, 14, 0),
        modified=_t(18, 16, 45),
        lead="Russia's independent election monitor Golos said it recorded thousands of "
        "violations.",
        subtitle="The movement has been labelled a foreign agent.",
        authors=("Jake Cordell", "AFP"),
        tags=("Golos", "elections"),
        section="News",
        paragraphs=(
            "Russia's independent election monitor Golos said Monday it had recorded "
            "thousands of violations during the September parliamentary vote.",
            "“The scale of falsification was unprecedented,” Golos co-chair Grigory "
            "Melkonyants said in a statement.",
            "The movement was declared a “foreign agent” in 2021.",
        ),
    ),
    SampleArticle(
        id=75368,
        slug="nochlezhka-winter-shelter",
        title="Nochlezhka Opens Winter Shelter in St. Petersburg",
        published=_t(21, 9, 15),
        lead="",
        authors=("Moscow Times Reporter",),
        tags=("Nochlezhka", "homelessness"),
        section="News",
        paragraphs=(
            "The homeless charity Nochlezhka opened its winter heating tent in St. Petersburg "
            "on Thursday.",
            "“Every winter people freeze to death on the streets,” said Nochlezhka director "
            "Grigory Sverdlin.",
        ),
    ),
]


def sample_specs() -> dict[str, SiteSpec]:
    """The three outlets of the sample week, keyed like config/outlets.toml."""
    return {
        "rferl": SiteSpec("pangea", "https://www.rferl.org", "en", list(RFERL), 8),
        "svoboda": SiteSpec(
            "pangea",
            "https://www.svoboda.org",
            "ru",
            list(SVOBODA),
            2,
            feed_path="/api/zrqiteuuir",
            publisher="Радио Свобода",
        ),
        "moscowtimes": SiteSpec(
            "moscowtimes",
            "https://www.themoscowtimes.com",
            "en",
            list(MOSCOWTIMES),
            publisher="The Moscow Times",
            robots_disallow=("/preview/", "/search/", "*?utm", "*&utm"),
        ),
    }
