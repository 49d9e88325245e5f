"""Questions about the words around an automaton hit, shared by the evidence rules.

All positions are token indices of one scanned field (``pipelines.mentions.index.Scan``); a
"neighbour" is a token right next to the hit in the same sentence with nothing but spaces or one
hyphen between, a "window" the tokens within a few words in the same sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.mentions.index import Candidate, Matcher, Scan
from pipelines.mentions.text import QUOTES, Token
from pipelines.mentions.words import CUES, FUNCTION_WORDS, NEG_BEFORE

AUTHOR_WORDS = 3  # capitalised words skipped between a kind word and a title (an author's name)
QUALIFIER_CUES = 3  # cue words allowed between a country adjective and a name


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


def neighbour(ctx: FieldContext, index: int, toward: int) -> Token | None:
    """The token at ``index`` if it sits right next to token ``toward`` in the same sentence."""
    tokens = ctx.scan.tokens
    if index < 0 or index >= len(tokens):
        return None
    inner = tokens[max(index, toward)]
    if inner.sentence_start or not inner.joinable or inner.gap.strip(" -"):
        return None
    return tokens[index]


def capitalised(ctx: FieldContext, token: Token) -> bool:
    return ctx.scan.folded.original[token.start : token.end][:1].isupper()


def window(
    ctx: FieldContext, cand: Candidate, before: int, after: int
) -> tuple[list[Token], list[Token]]:
    """Up to ``before`` tokens to the left (nearest first) and ``after`` to the right."""
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


def near(
    matcher: Matcher,
    ctx: FieldContext,
    cand: Candidate,
    before_words: frozenset[str],
    after_words: frozenset[str],
    before: int = 1,
) -> bool:
    left, right = window(ctx, cand, before, 1)
    return any(matcher.lemmas(t.key) & before_words for t in left) or any(
        matcher.lemmas(t.key) & after_words for t in right
    )


def quoted(ctx: FieldContext, cand: Candidate) -> bool:
    text = ctx.scan.folded.text
    start, end = ctx.scan.tokens[cand.first].fstart, ctx.scan.tokens[cand.last].fend
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if after == "'" and text[end + 1 : end + 2].isalpha():
        return False  # Memorial's
    return before in QUOTES and after in QUOTES


def possessive(ctx: FieldContext, cand: Candidate) -> bool:
    text = ctx.scan.folded.text
    end = ctx.scan.tokens[cand.last].fend
    return text[end : end + 2] == "'s" and not text[end + 2 : end + 3].isalpha()


def after_definite_article(ctx: FieldContext, cand: Candidate) -> bool:
    """ "the Agora", "the Sphere": a one-word name used with "the" is a thing, not an NGO."""
    prev = neighbour(ctx, cand.first - 1, cand.first)
    return cand.first == cand.last and prev is not None and prev.key == "the"


def kind_before_author(matcher: Matcher, ctx: FieldContext, cand: Candidate) -> bool:
    """A title after a kind word and its author's name: Фильм Григория Александрова «Весна»."""
    left, _ = window(ctx, cand, AUTHOR_WORDS + 1, 0)
    for skipped, token in enumerate(left):
        if skipped and matcher.lemmas(token.key) & NEG_BEFORE:
            return True
        if skipped >= AUTHOR_WORDS or token.sentence_start or not capitalised(ctx, token):
            return False
    return False


def foreign_qualifier(
    matcher: Matcher, ctx: FieldContext, cand: Candidate, countries: frozenset[str]
) -> bool:
    """A name qualified by another country: белорусский правозащитный центр «Весна»."""
    left, _ = window(ctx, cand, QUALIFIER_CUES + 1, 0)
    for token in left:
        lemmas = matcher.lemmas(token.key)
        if lemmas & countries:
            return True
        if not lemmas & CUES:
            return False
    return False


def acronym_in_brand(matcher: Matcher, ctx: FieldContext, cand: Candidate) -> bool:
    """A Latin acronym heading another name: "FBK Grant Thornton" (an audit firm)."""
    if ctx.title_case:
        return False
    token = neighbour(ctx, cand.last + 1, cand.last)
    return (
        token is not None
        and ctx.scan.tokens[cand.first].key.isascii()
        and token.key.isascii()
        and token.key.isalpha()
        and capitalised(ctx, token)
        and token.key not in FUNCTION_WORDS
        and not matcher.lemmas(token.key) & CUES
    )
