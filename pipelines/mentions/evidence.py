"""When an automaton hit counts as a mention: the proper-name evidence rules.

``judge`` returns ACCEPT, PENDING (accept only if the article mentions the same CSO, or for a
bare surname the same person, unambiguously elsewhere) or REJECT.

An ambiguous alias (Memorial, Голос, Весна...) needs, unless it stands in quotes:
- a capital first letter (``голос избирателя`` never counts) and no odd inner capitals
  (``ГУЛАГу``); no adverb reading (``Весной``);
- not to be part of another proper name: no capitalised non-cue word right before or after
  (``Lincoln Memorial``, ``Memorial Day``, ``Голос Америки``, ``Сергей Голос``, ``Весна Пусич``);
- not after a word naming another kind of thing (``шоу``, ``ТЦ``, ``hotel``) or before one
  (``Memorial service``);
and then evidence: quotes, a capital not at a sentence start (in a text that is not Title Case
or all capitals), a cue word (group, NGO, rights, центр, движение...) within three words in
the same sentence or in an apposition after a comma ("Vesna, the pro-democracy youth
movement"), a speech verb right after it ("Memorial said", «Голос заявил»), or an English
possessive ("Memorial's archive"). Without evidence it is PENDING, and REJECT when a lower-case
noun complement follows (``Голос избирателя``).

Not evidence on its own: the capital of a one-word Latin name after "the" ("The Agora in
Athens"), of a dotted name written apart ("Насилию — нет!"), or of an ambiguous acronym (КПП is
also a checkpoint: it counts only with the same CSO named elsewhere in the article). An
apposition that is a noun phrase ("Golos, a small bakery chain") is evidence only with a cue.
Also rejected: a title after a kind word and its author (Фильм Григория Александрова «Весна»).

Every alias: a Latin multi-word alias found all in lower case is rejected ("the memorial
society"), and so is a name next to UN / ООН / Council of Europe (their Committee Against
Torture is another body) or qualified by another country (белорусский правозащитный центр
«Весна» is Viasna), and a Latin acronym heading another name ("FBK Grant Thornton"). A dotted
name written apart ("Насилию — нет") counts as ambiguous.
"""

from __future__ import annotations

from pipelines.mentions.context import (
    FieldContext,
    acronym_in_brand,
    after_definite_article,
    capitalised,
    foreign,
    negative_context,
    neighbour,
    other_kind,
    possessive,
    quoted,
    window,
)
from pipelines.mentions.index import Candidate, Entry, Matcher
from pipelines.mentions.words import (
    ARTICLES,
    CUE,
    FUNCTION_WORDS,
    KINDS,
    SPEAKS,
    TRADE,
)

ACCEPT, PENDING, REJECT = "accept", "pending", "reject"
# (verdict, evidence): what made a hit count ("alias": an unambiguous alias; "quoted", "capital",
# "cue", "name-syntax" for an ambiguous one; "role" for a key person's name with a role or the
# CSO's kind of work nearby, "person", "initial" for the name alone), or
# for PENDING what it waits for ("elsewhere": the CSO named unambiguously in the article;
# "surname": the full name in the article)
Verdict = tuple[str, str]
WINDOW = 3
APPOSITION = 6


def judge(matcher: Matcher, ctx: FieldContext, cand: Candidate) -> Verdict:
    entry = cand.entry
    tokens = ctx.tokens
    surface = ctx.original[tokens[cand.first].start : tokens[cand.last].end]
    if entry.acronym and not surface.isupper():
        return REJECT, ""
    if (
        entry.cso in matcher.negatives  # few CSOs list negative words: the cheap test first
        and (entry.via == "person" or entry.ambiguous)
        and negative_context(matcher, ctx, cand)
    ):
        return REJECT, ""  # a word the registry gives as this CSO's namesake's (physiologist)
    if entry.via == "person":
        return _judge_person(matcher, ctx, cand, surface)
    dotted_apart = bool(entry.dots) and any(tokens[cand.first + i].gap != "." for i in entry.dots)
    if entry.acronym or not (entry.ambiguous or dotted_apart):
        if (
            foreign(matcher, ctx, cand)
            or (entry.titled_phrase and surface.islower())
            or (entry.acronym and acronym_in_brand(matcher, ctx, cand))
        ):
            return REJECT, ""
        if not (entry.ambiguous or dotted_apart):
            return ACCEPT, "alias"
        return PENDING, "elsewhere"  # КПП: a checkpoint unless the committee is named elsewhere
    return _judge_ambiguous(matcher, ctx, cand, surface, dotted_apart)


