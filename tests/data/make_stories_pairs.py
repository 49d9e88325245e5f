"""Writes ``stories_pairs.jsonl``: labelled pairs of texts for story grouping.

Every text here is written for csowatch (no outlet's text). Twelve events, two different
stories on each (``story`` A: the news report; B: another story about the same event), a
rewrite of each A by "another outlet" (written by hand: own words, the same quotes), and for
six events the lead translated (en <-> ru). The pairs:

- ``rewrite``: A and its rewrite (same story);
- ``reprint``: A and an agency reprint: a new headline and lead, the end cut, a footer;
- ``release``: a CSO's statement (A's quoted part) and an article quoting most of it inside
  its own framing;
- ``translated``: A and its translated lead: the same story, which no text measure finds
  (shared words: names at best); only a link to the original joins them (``store.stories``);
- ``same-event`` (hard negative): A and B of one event, and their variants;
- ``other`` (negative): stories of different events.

Run ``python tests/data/make_stories_pairs.py`` to write the file again; the split for
tuning and the held-back part is by SHA-1 of the pair id (``bench/stories.py``).
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

# event -> (language, headline A, text A, headline B, text B, rewrite headline, rewrite text)
EVENTS: dict[str, tuple[str, str, str, str, str, str, str]] = {}


def event(key: str, lang: str, *texts: str) -> None:
    ha, ta, hb, tb, hr, tr = texts
    EVENTS[key] = (lang, ha, ta, hb, tb, hr, tr)


event(
    "ovd-fine",
    "en",
    "Moscow court fines OVD-Info over foreign agent label",
    "A Moscow district court on Tuesday fined the human rights project OVD-Info 300,000 rubles "
    "for failing to mark its publications with the foreign agent label, the group said. "
    "The Justice Ministry added the project to its register of foreign agents in September. "
    '"We will appeal, because the law itself is designed to silence independent monitors," '
    "OVD-Info spokeswoman Maria Kuznetsova told reporters outside the courthouse. "
    "The group, which tracks detentions at protests and provides legal aid to detainees, "
    "has been fined four times this year. "
    "Its lawyers say the total now exceeds one million rubles, an amount the project covers "
    "with small donations from readers.",
    "OVD-Info lawyers overwhelmed as protest detentions mount",
    "Lawyers working with OVD-Info say their hotline received more calls this month than in "
    "any month since the spring. "
    "Volunteers answer the phone around the clock and dispatch lawyers to police stations "
    "across Moscow and St. Petersburg. "
    '"Some nights we have a hundred people waiting for a lawyer and only a dozen lawyers," '
    "said coordinator Denis Shedov. "
    "The project has asked supporters to help fund travel for lawyers to smaller cities, "
    "where detainees often appear before a judge without any defence at all. "
    "The rise follows a series of pickets against mobilisation.",
    "OVD-Info to appeal fourth fine this year",
    "The rights group OVD-Info said it would challenge a new fine of 300,000 rubles imposed by "
    "a Moscow court on Tuesday over the foreign agent label. "
    '"We will appeal, because the law itself is designed to silence independent monitors," '
    "spokeswoman Maria Kuznetsova said. "
    "It is the fourth such penalty against the project in 2021; its lawyers put the total "
    "above one million rubles. "
    "OVD-Info was placed on the ministry's foreign agents register in September and pays the "
    "fines with readers' donations.",
)
event(
    "memorial-closure",
    "en",
    "Supreme Court orders Memorial International closed",
    "Russia's Supreme Court on Tuesday ordered the liquidation of Memorial International, the "
    "country's oldest human rights organisation, in a ruling that supporters called a blow to "
    "historical memory. "
    "Prosecutors had argued that the group repeatedly breached the foreign agent law and "
    "created a false image of the Soviet Union as a terrorist state. "
    '"This decision is political and we will use every legal means to contest it," said '
    "Memorial board member Yan Rachinsky. "
    "Dozens of people gathered outside the court in freezing temperatures, some holding "
    "portraits of relatives killed in Stalin's purges. "
    "Memorial was founded in 1989 to document the crimes of the Soviet state.",
    "Memorial's archive: where will the files go?",
    "With the court ruling against Memorial, historians are asking what will happen to the "
    "group's archive of letters, diaries and interrogation records. "
    "The collection holds tens of thousands of personal files donated by the families of "
    "people who were shot or sent to the Gulag. "
    "Archivist Irina Ostrovskaya said the files were digitised in part, but that paper "
    "originals remain in the Moscow office. "
    '"Families gave us their documents because they trusted us to keep them safe," she '
    "said. "
    "Foreign universities have offered to host copies, though moving originals abroad would "
    "need the state's consent.",
    "Russia's top court liquidates Memorial",
    "The Supreme Court of Russia has ruled to shut down Memorial International, a human rights "
    "group founded in 1989 to record Soviet-era repression. "
    "According to prosecutors, Memorial violated the foreign agent law and created a false "
    "image of the Soviet Union as a terrorist state. "
    '"This decision is political and we will use every legal means to contest it," board '
    "member Yan Rachinsky said after the hearing. "
    "Supporters stood outside the building in the cold holding photographs of relatives "
    "executed during Stalin's terror.",
)
event(
    "sova-raid",
    "en",
    "Police search SOVA Center office in Moscow",
    "Police on Thursday searched the Moscow office of the SOVA Center, a group that monitors "
    "hate crimes and the misuse of anti-extremism laws, its director said. "
    "Officers seized computers and paper files and questioned two staff members for several "
    "hours. "
    '"They did not show us a warrant that named any crime, only a general order," director '
    "Alexander Verkhovsky wrote on social media. "
    "The center has published annual reports on racist violence in Russia since 2002. "
    "The Interior Ministry did not respond to a request for comment.",
    "SOVA Center report counts fewer racist attacks, more prosecutions",
    "The SOVA Center's annual report found that racist and neo-Nazi attacks fell last year to "
    "the lowest level it has recorded, while prosecutions for online statements rose again. "
    "Researchers counted 18 attacks, most of them in Moscow, compared with dozens a decade ago. "
    "At the same time, courts convicted more than 200 people for posts and reposts, many of "
    "which the authors of the report consider unlawful. "
    '"The fight against real violence is being replaced by the fight against words," said '
    "researcher Natalia Yudina.",
    "SOVA Center says police seized its computers",
    "The Moscow office of SOVA Center, which tracks hate crime and abuses of extremism "
    "legislation, was searched by police on Thursday. "
    "According to director Alexander Verkhovsky, officers took computers and files and "
    "questioned two employees. "
    '"They did not show us a warrant that named any crime, only a general order," he wrote. '
    "The Interior Ministry has not commented. "
    "SOVA has tracked racist violence in Russia since 2002.",
)
event(
    "golos-observers",
    "en",
    "Golos reports mass irregularities in regional elections",
    "The independent election monitor Golos said on Monday it had recorded more than 3,000 "
    "reports of irregularities during the three days of voting in regional elections. "
    "Observers described ballot stuffing in several polling stations in Saratov region and "
    "pressure on public sector workers to vote early. "
    '"The three-day format makes it almost impossible to watch the ballot boxes at night," '
    "said Golos co-chair Grigory Melkonyants. "
    "The Central Election Commission said the complaints were exaggerated. "
    "Golos, which is registered as a foreign agent, relies on thousands of volunteer observers.",
    "How Golos trains volunteer observers",
    "Ahead of every election, Golos holds online classes for people who want to watch the vote "
    "at their local polling station. "
    "Trainers explain how to register as an observer, what to film and how to file a complaint "
    "that a commission cannot ignore. "
    '"Most of our observers are young people who have never been inside a polling station '
    'except to vote," said trainer Vasily Vaisenberg. '
    "This year more than 5,000 people took the course, the group says, many of them in small "
    "towns.",
    "Election monitor counts 3,000 violations",
    "More than 3,000 complaints of irregularities were logged over three days of regional "
    "voting, the monitoring group Golos said Monday. "
    "Its observers reported ballot stuffing in Saratov region and said public sector workers "
    "were pressed to vote early. "
    '"The three-day format makes it almost impossible to watch the ballot boxes at night," '
    "co-chair Grigory Melkonyants said. "
    "Election officials dismissed the complaints as exaggerated.",
)
event(
    "soldiers-mothers",
    "en",
    "Soldiers' mothers group says conscripts sent to border",
    "The Committee of Soldiers' Mothers of St. Petersburg said on Wednesday that it had "
    "received dozens of calls from families of conscripts who were sent to the border region "
    "without their consent. "
    "Parents said their sons were told to sign contracts or face disciplinary proceedings. "
    '"Conscripts cannot legally be sent to a combat zone, and the families know it," said '
    "the committee's chair Oksana Paramonova. "
    "The Defence Ministry denied that any conscripts were involved. "
    "The committee gives families free legal advice.",
    "Soldiers' mothers committee marks 30 years",
    "The Committee of Soldiers' Mothers marked its thirtieth anniversary this week with a "
    "small gathering of former volunteers and the families they helped. "
    "The group began in 1989 when mothers demanded news of sons serving in distant garrisons. "
    "Over three decades it has advised tens of thousands of conscripts on their rights, from "
    "medical exemptions to complaints about hazing. "
    '"We never planned to become an organisation; we simply could not stop," recalled one '
    "of its founders.",
    "Families say conscripts pressed into contracts",
    "Dozens of families have told the Committee of Soldiers' Mothers of St. Petersburg that "
    "their conscripted sons were sent to the border region against their will. "
    "According to the parents, the young men were told to sign contracts or face disciplinary "
    "proceedings. "
    '"Conscripts cannot legally be sent to a combat zone, and the families know it," chair '
    "Oksana Paramonova said on Wednesday. "
    "The Defence Ministry said no conscripts were involved.",
)
event(
    "sakharov-center",
    "en",
    "Sakharov Center evicted from its Moscow building",
    "The Sakharov Center, a museum and human rights venue named after the Soviet dissident "
    "Andrei Sakharov, was ordered on Friday to leave the building it has occupied since 1996. "
    "City authorities cancelled its lease after the center was declared a foreign agent, "
    "which bars it from using state property. "
    '"We are losing our home, but not our purpose," said director Sergei Lukashevsky. '
    "The center has hosted exhibitions, film screenings and debates on civil liberties. "
    "Its library of samizdat literature will be moved to storage.",
    "Exhibition on Gulag childhoods opens at Sakharov Center",
    "An exhibition of drawings and letters by children whose parents were sent to the Gulag "
    "opened on Friday at the Sakharov Center. "
    "Many of the drawings were made in orphanages where the children were placed after the "
    "arrests. "
    "Curator Natalia Samover said the works came from family archives collected over twenty "
    "years. "
    '"These are the first witnesses of the terror who were too young to speak about it," she '
    "said. "
    "The exhibition runs until the end of the month.",
    "Moscow evicts Sakharov Center",
    "Moscow city authorities have cancelled the lease of the Sakharov Center, forcing the "
    "human rights museum out of the building it has used since 1996. "
    "The center's status as a foreign agent now bars it from state property. "
    '"We are losing our home, but not our purpose," director Sergei Lukashevsky said on '
    "Friday. "
    "The center's samizdat library will go into storage while it looks for new premises.",
)
event(
    "hrw-report",
    "en",
    "Human Rights Watch documents torture in detention",
    "Human Rights Watch said in a report published on Thursday that detainees in several "
    "Russian pre-trial detention centres had been beaten and threatened to extract "
    "confessions. "
    "The 60-page report is based on interviews with 32 former detainees and their lawyers. "
    '"Torture in Russian custody is not an aberration but a routine investigative tool," said '
    "Tanya Lokshina, associate director for Europe and Central Asia. "
    "The group urged the authorities to install cameras in interrogation rooms and to "
    "investigate every complaint.",
    "Human Rights Watch researcher barred from entering Russia",
    "A Human Rights Watch researcher was refused entry to Russia at a Moscow airport on "
    "Sunday and sent back on the next flight, the organisation said. "
    "Border guards gave no reason but handed her a document saying her entry was banned until "
    "2030. "
    "The organisation said the researcher had travelled to meet families of detainees. "
    '"Barring researchers will not make the abuses disappear," a spokesman said.',
    "Report: beatings used to force confessions in Russian jails",
    "Detainees in Russian pre-trial detention centres are routinely beaten and threatened to "
    "make them confess, according to a new Human Rights Watch report. "
    "Researchers interviewed 32 former detainees and their lawyers for the 60-page study. "
    '"Torture in Russian custody is not an aberration but a routine investigative tool," '
    "Tanya Lokshina of Human Rights Watch said. "
    "The report calls for cameras in interrogation rooms and an inquiry into every complaint.",
)
event(
    "ovd-ru-block",
    "ru",
    "Роскомнадзор заблокировал сайт ОВД-Инфо",
    "Роскомнадзор в понедельник заблокировал сайт правозащитного проекта ОВД-Инфо по "
    "требованию Генпрокуратуры, сообщили в проекте. "
    "Поводом стало решение суда, который признал материалы сайта пропагандой терроризма и "
    "экстремизма. "
    "«Мы продолжим работать, читатели могут найти нас через зеркала и телеграм-канал», — "
    "заявил сооснователь проекта Григорий Охотин. "
    "ОВД-Инфо с 2011 года ведёт учёт задержаний на акциях протеста и оказывает юридическую "
    "помощь задержанным. "
    "В прошлом году проект был внесён в реестр иностранных агентов.",
    "ОВД-Инфо запустил бот для задержанных",
    "Правозащитный проект ОВД-Инфо запустил бот в телеграме, который помогает задержанным и "
    "их родственникам быстро найти адвоката. "
    "Бот задаёт несколько вопросов о месте задержания и передаёт заявку дежурным юристам. "
    "«Раньше люди часами дозванивались на горячую линию, теперь всё занимает минуты», — "
    "рассказала координатор проекта Дарья Корольова. "
    "По данным ОВД-Инфо, за первую неделю ботом воспользовались более 700 человек.",
    "Сайт ОВД-Инфо заблокирован по требованию Генпрокуратуры",
    "Доступ к сайту ОВД-Инфо ограничен: в понедельник Роскомнадзор внёс его в реестр "
    "запрещённых ресурсов по требованию Генеральной прокуратуры. "
    "Суд ранее счёл публикации проекта пропагандой терроризма и экстремизма. "
    "«Мы продолжим работать, читатели могут найти нас через зеркала и телеграм-канал», — "
    "сказал Григорий Охотин. "
    "Проект, который считают иностранным агентом, с 2011 года помогает задержанным на акциях.",
)
event(
    "memorial-ru-search",
    "ru",
    "В офисе «Мемориала» прошли обыски",
    "Силовики в среду провели обыски в московском офисе «Мемориала» в рамках уголовного дела "
    "о реабилитации нацизма, сообщили сотрудники организации. "
    "Обыск продолжался более десяти часов, из здания вынесли компьютеры и архивные документы. "
    "«Нас обвиняют в том, что мы помним жертв репрессий поимённо», — сказал член правления "
    "«Мемориала» Олег Орлов. "
    "Адвокатов не пускали в здание в течение нескольких часов. "
    "После обысков троих сотрудников доставили на допрос в Следственный комитет.",
    "«Мемориал» провёл акцию «Возвращение имён»",
    "Сотни москвичей в среду пришли к Соловецкому камню, чтобы прочитать вслух имена людей, "
    "расстрелянных в годы Большого террора. "
    "Акцию «Возвращение имён» «Мемориал» проводит с 2007 года. "
    "Каждый участник читает несколько имён из расстрельных списков и может добавить имя "
    "своего родственника. "
    "«Пока мы произносим их имена, эти люди не забыты», — сказала одна из участниц. "
    "В этом году городские власти не согласовали акцию, и люди приходили к камню по одному.",
    "Обыски у «Мемориала» по делу о реабилитации нацизма",
    "В среду в московском офисе «Мемориала» прошли обыски по уголовному делу о реабилитации "
    "нацизма. "
    "По словам сотрудников, обыск длился больше десяти часов, силовики изъяли компьютеры и "
    "часть архива. "
    "«Нас обвиняют в том, что мы помним жертв репрессий поимённо», — заявил Олег Орлов. "
    "Адвокатов несколько часов не пускали внутрь, троих сотрудников увезли на допрос.",
)
event(
    "golos-ru-agent",
    "ru",
    "Движение «Голос» признали иностранным агентом",
    "Министерство юстиции в пятницу внесло движение в защиту прав избирателей «Голос» в реестр "
    "иностранных агентов. "
    "Решение принято за три недели до выборов в Государственную думу. "
    "«Это попытка запугать наблюдателей, но на участки мы всё равно придём», — заявил "
    "сопредседатель движения Григорий Мельконьянц. "
    "«Голос» объединяет несколько тысяч волонтёров, которые наблюдают за выборами по всей "
    "стране. "
    "Теперь все материалы движения должны выходить с пометкой об иностранном агенте.",
    "«Голос» опубликовал карту нарушений на выборах",
    "Движение «Голос» опубликовало интерактивную карту, на которую наблюдатели и избиратели "
    "наносят сообщения о нарушениях на участках. "
    "За первые сутки голосования на карте появилось более тысячи отметок, больше всего из "
    "Москвы и Татарстана. "
    "«Каждое сообщение мы проверяем, прежде чем оно попадёт в отчёт», — пояснил аналитик "
    "движения Андрей Бузин. "
    "Карта работает с 2011 года.",
    "Минюст внёс «Голос» в реестр иноагентов",
    "«Голос», движение в защиту прав избирателей, в пятницу оказалось в реестре иностранных "
    "агентов Минюста — за три недели до думских выборов. "
    "«Это попытка запугать наблюдателей, но на участки мы всё равно придём», — сказал "
    "Григорий Мельконьянц. "
    "Несколько тысяч волонтёров «Голоса» наблюдают за выборами в разных регионах. "
    "Отныне материалы движения обязаны сопровождаться пометкой об иноагенте.",
)
event(
    "mediazona-ru-court",
    "ru",
    "Суд оштрафовал «Медиазону» за репортаж о протестах",
    "Мировой суд в Москве в четверг оштрафовал издание «Медиазона» на 200 тысяч рублей за "
    "репортаж о протестной акции, который суд счёл призывом к участию в несогласованном "
    "мероприятии. "
    "Редакция считает, что журналисты лишь сообщили о времени и месте акции. "
    "«Сообщать о событиях — наша работа, а не призыв», — заявил издатель «Медиазоны» Пётр "
    "Верзилов. "
    "Издание намерено обжаловать решение. "
    "Это уже третий штраф «Медиазоны» за последний год.",
    "«Медиазона» подсчитала приговоры по «антивоенным» статьям",
    "Журналисты «Медиазоны» подсчитали, что за год суды вынесли более 400 приговоров по "
    "статьям о «фейках» и «дискредитации» армии. "
    "Почти в половине случаев осуждённые получили реальные сроки. "
    "Самые суровые приговоры вынесены в Москве и Санкт-Петербурге. "
    "«Мы видим, что суды почти никогда не оправдывают по этим статьям», — отметил редактор "
    "проекта Дмитрий Трещанин.",
    "«Медиазону» оштрафовали на 200 тысяч рублей",
    "Издание «Медиазона» получило штраф в 200 тысяч рублей: в четверг мировой суд Москвы "
    "признал его репортаж о протесте призывом к участию в несогласованной акции. "
    "В редакции говорят, что журналисты только сообщили, где и когда пройдёт акция. "
    "«Сообщать о событиях — наша работа, а не призыв», — сказал Пётр Верзилов. "
    "Решение будет обжаловано; это третий штраф изданию за год.",
)
event(
    "ovdinfo-ru-report",
    "ru",
    "ОВД-Инфо: число задержанных на акциях превысило 19 тысяч",
    "Правозащитный проект ОВД-Инфо опубликовал доклад, согласно которому с начала года на "
    "антивоенных акциях были задержаны более 19 тысяч человек. "
    "Больше всего задержаний пришлось на Москву и Санкт-Петербург. "
    "«Эти цифры — только то, что нам удалось подтвердить, реальное число выше», — сказала "
    "аналитик проекта Анна Каретникова. "
    "Авторы доклада также насчитали более 200 уголовных дел против участников протестов. "
    "Доклад основан на сообщениях задержанных, их адвокатов и журналистов.",
    "Задержанных на акциях в Москве оставили без еды",
    "Задержанные на акции в центре Москвы провели ночь в отделе полиции без еды и воды, "
    "рассказали они юристам ОВД-Инфо. "
    "По словам задержанных, сотрудники полиции отказывались отдавать им телефоны и не "
    "пускали адвокатов. "
    "Утром часть людей отпустили, остальных отвезли в суд. "
    "«Мы зафиксировали десятки подобных жалоб за одну ночь», — сообщила юрист Анастасия "
    "Бурахина.",
    "Более 19 тысяч задержанных: доклад ОВД-Инфо",
    "С начала года на антивоенных акциях задержали более 19 тысяч человек — такие данные "
    "приводит ОВД-Инфо в новом докладе. "
    "Лидируют по числу задержаний Москва и Петербург. "
    "«Эти цифры — только то, что нам удалось подтвердить, реальное число выше», — отметила "
    "Анна Каретникова. "
    "Кроме того, против участников протестов возбуждено свыше 200 уголовных дел.",
)

# the lead translated into the other language (only these events)
TRANSLATED: dict[str, str] = {
    "ovd-fine": (
        "Московский суд оштрафовал ОВД-Инфо за отсутствие маркировки иноагента. "
        "Районный суд Москвы во вторник оштрафовал правозащитный проект ОВД-Инфо на 300 тысяч "
        "рублей за то, что его публикации не были помечены как материалы иностранного агента, "
        "сообщили в проекте. «Мы будем обжаловать решение, потому что сам закон создан, чтобы "
        "заставить замолчать независимых наблюдателей», — сказала представитель ОВД-Инфо "
        "Мария Кузнецова."
    ),
    "memorial-closure": (
        "Верховный суд постановил ликвидировать «Мемориал». "
        "Верховный суд России во вторник постановил ликвидировать Международный «Мемориал», "
        "старейшую правозащитную организацию страны. «Это решение политическое, и мы будем "
        "оспаривать его всеми законными способами», — сказал член правления Ян Рачинский."
    ),
    "sova-raid": (
        "В московском офисе центра «Сова» прошёл обыск. "
        "Полиция в четверг провела обыск в офисе информационно-аналитического центра «Сова», "
        "который следит за преступлениями на почве ненависти, сообщил его директор Александр "
        "Верховский. Сотрудники полиции изъяли компьютеры и бумажные документы."
    ),
    "ovd-ru-block": (
        "Russia blocks OVD-Info website. "
        "Russia's media regulator Roskomnadzor on Monday blocked the website of the human rights "
        "project OVD-Info at the request of the Prosecutor General's Office, the project said. "
        '"We will keep working, readers can find us through mirrors and our Telegram channel," '
        "co-founder Grigory Okhotin said."
    ),
    "golos-ru-agent": (
        "Golos election monitor declared a foreign agent. "
        "The Justice Ministry on Friday added the voters' rights movement Golos to its register "
        'of foreign agents, three weeks before the State Duma election. "This is an attempt to '
        'intimidate observers, but we will come to the polling stations anyway," co-chair '
        "Grigory Melkonyants said."
    ),
    "mediazona-ru-court": (
        "Court fines Mediazona over protest report. "
        "A Moscow magistrate's court on Thursday fined the outlet Mediazona 200,000 rubles over "
        "a report on a protest that the court deemed a call to join an unauthorised rally. "
        '"Reporting events is our job, not a call to action," publisher Pyotr Verzilov said.'
    ),
}

REPRINT_LEAD = {
    "en": "({agency}) — {headline}, according to a statement and people familiar with the case.",
    "ru": "({agency}) — {headline}, следует из заявления и слов источников.",
}
FOOTER = {
    "en": "Follow us on Telegram for more news. Reporting by staff; editing by the news desk.",
    "ru": "Подписывайтесь на наш телеграм-канал. Подготовлено редакцией новостей.",
}
RELEASE_FRAME = {
    "en": (
        "{cso} issued a statement on {day}. Here is what it said: ",
        " Our correspondent asked officials for comment but received no reply by the time of "
        "publication. We will update this article as the situation develops, and readers can "
        "send us their own accounts of what happened.",
    ),
    "ru": (
        "{cso} распространили заявление. Приводим его текст: ",
        " Мы обратились за комментарием к официальным лицам, но на момент публикации ответа не "
        "получили. Мы будем обновлять материал по мере развития событий.",
    ),
}
CSO = {
    "ovd-fine": "OVD-Info", "memorial-closure": "Memorial", "sova-raid": "SOVA Center",
    "golos-observers": "Golos", "soldiers-mothers": "The Committee of Soldiers' Mothers",
    "sakharov-center": "The Sakharov Center", "hrw-report": "Human Rights Watch",
    "ovd-ru-block": "В ОВД-Инфо", "memorial-ru-search": "В «Мемориале»",
    "golos-ru-agent": "В «Голосе»", "mediazona-ru-court": "В «Медиазоне»",
    "ovdinfo-ru-report": "В ОВД-Инфо",
}  # fmt: skip


def sentences(text: str) -> list[str]:
    """The sentences of one of the texts above (a stop, a closing quote, then a capital)."""
    parts = re.split(r'(?<=[.!?"»])\s+(?=["«A-ZА-ЯЁ])', text)
    out: list[str] = []
    for part in parts:  # "St. Petersburg" is no end of a sentence
        if out and out[-1].endswith(" St."):
            out[-1] += " " + part
        else:
            out.append(part)
    return out


def doc(headline: str, text: str) -> str:
    return headline + "\n" + text


def reprint(lang: str, headline: str, text: str, agency: str) -> str:
    """An agency reprint: a new lead sentence instead of the first, the last cut (of five or
    more), a footer."""
    lead = REPRINT_LEAD[lang].format(agency=agency, headline=headline)
    said = sentences(text)
    body = " ".join(said[1:-1] if len(said) >= 5 else said[1:])
    assert len(body) > 2 * len(text) // 5, headline
    return doc(headline.upper() if lang == "en" else headline + " — " + agency, lead + " "
               + body + " " + FOOTER[lang])  # fmt: skip


def release(key: str, lang: str, text: str) -> tuple[str, str]:
    """The CSO's statement (three sentences of A) and an article quoting it in its frame."""
    said = " ".join(sentences(text)[:3])
    before, after = RELEASE_FRAME[lang]
    statement = doc(CSO[key], said)
    article = doc("Statement" if lang == "en" else "Заявление",
                  before.format(cso=CSO[key], day="Tuesday") + said + after)  # fmt: skip
    return statement, article


