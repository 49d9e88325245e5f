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

Every alias: a Latin multi-word alias found all in lower case is rejected ("the memorial
society"), and so is a name next to UN / ООН / Council of Europe (their Committee Against
Torture is another body). A dotted name written apart ("Насилию — нет") counts as ambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.mentions_index import Candidate, Matcher, Scan
from pipelines.mentions_text import QUOTES, Token
from pipelines.mentions_words import (
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


@dataclass
class FieldContext:
    """Facts about the text being judged that do not depend on the hit."""

    scan: Scan
    title_case: bool

    @classmethod
    def of(cls, scan: Scan) -> FieldContext:
        original = scan.folded.original
        words = [original[t.start : t.end] for t in scan.tokens if t.key.isalpha()]
        content = [w for w in words[1:] if len(w) >= 3 and w.lower() not in FUNCTION_WORDS]
        capped = sum(1 for w in content if w[0].isupper())
        upper = sum(1 for w in words if len(w) >= 2 and w.isupper())
        title = len(content) >= 3 and capped >= 0.8 * len(content)
        caps = len(words) >= 3 and upper >= 0.8 * len(words)
        return cls(scan, title or caps)


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
    if _near(matcher, ctx, cand, FOREIGN, FOREIGN):
        return REJECT  # the UN Committee Against Torture, Комитет против пыток ООН
    if _lowercased_phrase(surface, entry.alias):
        return REJECT  # "the memorial society", "a public verdict"
    dotted_apart = any(tokens[cand.first + i].gap != "." for i in entry.dots)
    if not (entry.ambiguous or dotted_apart):
        return ACCEPT
    quoted = _quoted(ctx, cand)
    if _near(matcher, ctx, cand, NEG_BEFORE, NEG_AFTER, before=2):
        return REJECT
    if not quoted:
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
    if quoted or (not first.sentence_start and not ctx.title_case):
        return ACCEPT
    following = _neighbour(ctx, cand.last + 1, cand.last)
    if (
        following is not None
        and not _capitalised(ctx, following)
        and matcher.nominal(following.key)
    ):
        return REJECT  # Голос избирателя: a common noun with its complement
    if entry.alias.isascii() and (_possessive(ctx, cand) or _apposition(ctx, cand)):
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
        prev = _neighbour(ctx, cand.first - 1, cand.first)
        named = prev is not None and _capitalised(ctx, prev) and prev.key not in FUNCTION_WORDS
        if named and (not prev.sentence_start or matcher.proper(prev.key)):
            return REJECT
        return PENDING
    return ACCEPT


def _indefinite(ctx: FieldContext, cand: Candidate) -> bool:
    prev = _neighbour(ctx, cand.first - 1, cand.first)
    return prev is not None and prev.key in ("a", "an")


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


def _possessive(ctx: FieldContext, cand: Candidate) -> bool:
    text = ctx.scan.folded.text
    end = ctx.scan.tokens[cand.last].fend
    return text[end : end + 2] == "'s" and not text[end + 2 : end + 3].isalpha()


def _apposition(ctx: FieldContext, cand: Candidate) -> bool:
    """A comma or bracket right after the name, and no other kind of thing named in it."""
    text = ctx.scan.folded.text
    rest = text[ctx.scan.tokens[cand.last].fend :].lstrip(" ")
    if rest[:1] not in (",", "("):
        return False
    _, right = _window(ctx, cand, 0, APPOSITION)
    return not any(t.key in KINDS for t in right)


def _quoted(ctx: FieldContext, cand: Candidate) -> bool:
    text = ctx.scan.folded.text
    start, end = ctx.scan.tokens[cand.first].fstart, ctx.scan.tokens[cand.last].fend
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if after == "'" and text[end + 1 : end + 2].isalpha():
        return False  # Memorial's
    return before in QUOTES and after in QUOTES


def _odd_capitals(surface: str, alias: str) -> bool:
    word = surface.split()[0] if surface.split() else surface
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) < 2 or word.isupper():
        return False
    alias_word = alias.split()[0]
    inner = any(ch.isupper() for ch in letters[1:])
    return inner and not any(ch.isupper() for ch in alias_word[1:])


def _neighbour(ctx: FieldContext, index: int, toward: int) -> Token | None:
    """The token at ``index`` if it sits right next to token ``toward`` in the same sentence."""
    tokens = ctx.scan.tokens
    if index < 0 or index >= len(tokens):
        return None
    inner = tokens[max(index, toward)]
    if inner.sentence_start or not inner.joinable or inner.gap.strip(" -"):
        return None
    return tokens[index]


def _capitalised(ctx: FieldContext, token: Token) -> bool:
    return ctx.scan.folded.original[token.start : token.end][:1].isupper()


def _in_compound(matcher: Matcher, ctx: FieldContext, cand: Candidate) -> bool:
    for index, toward in ((cand.first - 1, cand.first), (cand.last + 1, cand.last)):
        token = _neighbour(ctx, index, toward)
        if token is None or not _capitalised(ctx, token) or not token.key.isalpha():
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
    link = _neighbour(ctx, cand.last + 1, cand.last)
    if link is None or link.key not in ("of", "to", "for"):
        return False
    i = cand.last + 2
    if i < len(tokens) and tokens[i].key == "the":
        i += 1
    return (
        i < len(tokens) and _neighbour(ctx, i, i - 1) is not None and _capitalised(ctx, tokens[i])
    )


def _window(
    ctx: FieldContext, cand: Candidate, before: int, after: int
) -> tuple[list[Token], list[Token]]:
    tokens = ctx.scan.tokens
    left: list[Token] = []
    i = cand.first
    while len(left) < before and i > 0 and not tokens[i].sentence_start:
        i -= 1
        if tokens[i].key != "s" or "'" not in tokens[i].gap:
            left.append(tokens[i])
    right: list[Token] = []
    i = cand.last + 1
    while len(right) < after and i < len(tokens) and not tokens[i].sentence_start:
        if tokens[i].key != "s" or "'" not in tokens[i].gap:
            right.append(tokens[i])
        i += 1
    return left, right


def _near(
    matcher: Matcher,
    ctx: FieldContext,
    cand: Candidate,
    before_words: frozenset[str],
    after_words: frozenset[str],
    before: int = 1,
) -> bool:
    left, right = _window(ctx, cand, before, 1)
    return any(matcher.lemmas(t.key) & before_words for t in left) or any(
        matcher.lemmas(t.key) & after_words for t in right
    )


def _cue_nearby(matcher: Matcher, ctx: FieldContext, cand: Candidate) -> bool:
    left, right = _window(ctx, cand, WINDOW, APPOSITION)
    if "," not in (right[0].gap if right else ""):
        right = right[:WINDOW]  # "Vesna, the pro-democracy youth movement": a whole apposition
    else:
        right = next((right[:i] for i, t in enumerate(right) if i and "," in t.gap), right)
    if any(matcher.lemmas(t.key) & CUES for t in left + right):
        return True
    return any(matcher.lemmas(t.key) & SPEECH for t in right[:2])
