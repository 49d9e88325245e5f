"""Questions about the words around an automaton hit, shared by the evidence rules.

All positions are token indices of one scanned field (``pipelines.mentions.index.Scan``); a
"neighbour" is a token right next to the hit in the same sentence with nothing but spaces or one
hyphen between, a "window" the tokens within a few words in the same sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from pipelines.mentions.index import Candidate, Matcher, Scan
from pipelines.mentions.text import QUOTES, Token
from pipelines.mentions.words import (
    COUNTRY,
    CUE,
    FOREIGN_BODY,
    FUNCTION_WORDS,
    KIND_AFTER,
    KIND_BEFORE,
)

AUTHOR_WORDS = 3  # capitalised words skipped between a kind word and a title (an author's name)
QUALIFIER_CUES = 3  # cue words allowed between a country adjective and a name


@dataclass
class FieldContext:
    """Facts about the text being judged that do not depend on the hit.

    ``tokens``, ``original`` (the field's text) and ``text`` (its folding) are the scan's,
    held here because the rules read them for every hit; the windows around each hit are
    worked out once (``left``, ``right``), since several rules look at them.
    """

    scan: Scan
    tokens: list[Token]
    original: str
    text: str
    _left: dict[int, list[Token]] = field(default_factory=dict)
    _right: dict[int, list[Token]] = field(default_factory=dict)

    @classmethod
    def of(cls, scan: Scan) -> FieldContext:
        return cls(scan, scan.tokens, scan.folded.original, scan.folded.text)

    @cached_property
    def title_case(self) -> bool:
        """A headline in Title Case or all capitals, where a capital is no evidence."""
        if self._mostly_lower():
            return False
        original = self.original
        words = [original[t.start : t.end] for t in self.tokens if t.key.isalpha()]
        if len(words) < 3:
            return False
        content = [w for w in words[1:] if len(w) >= 3 and w.lower() not in FUNCTION_WORDS]
        capped = len([w for w in content if w[0].isupper()])
        if len(content) >= 3 and capped >= 0.8 * len(content):
            return True
        upper = len([w for w in words if len(w) >= 2 and w.isupper()])
        return upper >= 0.8 * len(words)

    def _mostly_lower(self) -> bool:
        """More than a fifth of the tokens are lower-case content words, so the text is neither
        Title Case nor capitals: ``title_case``'s answer for ordinary prose, found early.

        (Title Case lets at most a fifth of the content words start in lower case, capitals
        at most a fifth of the words; both are fewer than the tokens.)"""
        original = self.original
        budget = len(self.tokens)
        lower = 0
        first = True
        for token in self.tokens:
            if not token.key.isalpha():
                continue
            if first:
                first = False  # the first word is not a content word
                continue
            if original[token.start].islower():
                word = original[token.start : token.end]
                if len(word) >= 3 and word.lower() not in FUNCTION_WORDS:
                    lower += 1
                    if 5 * lower > budget:
                        return True
        return False

    def left(self, first: int) -> list[Token]:
        """Up to MAX_BEFORE tokens left of token ``first`` in its sentence, nearest first."""
        found = self._left.get(first)
        if found is None:
            found = self._left[first] = _side(self.tokens, first, -1, MAX_BEFORE)
        return found

    def right(self, last: int) -> list[Token]:
        """Up to MAX_AFTER tokens right of token ``last`` in its sentence."""
        found = self._right.get(last)
        if found is None:
            found = self._right[last] = _side(self.tokens, last, 1, MAX_AFTER)
        return found


MAX_BEFORE, MAX_AFTER = 4, 6  # the widest windows the rules ask for


def _side(tokens: list[Token], at: int, step: int, count: int) -> list[Token]:
    """Tokens from ``at`` (excluded) on in direction ``step``, within the sentence, skipping an
    English possessive's "s"."""
    out: list[Token] = []
    if step < 0:
        i = at
        while len(out) < count and i > 0 and not tokens[i].sentence_start:
            i -= 1
            if tokens[i].key != "s" or "'" not in tokens[i].gap:
                out.append(tokens[i])
    else:
        i = at + 1
        while len(out) < count and i < len(tokens) and not tokens[i].sentence_start:
            if tokens[i].key != "s" or "'" not in tokens[i].gap:
                out.append(tokens[i])
            i += 1
    return out


def neighbour(ctx: FieldContext, index: int, toward: int) -> Token | None:
    """The token at ``index`` if it sits right next to token ``toward`` in the same sentence."""
    tokens = ctx.tokens
    if index < 0 or index >= len(tokens):
        return None
    inner = tokens[max(index, toward)]
    if inner.sentence_start or not inner.joinable or inner.gap.strip(" -"):
        return None
    return tokens[index]


def capitalised(ctx: FieldContext, token: Token) -> bool:
    return ctx.original[token.start].isupper()  # tokens are never empty


def window(
    ctx: FieldContext, cand: Candidate, before: int, after: int
) -> tuple[list[Token], list[Token]]:
    """Up to ``before`` tokens to the left (nearest first) and ``after`` to the right."""
    if before > MAX_BEFORE or after > MAX_AFTER:
        return _side(ctx.tokens, cand.first, -1, before), _side(ctx.tokens, cand.last, 1, after)
    return ctx.left(cand.first)[:before], ctx.right(cand.last)[:after]


def quoted(ctx: FieldContext, cand: Candidate) -> bool:
    text = ctx.text
    start, end = ctx.tokens[cand.first].fstart, ctx.tokens[cand.last].fend
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if after == "'" and text[end + 1 : end + 2].isalpha():
        return False  # Memorial's
    return before in QUOTES and after in QUOTES


def possessive(ctx: FieldContext, cand: Candidate) -> bool:
    text = ctx.text
    end = ctx.tokens[cand.last].fend
    return text[end : end + 2] == "'s" and not text[end + 2 : end + 3].isalpha()


def after_definite_article(ctx: FieldContext, cand: Candidate) -> bool:
    """ "the Agora", "the Sphere": a one-word name used with "the" is a thing, not an NGO."""
    prev = neighbour(ctx, cand.first - 1, cand.first)
    return cand.first == cand.last and prev is not None and prev.key == "the"


def other_kind(matcher: Matcher, ctx: FieldContext, cand: Candidate) -> bool:
    """A word naming another kind of thing: right after the name (Memorial service), within
    two words before it (шоу «Голос», ТЦ «Сфера»), or before a title and its author's name
    (Фильм Григория Александрова «Весна»: up to AUTHOR_WORDS capitalised words between)."""
    tags = matcher.tags
    right = ctx.right(cand.last)
    if right and tags(right[0].key) & KIND_AFTER:
        return True
    authored = True  # every word so far may be part of an author's name
    for skipped, token in enumerate(ctx.left(cand.first)[: AUTHOR_WORDS + 1]):
        if (skipped < 2 or authored) and tags(token.key) & KIND_BEFORE:
            return True
        authored = authored and skipped < AUTHOR_WORDS
        authored = authored and not token.sentence_start and capitalised(ctx, token)
        if skipped >= 1 and not authored:
            return False
    return False


def foreign(matcher: Matcher, ctx: FieldContext, cand: Candidate) -> bool:
    """Another body's name: next to a foreign one (the UN Committee Against Torture, the
    Council of Europe), or qualified by another country (белорусский правозащитный центр
    «Весна»: a country adjective, with up to QUALIFIER_CUES cue words between)."""
    tags = matcher.tags
    right = ctx.right(cand.last)
    if right and tags(right[0].key) & FOREIGN_BODY:
        return True
    for i, token in enumerate(ctx.left(cand.first)[: QUALIFIER_CUES + 1]):
        found = tags(token.key)
        if (i == 0 and found & FOREIGN_BODY) or found & COUNTRY:
            return True
        if not found & CUE:
            return False
    return False


NEGATIVE_REACH = 8  # words either side of a hit where a CSO's negative context word counts


def negative_context(matcher: Matcher, ctx: FieldContext, cand: Candidate) -> bool:
    """A negative context word of the hit's CSO (registry ``negative``) in the same sentence,
    within NEGATIVE_REACH words: "Ivan Pavlov's experiments with dogs" is the physiologist."""
    negatives = matcher.negatives.get(cand.entry.cso)
    if not negatives:
        return False
    tokens = ctx.tokens
    i, stop = cand.first, max(0, cand.first - NEGATIVE_REACH)
    while i > stop and not tokens[i].sentence_start:  # no lists: a plain walk each way
        i -= 1
        if tokens[i].key in negatives:
            return True
    i, stop = cand.last + 1, min(len(tokens), cand.last + 1 + NEGATIVE_REACH)
    while i < stop and not tokens[i].sentence_start:
        if tokens[i].key in negatives:
            return True
        i += 1
    return False


def acronym_in_brand(matcher: Matcher, ctx: FieldContext, cand: Candidate) -> bool:
    """A Latin acronym heading another name: "FBK Grant Thornton" (an audit firm)."""
    token = neighbour(ctx, cand.last + 1, cand.last)
    return (
        token is not None
        and ctx.tokens[cand.first].key.isascii()
        and token.key.isascii()
        and token.key.isalpha()
        and capitalised(ctx, token)
        and token.key not in FUNCTION_WORDS
        and not matcher.tags(token.key) & CUE
        and not ctx.title_case  # last: the dearest question
    )