def pairs() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []

    def add(kind: str, lang: str, same: bool, key: str, a: str, b: str) -> None:
        out.append({"id": f"{kind}:{key}:{len(out)}", "kind": kind, "lang": lang,
                    "same": same, "a": a, "b": b})  # fmt: skip

    texts: dict[str, dict[str, str]] = {}
    for key, (lang, ha, ta, hb, tb, hr, tr) in EVENTS.items():
        agency = "AP" if lang == "en" else "Интерфакс"
        st, art = release(key, lang, ta)
        texts[key] = {
            "a": doc(ha, ta), "b": doc(hb, tb), "rewrite": doc(hr, tr),
            "reprint": reprint(lang, ha, ta, agency), "reprint_b": reprint(lang, hb, tb, agency),
            "statement": st, "quoted": art,
        }  # fmt: skip
        t = texts[key]
        add("rewrite", lang, True, key, t["a"], t["rewrite"])
        add("reprint", lang, True, key, t["a"], t["reprint"])
        add("reprint", lang, True, key, t["rewrite"], t["reprint"])
        add("reprint", lang, True, key, t["b"], t["reprint_b"])
        add("release", lang, True, key, t["statement"], t["quoted"])
        add("release", lang, True, key, t["quoted"], t["reprint"])
        if key in TRANSLATED:
            add("translated", "en-ru", True, key, t["a"], TRANSLATED[key])
        add("same-event", lang, False, key, t["a"], t["b"])
        add("same-event", lang, False, key, t["rewrite"], t["b"])
        add("same-event", lang, False, key, t["reprint"], t["reprint_b"])
        add("same-event", lang, False, key, t["quoted"], t["b"])
        add("same-event", lang, False, key, t["statement"], t["reprint_b"])
    keys = list(EVENTS)
    for x, y in itertools.combinations(keys, 2):
        if EVENTS[x][0] == EVENTS[y][0] and (keys.index(y) - keys.index(x)) in (1, 2, 3):
            add("other", EVENTS[x][0], False, f"{x}+{y}", texts[x]["a"], texts[y]["rewrite"])
            add("other", EVENTS[x][0], False, f"{x}+{y}", texts[x]["b"], texts[y]["b"])
    return out


def main() -> None:
    path = Path(__file__).with_name("stories_pairs.jsonl")
    with path.open("w", encoding="utf-8") as f:
        for pair in pairs():
            f.write(json.dumps(pair, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
