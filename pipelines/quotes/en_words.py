"""Word lists for the English quote rules (speech verbs, roles, names, organisations)."""

from __future__ import annotations

import re

from pipelines.quotes.text import words

_SPEECH = words(
    """say said says saying tell told tells add added adds write wrote writes written ask asked
    asks explain explained explains note noted notes stress stressed stresses insist insisted
    insists recall recalled recalls continue continued continues warn warned warns argue
    argued argues claim claimed claims declare declared declares announce announced announces
    answer answered answers reply replied replies respond responded responds comment commented
    comments remark
    remarked conclude concluded admit admitted admits acknowledge acknowledged complain
    complained complains emphasise emphasised emphasize emphasized post posted posts tweet
    tweeted tweets state stated states maintain maintained alleged observed testified shout
    shouted recount recounted quoted read reads urged demanded vowed promised pledged
    predicted suggested agreed confirmed denied cried whispered sighed joked wondered explains
    told"""
)
_JUDGING = words(
    """called calls described describes dubbed accused accuses denounced condemned criticised
    criticized dismissed slammed blasted labelled labeled branded praised welcomed
    characterised characterized termed compared likened hailed decried lamented deplored
    believes thinks hopes believe think hope referred refers"""
)
PRONOUNS = {"he": "m", "she": "f", "they": "p", "him": "m", "her": "f"}
ROLE_WORDS = words(
    """lawyer attorney defender founder co-founder cofounder director head chairman chairwoman
    chair chairperson leader coordinator editor editor-in-chief spokesman spokeswoman
    spokesperson activist journalist researcher analyst historian mother father wife husband
    son daughter brother sister colleague president member manager expert sociologist deputy
    ombudsman commissioner judge prosecutor investigator defendant blogger artist pastor
    priest politician campaigner volunteer friend partner chief secretary representative
    official source relative neighbour neighbor witness correspondent reporter author scholar
    professor teacher doctor student organiser organizer advocate aide ally adviser advisor"""
)
GROUP_WORDS = words(
    """group organisation organization ngo centre center project movement network charity
    foundation monitor initiative union association society committee outlet newspaper
    publication website site broadcaster channel paper"""
)
_HEADS_STATEMENT = {"statement", "post", "letter", "message", "release", "appeal", "report"}
_PREPS = words(
    """in on at after before during speaking asked when while as since for from with by under of
    to into about over through outside inside near against despite following amid"""
)
_STRIP_LEAD = words("""and but also later then now however meanwhile so""")
_STRIP_TAIL = words("""also later then earlier previously again has had have was is were once""")
_NON_NAME = words(
    """the a an this that these those his her its their our my your he she they it i we you mr
    mrs ms dr but and or so yet if when while as in on at after before during since for from
    with by of to however meanwhile asked speaking according police st prosecutors investigators
    officials authorities activists lawyers relatives witnesses experts analysts critics
    observers residents officers judge court there here what
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december"""
)
_HONORIFIC = {"mr", "mrs", "ms", "dr", "judge", "prof", "professor"}
ORG_WORDS = words(
    """info memorial watch international center centre committee foundation fund group network
    union association society movement project alliance council court ministry service office
    agency department kremlin duma parliament government police prosecutor's party commission
    bureau directorate guard church bank club company media times news radio tv svoboda meduza
    mediazona university institute rights human reporters amnesty"""
)
FEMALE = words(
    """anna maria mariya yelena elena olga natalia natalya tatiana tatyana svetlana irina
    yekaterina ekaterina yulia yuliya julia anastasia darya daria ksenia kseniya lyudmila
    lyubov galina marina alexandra aleksandra alla valentina vera nadezhda nina oksana polina
    sofia sofya viktoria victoria zoya zhanna inna larisa lilia margarita yevgenia evgenia
    veronika alyona alena maryna mary sarah rachel jane emma laura rebecca elizabeth catherine
    kate sasha lyudmila zarema zemfira aisha leila liliya ulyana valeria"""
)
MALE = words(
    """ivan alexei alexey aleksei aleksey alexander aleksandr alexandr sergei sergey dmitry
    dmitri dmitriy vladimir mikhail nikolai andrei andrey pavel oleg igor yury yuri boris lev
    grigory grigoriy leonid viktor vyacheslav konstantin maxim maksim roman anton artyom artem
    denis yevgeny evgeny kirill ilya nikita stanislav vadim valery vasily fyodor gennady
    georgy timur ruslan ramzan ales anatoly arseny danila yegor egor semyon stepan yaroslav
    yan ian oyub mark john david michael peter paul james robert thomas richard daniel matthew
    andrew ales valentin ilia rustam magomed akhmed zelimkhan svyatoslav gleb matvei"""
)
_F_SURNAME = re.compile(r"(?:ova|eva|yova|ina|yna|skaya|tskaya|aya)$")
_M_SURNAME = re.compile(r"(?:ov|ev|yov|in|yn|sky|skiy|tsky)$")
STATE_WORDS = words(
    """court ministry kremlin duma parliament government police prosecutor prosecutor's
    prosecutors service fsb mvd roskomnadzor times news radio tv agency interfax tass reuters
    afp rfe rl"""
)


def role_words(tokens: list[str]) -> set[str]:
    """Role nouns among lower-cased tokens; ``co-chair`` also counts as ``chair``."""
    found = {w for w in tokens if w in ROLE_WORDS or w.removeprefix("co-") in ROLE_WORDS}
    return found | {w.removeprefix("co-") for w in found}


def gender_of(name: str) -> str | None:
    """ "f"/"m" from a known first name, a first name's ending (-a, -ya) or a surname's ending."""
    parts = name.lower().split()
    if parts and parts[0] in FEMALE:
        return "f"
    if parts and parts[0] in MALE:
        return "m"
    if len(parts) >= 2 and parts[0].endswith("a"):
        return "f"
    if parts and _F_SURNAME.search(parts[-1]):
        return "f"
    if parts and _M_SURNAME.search(parts[-1]):
        return "m"
    return None


STATE_HEADS = words("""ministry service agency committee office department commission""")
# speech words that are also nouns: verbs only when no determiner stands just before them
NOUN_LIKE = words("""post posts note notes comment comments reply replies claim claims tweet
    tweets states remark""")
DETERMINERS = words("""a an the his her its their this that in on""")
RUN_PREPS = words("""of for at from with in on to by into""")
_PASSIVE = words("""was were been be is are being""")


def is_verb_at(toks: list, k: int, verbs: frozenset[str]) -> bool:
    """Is token ``k`` one of ``verbs`` used as an active verb (not ``was told``, ``a post``)?"""
    t = toks[k]
    if t.low not in verbs or (k and toks[k - 1].low in _PASSIVE):
        return False
    return not (t.low in NOUN_LIKE and any(x.low in DETERMINERS for x in toks[max(0, k - 2) : k]))