def _judge_ambiguous(
    matcher: Matcher, ctx: FieldContext, cand: Candidate, surface: str, dotted_apart: bool
) -> Verdict:
    """An ambiguous name (or a dotted one written apart): the rejections, then evidence.

    The rejections are pure and all say REJECT, so they are tried cheapest first.
    """
    entry = cand.entry
    first = ctx.tokens[cand.first]
    is_quoted = quoted(ctx, cand)
    if not is_quoted and (
        not surface[:1].isupper()
        or _odd_capitals(surface, entry)
        or (cand.first == cand.last and matcher.adverb(first.key))
    ):
        return REJECT, ""
    if entry.titled_phrase and surface.islower():
        return REJECT, ""  # "the memorial society", "a public verdict"
    if foreign(matcher, ctx, cand):
        return REJECT, ""
    if other_kind(matcher, ctx, cand):
        return REJECT, ""  # Memorial service, шоу «Голос», Фильм Григория Александрова «Весна»
    if not is_quoted and _in_compound(matcher, ctx, cand) and not ctx.title_case:
        return REJECT, ""
    if _indefinite(ctx, cand):
        return REJECT, ""  # a Memorial to the fallen
    capital_is_evidence = not (
        first.sentence_start
        or dotted_apart  # a slogan: «Насилию — нет!»
        or (entry.latin and after_definite_article(ctx, cand))  # The Agora in Athens
        or ctx.title_case  # last: the dearest question
    )
    if is_quoted or capital_is_evidence:
        if is_quoted:
            return ACCEPT, "quoted"
        # a capital alone is weaker evidence than a cue word: say which one there is
        return ACCEPT, "cue" if _cue_nearby(matcher, ctx, cand) else "capital"
    following = neighbour(ctx, cand.last + 1, cand.last)
    if following is not None and not capitalised(ctx, following) and matcher.nominal(following.key):
        return REJECT, ""  # Голос избирателя: a common noun with its complement
    if entry.latin and (possessive(ctx, cand) or _apposition(ctx, cand)):
        # "Memorial's archive", "Memorial, which...": no article, so a name
        return ACCEPT, "name-syntax"
    if _cue_nearby(matcher, ctx, cand):
        return ACCEPT, "cue"
    return PENDING, "elsewhere"


def _judge_person(matcher: Matcher, ctx: FieldContext, cand: Candidate, surface: str) -> Verdict:
    entry = cand.entry
    tokens = ctx.tokens
    if not surface[:1].isupper():
        return REJECT, ""
    if _other_trade(matcher, ctx, cand):
        return REJECT, ""  # Хоккеист Олег Орлов, "Lev Gudkov, a chess coach": a namesake
    if entry.part == "initial":
        original = ctx.original
        initial = original[tokens[cand.first].start : tokens[cand.first].end]
        if len(initial) != 1 or "." not in tokens[cand.first + 1].gap:
            return REJECT, ""
    if entry.part == "surname":
        # "Alexei Orlov" is not Oleg Orlov; the bare surname needs the full name elsewhere
        prev = neighbour(ctx, cand.first - 1, cand.first)
        named = (
            prev is not None
            and capitalised(ctx, prev)
            and prev.key not in FUNCTION_WORDS
            and not matcher.tags(prev.key) & CUE  # "Co-Chair Orlov": a role, not a name
        )
        if named and prev is not None and (not prev.sentence_start or matcher.proper(prev.key)):
            return REJECT, ""
        return PENDING, "surname"
    if _cue_nearby(matcher, ctx, cand, speaks=False):
        return ACCEPT, "role"  # "Memorial's co-chair Oleg Orlov", «правозащитник Олег Орлов»
    return ACCEPT, "initial" if entry.part == "initial" else "person"


