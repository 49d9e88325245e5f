"""Search snippets built from the article's ORIGINAL text, identical on both backends.

The index holds lemmas and stems, so the database's own highlighter would show those; instead
each original word is normalised again (``store.fts.tokens``) and the words whose terms the
query asked for are marked. The snippet is the window of about ``width`` words with the most
distinct matched terms (title, lead, then paragraphs are searched in that order).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from store.fts import WORD_RE, surface_terms

ELLIPSIS = "…"


_NONE: frozenset[str] = frozenset()


def _matches(found: tuple[str, ...], terms: set[str], prefixes: set[str]) -> set[str]:
    if not prefixes and terms.isdisjoint(found):
        return _NONE  # type: ignore[return-value]
    hit = {t for t in found if t in terms}
    if prefixes:
        hit |= {p for p in prefixes for t in found if t.startswith(p)}
    return hit


def best_window(
    text: str, terms: set[str], prefixes: set[str], width: int = 30
) -> tuple[int, list[tuple[int, int]]] | None:
    """(score, highlighted spans) of the best window of ``text``, or None without a match.
    The spans are character offsets into ``text``; the window is spans[0]..spans[-1]
    widened by the caller."""
    toks = [(m.start(), m.end(), surface_terms(m.group())) for m in WORD_RE.finditer(text)]
    marked = [(i, _matches(t[2], terms, prefixes)) for i, t in enumerate(toks)]
    hits = [(i, m) for i, m in marked if m]
    if not hits:
        return None
    best: tuple[int, int] = (-1, 0)
    for j, (start, _) in enumerate(hits):
        seen: set[str] = set()
        for i, m in hits[j:]:
            if i - start >= width:
                break
            seen |= m
        if len(seen) > best[0]:
            best = (len(seen), start)
    first = max(0, best[1] - width // 4)
    last = min(len(toks), first + width)
    spans = [(toks[i][0], toks[i][1]) for i, m in marked[first:last] if m]
    window = (toks[first][0], toks[last - 1][1])
    return best[0], [window, *spans]


def make_snippet(
    texts: Iterable[str | None],
    terms: set[str],
    prefixes: set[str],
    *,
    mark: tuple[str, str] = ("**", "**"),
    width: int = 30,
    escape: Callable[[str], str] = str,
) -> str:
    """The best window among ``texts`` with matched words wrapped in ``mark``; ``escape``
    (e.g. ``html.escape``) is applied to the text, not to the marks."""
    best: tuple[int, str, list[tuple[int, int]]] | None = None
    fallback = ""
    wanted = len(terms) + len(prefixes)
    for text in texts:
        if not text:
            continue
        fallback = fallback or text
        found = best_window(text, terms, prefixes, width)
        if found and (best is None or found[0] > best[0]):
            best = (found[0], text, found[1])
            if found[0] >= wanted:
                break  # every query word in one window: no better window exists
    if best is None:
        words = fallback.split()
        return escape(" ".join(words[:width])) + (f" {ELLIPSIS}" if len(words) > width else "")
    _, text, (window, *spans) = best
    out, pos = [], window[0]
    for start, end in spans:
        out += [escape(text[pos:start]), mark[0], escape(text[start:end]), mark[1]]
        pos = end
    out.append(escape(text[pos : window[1]]))
    body = "".join(out).replace("\n", " ")
    prefix = f"{ELLIPSIS} " if window[0] > 0 else ""
    suffix = f" {ELLIPSIS}" if window[1] < len(text.rstrip()) else ""
    return prefix + body + suffix
