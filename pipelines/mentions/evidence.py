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
    foreign_qualifier,
    kind_before_author,
    near,
    neighbour,
    possessive,
    quoted,
    window,
)
from pipelines.mentions.index import Candidate, Matcher
from pipelines.mentions.words import (
    ARTICLES,
    COUNTRIES,
    CUES,
    FOREIGN,
    FUNCTION_WORDS,
    KINDS,
    NEG_AFTER,
    NEG_BEFORE,
    SPEECH,
)

ACCEPT, PENDING, REJECT = "accept", "pending", "reject"
WINDOW = 3
APPOSITION = 6


def judge(matcher: Matcher, ctx: FieldContext, cand: Candidate) -> str:
    entry = cand.entry
    tokens = ctx.scan.tokens
    original = ctx.scan.folded.original
    first = tokens[cand.first]
    surface = original[first.start : tokens[cand.last].end]
    if entry.acronym and not surface.isupper():
        return REJECT
    if entry.via == "person":
        return _judge_person(matcher, ctx, cand, surface)
    if near(matcher, ctx, cand, FOREIGN, FOREIGN) or foreign_qualifier(
        matcher, ctx, cand, COUNTRIES
    ):
        return REJECT  # the UN Committee Against Torture, белорусский центр «Весна»
    if _lowercased_phrase(surface, entry.alias):
        return REJECT  # "the memorial society", "a public verdict"
    if entry.acronym and acronym_in_brand(matcher, ctx, cand):
        return REJECT  # FBK Grant Thornton
    dotted_apart = any(tokens[cand.first + i].gap != "." for i in entry.dots)
    if not (entry.ambiguous or dotted_apart):
        return ACCEPT
    if entry.acronym:
        return PENDING  # КПП: a checkpoint unless the committee is named elsewhere
    is_quoted = quoted(ctx, cand)
    if near(matcher, ctx, cand, NEG_BEFORE, NEG_AFTER, before=2) or kind_before_author(
        matcher, ctx, cand
    ):
        return REJECT
    if not is_quoted:
        if not surface[:1].isupper():
            return REJECT
        if _odd_capitals(surface, entry.alias) or (
            cand.first == cand.last and matcher.adverb(first.key)
        ):
            return REJECT
        if not ctx.title_case and _in_compound(matcher, ctx, cand):
            return REJECT
    if _indefinite(ctx, cand):
        return REJECT  # a Memorial to the fallen
    capital_is_evidence = not (
        first.sentence_start
        or ctx.title_case
        or dotted_apart  # a slogan: «Насилию — нет!»
        or (entry.alias.isascii() and after_definite_article(ctx, cand))  # The Agora in Athens
    )
    if is_quoted or capital_is_evidence:
        return ACCEPT
    following = neighbour(ctx, cand.last + 1, cand.last)
    if following is not None and not capitalised(ctx, following) and matcher.nominal(following.key):
        return REJECT  # Голос избирателя: a common noun with its complement
    if entry.alias.isascii() and (possessive(ctx, cand) or _apposition(ctx, cand)):
        return ACCEPT  # "Memorial's archive", "Memorial, which...": no article, so a name
    if _cue_nearby(matcher, ctx, cand):
        return ACCEPT
    return PENDING


def _judge_person(matcher: Matcher, ctx: FieldContext, cand: Candidate, surface: str) -> str:
    entry = cand.entry
    tokens = ctx.scan.tokens
    if not surface[:1].isupper():
        return REJECT
    if entry.part == "initial":
        original = ctx.scan.folded.original
        initial = original[tokens[cand.first].start : tokens[cand.first].end]
        if len(initial) != 1 or "." not in tokens[cand.first + 1].gap:
            return REJECT
    if entry.part == "surname":
        # "Alexei Orlov" is not Oleg Orlov; the bare surname needs the full name elsewhere
        prev = neighbour(ctx, cand.first - 1, cand.first)
        named = (
            prev is not None
            and capitalised(ctx, prev)
            and prev.key not in FUNCTION_WORDS
            and not matcher.lemmas(prev.key) & CUES  # "Co-Chair Orlov": a role, not a name
        )
        if named and prev is not None and (not prev.sentence_start or matcher.proper(prev.key)):
            return REJECT
        return PENDING
    return ACCEPT


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


def _lowercased_phrase(surface: str, alias: str) -> bool:
    """A Latin alias of several capitalised words found all in lower case."""
    words = alias.split()
    return (
        len(words) > 1
        and alias.isascii()
        and all(w.isalpha() for w in words)
        and any(ch.isupper() for ch in alias)
        and surface.islower()
    )


def _apposition(ctx: FieldContext, cand: Candidate) -> bool:
    """A comma or bracket right after the name opening a clause ("which..."), not a noun
    phrase ("Golos, a small bakery chain": that one counts only with a cue word), and no other
    kind of thing named in it."""
    text = ctx.scan.folded.text
    rest = text[ctx.scan.tokens[cand.last].fend :].lstrip(" ")
    if rest[:1] not in (",", "("):
        return False
    _, right = window(ctx, cand, 0, APPOSITION)
    if right and right[0].key in ARTICLES:
        return False
    return not any(t.key in KINDS for t in right)


def _odd_capitals(surface: str, alias: str) -> bool:
    word = surface.split()[0] if surface.split() else surface
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) < 2 or word.isupper():
        return False
    alias_word = alias.split()[0]
    inner = any(ch.isupper() for ch in letters[1:])
    return inner and not any(ch.isupper() for ch in alias_word[1:])


def _in_compound(matcher: Matcher, ctx: FieldContext, cand: Candidate) -> bool:
    for index, toward in ((cand.first - 1, cand.first), (cand.last + 1, cand.last)):
        token = neighbour(ctx, index, toward)
        if token is None or not capitalised(ctx, token) or not token.key.isalpha():
            continue
        if token.key in FUNCTION_WORDS or matcher.lemmas(token.key) & CUES:
            continue
        if index > cand.last and matcher.first_name(token.key):
            continue  # Мемориала Ян Рачинский: a person's name follows
        if token.sentence_start and not matcher.proper(token.key):
            continue  # Эксперты Голоса: the capital only opens the sentence
        if index < cand.first and token.key.endswith(("ian", "ese")):
            continue  # Russian Memorial, not Lincoln Memorial
        return True
    return _named_complement(ctx, cand)


def _named_complement(ctx: FieldContext, cand: Candidate) -> bool:
    """ "Memorial to the Victims of Communism": the alias heads a longer English name."""
    tokens = ctx.scan.tokens
    link = neighbour(ctx, cand.last + 1, cand.last)
    if link is None or link.key not in ("of", "to", "for"):
        return False
    i = cand.last + 2
    if i < len(tokens) and tokens[i].key == "the":
        i += 1
    return i < len(tokens) and neighbour(ctx, i, i - 1) is not None and capitalised(ctx, tokens[i])


def _cue_nearby(matcher: Matcher, ctx: FieldContext, cand: Candidate) -> bool:
    left, right = window(ctx, cand, WINDOW, APPOSITION)
    if "," not in (right[0].gap if right else ""):
        right = right[:WINDOW]  # "Vesna, the pro-democracy youth movement": a whole apposition
    else:
        right = next((right[:i] for i, t in enumerate(right) if i and "," in t.gap), right)
    if any(matcher.lemmas(t.key) & CUES for t in left + right):
        return True
    return any(matcher.lemmas(t.key) & SPEECH for t in right[:2])