def _other_trade(matcher: Matcher, ctx: FieldContext, cand: Candidate) -> bool:
    """A trade that is not the CSO's work right before the name (two words) or opening an
    apposition after it (four words): "Физиолог Иван Павлов", "Lev Gudkov, a chess coach"."""
    tags = matcher.tags
    tokens = ctx.tokens
    i = cand.first
    while i > 0 and i > cand.first - 2 and not tokens[i].sentence_start:
        i -= 1
        if tags(tokens[i].key) & TRADE:
            return True
    end = tokens[cand.last].fend
    if ctx.text[end : end + 2].lstrip(" ")[:1] != ",":
        return False
    return any(tags(t.key) & TRADE for t in ctx.right(cand.last)[:4])


def _indefinite(ctx: FieldContext, cand: Candidate) -> bool:
    """ "a Memorial to the fallen"; not "a Levada poll", where the article is the noun's."""
    prev = neighbour(ctx, cand.first - 1, cand.first)
    if prev is None or prev.key not in ("a", "an"):
        return False
    head = neighbour(ctx, cand.last + 1, cand.last)
    return not (
        head is not None
        and head.key.isalpha()
        and not capitalised(ctx, head)
        and head.key not in FUNCTION_WORDS
    )


def _apposition(ctx: FieldContext, cand: Candidate) -> bool:
    """A comma or bracket right after the name opening a clause ("which..."), not a noun
    phrase ("Golos, a small bakery chain": that one counts only with a cue word), and no other
    kind of thing named in it."""
    text = ctx.text
    rest = text[ctx.tokens[cand.last].fend :].lstrip(" ")
    if rest[:1] not in (",", "("):
        return False
    _, right = window(ctx, cand, 0, APPOSITION)
    if right and right[0].key in ARTICLES:
        return False
    return not any(t.key in KINDS for t in right)


def _odd_capitals(surface: str, entry: Entry) -> bool:
    """Inner capitals the alias's first word does not have (ГУЛАГу for Гулагу)."""
    if entry.inner_capital:
        return False
    head = surface.split(maxsplit=1)
    word = head[0] if head else surface
    if word[1:].islower():
        return False  # no capital after the first character
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) < 2 or word.isupper():
        return False
    return any(ch.isupper() for ch in letters[1:])


def _in_compound(matcher: Matcher, ctx: FieldContext, cand: Candidate) -> bool:
    for index, toward in ((cand.first - 1, cand.first), (cand.last + 1, cand.last)):
        token = neighbour(ctx, index, toward)
        if token is None or not capitalised(ctx, token) or not token.key.isalpha():
            continue
        if token.key in FUNCTION_WORDS or matcher.tags(token.key) & CUE:
            continue
        if index > cand.last and matcher.first_name(token.key) and _surname_after(ctx, index):
            continue  # Мемориала Ян Рачинский: a person's name follows (not Мемориал Таля)
        if token.sentence_start and not matcher.proper(token.key):
            continue  # Эксперты Голоса: the capital only opens the sentence
        if index < cand.first and token.key.endswith(("ian", "ese")):
            continue  # Russian Memorial, not Lincoln Memorial
        return True
    return _named_complement(ctx, cand)


def _surname_after(ctx: FieldContext, index: int) -> bool:
    token = neighbour(ctx, index + 1, index)
    return token is not None and capitalised(ctx, token)


def _named_complement(ctx: FieldContext, cand: Candidate) -> bool:
    """ "Memorial to the Victims of Communism": the alias heads a longer English name."""
    tokens = ctx.tokens
    link = neighbour(ctx, cand.last + 1, cand.last)
    if link is None or link.key not in ("of", "to", "for"):
        return False
    i = cand.last + 2
    if i < len(tokens) and tokens[i].key == "the":
        i += 1
    return i < len(tokens) and neighbour(ctx, i, i - 1) is not None and capitalised(ctx, tokens[i])


def _cue_nearby(
    matcher: Matcher, ctx: FieldContext, cand: Candidate, *, speaks: bool = True
) -> bool:
    """A cue word (a role, the CSO's kind of work) within the window of the hit, or with
    ``speaks`` a verb of saying right after it ("Memorial said")."""
    left, right = window(ctx, cand, WINDOW, APPOSITION)
    if "," not in (right[0].gap if right else ""):
        right = right[:WINDOW]  # "Vesna, the pro-democracy youth movement": a whole apposition
    else:
        right = next((right[:i] for i, t in enumerate(right) if i and "," in t.gap), right)
    tags = matcher.tags
    if any(tags(t.key) & CUE for t in left + right):
        return True
    return speaks and any(tags(t.key) & SPEAKS for t in right[:2])
