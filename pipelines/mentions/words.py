"""Word lists for the proper-name evidence rules (``pipelines.mentions.evidence``).

Lower-case keys; Russian entries are lemmas (the rules compare a word's lemmas with them).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CUES = frozenset(
    _words(
        """group groups ngo ngos organisation organization organisations organizations rights
    movement society centre center foundation charity watchdog project initiative network
    monitor monitors activists activist defenders defender founder cofounder co chair chairman
    chairwoman director members member liquidation liquidated liquidate agent agents undesirable
    pollster nonprofit non profit lawyers lawyer volunteers head chief spokesman spokeswoman
    spokesperson investigator investigators researcher researchers expert experts analyst
    coordinator staff employee employees poll polls survey surveys sociologist sociologists
    центр движение группа организация правозащитный правозащитник нко общество фонд проект
    сообщество объединение ассоциация союз сеть иноагент агент нежелательный ликвидация
    ликвидировать сооснователь основатель руководитель директор председатель сопредседатель
    сотрудник член волонтер активист юрист адвокат социолог
    цэнтр рух група арганізацыя праваабаронца праваабарончы фонд
    праваабаронцы актывіст актывісты супрацоўнік супрацоўнікі юрыст юрысты валанцер валанцеры
    назіральнік назіральнікі кіраўнік заснавальнік дырэктар сустаршыня эксперт эксперты"""
    )
)
SPEECH = _words(
    """said says announced reported published documented condemned urged warned appealed
    estimated counted recorded added told stated confirmed denied called demanded noted wrote
    found filed listed recognized recognised designated
    сообщить сообщать заявить заявлять опубликовать призвать подсчитать отметить сказать
    рассказать обжаловать потребовать осудить зафиксировать насчитать признать выяснить
    направить подать"""
)
KINDS = _words(
    """book novel documentary play exhibition poem painting film movie song album series show
    hotel restaurant cafe mall arena stadium club brand magazine festival company bank ship
    satellite river village venue chain bakery shop store supermarket firm retailer resort"""
)
NEG_BEFORE = KINDS | frozenset(
    _words(
        """show tv song album film movie series hotel restaurant cafe mall arena stadium club brand
    magazine operation festival exercise company bank ship satellite lincoln vietnam war
    шоу телешоу передача программа телепрограмма конкурс фильм сериал песня альбом спектакль
    фестиваль тц трц жк кафе ресторан отель гостиница кинотеатр магазин клуб стадион бренд
    марка компания завод банк корабль спутник операция учение сорт телеканал радио
    торговый развлекательный бизнес shopping школа гимназия лицей университет театр ансамбль
    хор санаторий пансионат турнир чемпионат премия school university theatre theater
    певица певец исполнительница актриса актер рэпер блогер singer actress actor rapper"""
    )
)
NEG_AFTER = frozenset(
    _words(
        """service services ceremony ceremonies plaque plaques day park hall museum site complex
    stone wall garden hospital event events concert lecture prize award tournament cup race
    stadium bridge library church chapel fund hotel restaurant cafe brand mall festival song
    album film river lake street square avenue district region village station brothers
    sisters family shopping business venue shop store chain resort cinema theatre theater"""
    )
)
# another trade before a person's full name or in an apposition after it: a namesake
# ("Хоккеист Олег Орлов", "Lev Gudkov, a chess coach"), not the CSO's person
TRADES = _words(
    """физиолог хоккеист футболист нападающий вратарь биатлонист лыжник фигурист фигуристка
    боксер теннисист шахматист тренер актер актриса певец певица поэт поэтесса писатель
    генерал композитор художник
    physiologist scientist hockey footballer striker goalkeeper skater boxer chess coach actor
    actress singer poet novelist general composer painter"""
)
FOREIGN = frozenset(
    {"un", "оон", "nations", "council", "europe", "european", "европа", "европейский"}
)
# another country's adjective before a name: the body is not the Russian one (Viasna)
COUNTRIES = _words(
    """белорусский украинский казахстанский грузинский армянский азербайджанский молдавский
    киргизский узбекский таджикский литовский латвийский эстонский польский
    belarusian belarus ukrainian kazakh kazakhstani georgian armenian azerbaijani moldovan
    kyrgyz uzbek tajik lithuanian latvian estonian polish"""
)
ARTICLES = frozenset({"a", "an", "the", "one"})
FUNCTION_WORDS = frozenset(
    _words(
        """the a an and or but in on at by for from with of to as both like unlike including says
    said after before while when since if than that this these those its his her their our
    в во на и а но по с со у о об обо за из к ко от для как что это при под над до после же
    или ли не ни его ее их also yet"""
    )
)

# the lemma lists above as bits, for ``Matcher.tags`` (a word's lists in one cached number)
CUE, SPEAKS, KIND_BEFORE, KIND_AFTER, FOREIGN_BODY, COUNTRY, TRADE = (1 << i for i in range(7))
TAGGED: tuple[tuple[int, frozenset[str]], ...] = (
    (CUE, CUES),
    (SPEAKS, SPEECH),
    (KIND_BEFORE, NEG_BEFORE),
    (KIND_AFTER, NEG_AFTER),
    (FOREIGN_BODY, FOREIGN),
    (COUNTRY, COUNTRIES),
    (TRADE, TRADES),
)
