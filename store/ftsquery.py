"""The user's search query -> a small tree -> FTS5 MATCH text or a PostgreSQL tsquery.

Syntax (the same on both backends): words (all required), ``"a phrase"``, ``OR``, ``AND``,
``NOT word`` or ``-word``, ``prefix*``, parentheses. Words go through the index normaliser
(``store.fts``), so «пытки» finds «пыток». A prefix keeps what its word and the word's
normal form have in common (``torture*`` -> ``tortur*``), so it matches the stems in the index.

Nothing the user types is an error: when the operators do not make a valid query (a stray
quote, ``AND OR``, a lone ``NOT`` or ``*``), the query is searched again as plain words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.fts import fold, tokens, word_token

_LEX = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')


@dataclass(frozen=True)
class Term:
    term: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    terms: tuple[str, ...]


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Term | Phrase | And | Or | Not


class _Invalid(Exception):
    pass


def _word(text: str) -> Node | None:
    """A bare word (maybe ``word*``) -> Term, or Or(joined, Phrase(parts)) for a name."""
    prefix = text.endswith("*")
    text = text.rstrip("*")
    tok = word_token(text)
    if tok is None:
        return None
    if prefix and len(tok.parts) == 1:
        raw = fold(re.sub(r"[\W_]", "", text))
        stem = tok.parts[0]
        common = 0
        while common < min(len(raw), len(stem)) and raw[common] == stem[common]:
            common += 1
        return Term(raw[:common] if common >= 3 else raw, prefix=True)
    if len(tok.parts) == 1:
        return Term(tok.parts[0])
    return Or((Term(tok.terms[0]), Phrase(tok.parts)))


def _phrase(text: str) -> Node | None:
    parts = tuple(t for tok in tokens(text) for t in tok.parts)
    if not parts:
        return None
    return Term(parts[0]) if len(parts) == 1 else Phrase(parts)


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = _LEX.findall(text)
        self.i = 0

    def peek(self) -> str | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse(self) -> Node:
        node = self.or_expr()
        if self.peek() is not None:
            raise _Invalid
        return node

    def or_expr(self) -> Node:
        items = [self.and_expr()]
        while self.peek() == "OR":
            self.i += 1
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self) -> Node:
        items: list[Node] = []
        while (tok := self.peek()) is not None and tok not in ("OR", ")"):
            if tok == "AND":
                self.i += 1
                if not items:
                    raise _Invalid
                continue
            node = self.unary()
            if node is not None:
                items.append(node)
        if not items:
            raise _Invalid
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self) -> Node | None:
        if self.i >= len(self.toks):
            raise _Invalid
        tok = self.toks[self.i]
        self.i += 1
        if tok == "NOT" or (tok == "-" and self.peek() not in (None, "OR", "AND", ")")):
            target = self.unary()
            if target is None:
                raise _Invalid
            return Not(target)
        if tok.startswith("-") and len(tok) > 1:
            target = _word(tok[1:]) if not tok[1:].startswith('"') else _phrase(tok[1:])
            return Not(target) if target is not None else None
        if tok == "(":
            node = self.or_expr()
            if self.peek() != ")":
                raise _Invalid
            self.i += 1
            return node
        if tok == ")":
            raise _Invalid
        if tok.startswith('"'):
            if len(tok) < 2 or not tok.endswith('"'):
                raise _Invalid
            return _phrase(tok[1:-1])
        return _word(tok)


def _valid(node: Node) -> bool:
    """Every AND has a positive item, and no OR or top level is a bare NOT."""
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        positive = [i for i in node.items if not isinstance(i, Not)]
        return bool(positive) and all(
            _valid(i.item if isinstance(i, Not) else i) for i in node.items
        )
    if isinstance(node, Or):
        return all(_valid(i) for i in node.items)
    return True


def plain_words(text: str) -> Node | None:
    """The fallback: every word of ``text`` required, operators and quotes as text."""
    items: list[Node] = []
    for tok in tokens(text):
        items.append(Term(tok.parts[0]) if len(tok.parts) == 1 else Phrase(tok.parts))
    if not items:
        return None
    return items[0] if len(items) == 1 else And(tuple(items))


def parse_query(text: str) -> Node | None:
    """The query tree, or None when the text has no searchable word at all."""
    try:
        node: Node | None = _Parser(text).parse()
    except (_Invalid, RecursionError):
        node = None
    if node is not None and _valid(node):
        return node
    return plain_words(text)


def to_fts5(node: Node) -> str:
    """FTS5 MATCH text; every term is double-quoted (terms are letters and digits only)."""
    if isinstance(node, Term):
        return f'"{node.term}"*' if node.prefix else f'"{node.term}"'
    if isinstance(node, Phrase):
        return '"' + " ".join(node.terms) + '"'
    if isinstance(node, Or):
        return "(" + " OR ".join(to_fts5(i) for i in node.items) + ")"
    if isinstance(node, And):
        pos = [to_fts5(i) for i in node.items if not isinstance(i, Not)]
        neg = [to_fts5(i.item) for i in node.items if isinstance(i, Not)]
        out = "(" + " AND ".join(pos) + ")"
        for n in neg:
            out = f"({out} NOT {n})"
        return out
    raise ValueError("a NOT needs something to subtract from")


def to_tsquery(node: Node) -> str:
    """``to_tsquery('simple', …)`` text: ``&``, ``|``, ``!``, ``<->`` and ``:*`` prefixes."""
    if isinstance(node, Term):
        return f"'{node.term}':*" if node.prefix else f"'{node.term}'"
    if isinstance(node, Phrase):
        # within the title (weight A) or within the body (B), as FTS5 keeps its columns
        # apart: the tsvector ``||`` would make the title's last word adjacent to the body's first
        a, b = (" <-> ".join(f"'{t}':{w}" for t in node.terms) for w in "AB")
        return f"(({a}) | ({b}))"
    if isinstance(node, Or):
        return "(" + " | ".join(to_tsquery(i) for i in node.items) + ")"
    if isinstance(node, And):
        return "(" + " & ".join(to_tsquery(i) for i in node.items) + ")"
    return "!" + to_tsquery(node.item)


def to_websearch(node: Node) -> str | None:
    """``websearch_to_tsquery`` text for the common flat case (words and -words, all
    required); None when the query needs what websearch syntax lacks (prefixes, grouping,
    phrases kept within one field)."""
    items = node.items if isinstance(node, And) else (node,)
    out = []
    for item in items:
        neg = isinstance(item, Not)
        inner = item.item if isinstance(item, Not) else item
        if isinstance(inner, Term) and not inner.prefix:
            text = inner.term
        else:
            return None
        if text in ("or", "and"):  # websearch would read them as operators
            return None
        out.append(("-" if neg else "") + text)
    return " ".join(out)


def positive_terms(node: Node) -> tuple[set[str], set[str]]:
    """(terms, prefixes) that can make a document match: what snippets highlight."""
    terms: set[str] = set()
    prefixes: set[str] = set()
    if isinstance(node, Term):
        (prefixes if node.prefix else terms).add(node.term)
    elif isinstance(node, Phrase):
        terms.update(node.terms)
    elif isinstance(node, And | Or):
        for item in node.items:
            t, p = positive_terms(item)
            terms |= t
            prefixes |= p
    return terms, prefixes


def _has_phrase(node: Node) -> bool:
    if isinstance(node, Phrase):
        return True
    if isinstance(node, And | Or):
        return any(_has_phrase(i) for i in node.items)
    return isinstance(node, Not) and _has_phrase(node.item)


def split_phrases(node: Node) -> tuple[Node, Node] | None:
    """``node`` as (exact, phrases): two queries whose matches together are ``node``'s, the
    first without phrases, the second only where the first does not match; None when the
    query has no such split. For a name (``Or(joined, Phrase(parts))``) and a name ANDed
    with words: PostgreSQL rechecks every candidate of a query holding a phrase, so the
    joined form is searched exactly and only articles with the parts but not the joined form
    are rechecked."""
    if isinstance(node, Or):
        exact = tuple(i for i in node.items if not _has_phrase(i))
        phrases = tuple(i for i in node.items if _has_phrase(i))
        if not exact or not phrases:
            return None
        plain = exact[0] if len(exact) == 1 else Or(exact)
        rest = phrases[0] if len(phrases) == 1 else Or(phrases)
        return plain, And((rest, Not(plain)))
    if isinstance(node, And):
        ors = [i for i in node.items if isinstance(i, Or) and _has_phrase(i)]
        others = tuple(i for i in node.items if not (isinstance(i, Or) and _has_phrase(i)))
        if len(ors) != 1 or any(_has_phrase(i) for i in others):
            return None
        split = split_phrases(ors[0])
        if split is None:
            return None
        return And((split[0], *others)), And((split[1], *others))
    return None
