"""Find mentions of tracked CSOs in an article or a plain text.

    find_mentions(article_or_text, registry) -> list[Mention]
    mentions_by_cso(mentions) -> dict[str, list[Mention]]

Pure: no Scrapy, no database. The registry's matcher is compiled once (``Registry.compile``)
and reused for every article. How a hit is found: ``pipelines.mentions.index``; when it
counts: ``pipelines.mentions.evidence``.

Offsets: for an ``Article``, ``start``/``end`` index the field they name (the title, the lead, or
``paragraphs[paragraph]``). For a plain string, which is cut into paragraphs at blank lines,
they index the whole string, so ``text[m.start:m.end] == m.surface`` always holds; ``paragraph``
is then the number of the blank-line-separated block. A link without anchor text found in the
body (``Article.links``) has ``surface`` = the link's URL, ``paragraph`` None and offsets 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pipelines.mentions.evidence import ACCEPT, REJECT, FieldContext, judge
from pipelines.mentions.index import Matcher
from pipelines.types import FIELD_ORDER, Article, Mention, MentionField

if TYPE_CHECKING:
    from pipelines.registry import Registry

_BLANK_LINE = re.compile(r"\n[ \t\r]*\n\s*")
_URL = re.compile(
    r"(?<![\w@.-])(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?::\d+)?(?:/[^\s\"'<>«»()]*)?",
    re.IGNORECASE,
)

_URL_TRAILING = ".,;:!?…"
# how far an editor can trust a mention, by its evidence: an unambiguous alias, a link, a key
# person's name with a role nearby or an ambiguous name in quotes or next to a cue word is
# "high"; a person's name alone, a capital or a name's syntax ("Memorial's", "Memorial, which")
# or a bare surname with the full name elsewhere "medium"; an ambiguous name counted only
# because the CSO is named elsewhere "low"
CONFIDENCE = {
    "alias": "high",
    "link": "high",
    "role": "high",
    "person": "medium",  # a full name alone: a namesake is possible ("Defender Denis Volkov")
    "initial": "medium",
    "quoted": "high",
    "cue": "high",
    "capital": "medium",
    "name-syntax": "medium",
    "surname": "medium",
    "elsewhere": "low",
}
_RANK = {"high": 3, "medium": 2, "low": 1}
_CLOSING = ("»", "“", "”", '"')


def best_confidence(mentions: Iterable[Mention]) -> str | None:
    """How far an editor can trust that an article is about the CSO: the highest confidence of
    its mentions of that CSO, or None when none has one (mentions stored before it was kept)."""
    known = [m.confidence for m in mentions if m.confidence in _RANK]
    return max(known, key=_RANK.__getitem__) if known else None


# what every _URL match holds (a dot and two letters): most texts have none, and searching for
# it is much cheaper than for a URL
_DOMAIN_HINT = re.compile(r"\.[a-z]{2}", re.IGNORECASE)


@dataclass
class _Field:
    field: MentionField
    paragraph: int | None
    text: str
    base: int  # offset of ``text`` in what the mention's offsets index
    in_title: bool = False
    in_lead: bool = False


@dataclass
class _Hit:
    mention: Mention
    verdict: str
    person: int = -1


def find_mentions(article_or_text: Article | str, registry: Registry) -> list[Mention]:
    """Every mention of a registry CSO, sorted by (field: title, lead, body; paragraph; start)."""
    matcher = registry.compile()
    hits: list[_Hit] = []
    urls: list[Mention] = []
    for fld in _fields(article_or_text):
        hits.extend(_name_hits(matcher, fld))
        urls.extend(_url_mentions(matcher, fld))
    confirmed = {h.mention.cso for h in hits if h.verdict == ACCEPT}
    people = {(h.mention.cso, h.person) for h in hits if h.verdict == ACCEPT and h.person >= 0}
    kept = [
        h.mention
        for h in hits
        if h.verdict == ACCEPT
        or (h.person >= 0 and (h.mention.cso, h.person) in people)
        or (h.person < 0 and h.mention.cso in confirmed)
    ]
    mentions = _without_overlaps(kept)
    mentions += [m for m in urls if not _overlaps_same_cso(m, mentions)]
    if isinstance(article_or_text, Article):
        mentions += _link_mentions(matcher, article_or_text, mentions)
    return sorted(mentions, key=_order)


def mentions_by_cso(mentions: list[Mention]) -> dict[str, list[Mention]]:
    """Group mentions by CSO id, keeping their order; CSOs in order of first mention."""
    grouped: dict[str, list[Mention]] = {}
    for mention in mentions:
        grouped.setdefault(mention.cso, []).append(mention)
    return grouped


def _order(m: Mention) -> tuple[int, int, int, int]:
    return (FIELD_ORDER[m.field], -1 if m.paragraph is None else m.paragraph, m.start, m.end)


def _fields(source: Article | str) -> Iterator[_Field]:
    if isinstance(source, str):
        start, index = 0, 0
        for sep in [*_BLANK_LINE.finditer(source), None]:
            end = len(source) if sep is None else sep.start()
            if source[start:end].strip():
                yield _Field("body", index, source[start:end], start)
                index += 1
            if sep is not None:
                start = sep.end()
        return
    if source.title:
        yield _Field("title", None, source.title, 0, in_title=True)
    paragraphs = source.paragraphs
    lead = source.lead
    lead_is_first = bool(paragraphs) and (not lead or lead.strip() == paragraphs[0].strip())
    if lead and not lead_is_first:
        yield _Field("lead", None, lead, 0, in_lead=True)
    for i, paragraph in enumerate(paragraphs):
        yield _Field("body", i, paragraph, 0, in_lead=i == 0 and lead_is_first)


def _name_hits(matcher: Matcher, fld: _Field) -> Iterator[_Hit]:
    scan = matcher.scan(fld.text)
    if not scan.candidates:
        return  # most fields: no tokens to build, nothing to judge
    ctx = FieldContext.of(scan)
    tokens, text, base = ctx.tokens, fld.text, fld.base
    for cand in scan.candidates:
        verdict, evidence = judge(matcher, ctx, cand)
        if verdict == REJECT:
            continue
        start, end = tokens[cand.first].start, tokens[cand.last].end
        end = _close_quote(text, start, end)
        entry = cand.entry
        person = entry.via == "person"
        mention = Mention(
            entry.cso,
            text[start:end],
            fld.field,
            fld.paragraph,
            base + start,
            base + end,
            "person" if person else "name",
            fld.in_title,
            fld.in_lead,
            evidence,
            CONFIDENCE.get(evidence, "low"),  # a pending hit kept says "elsewhere" or "surname"
        )
        yield _Hit(mention, verdict, entry.person if person else -1)


def _close_quote(text: str, start: int, end: int) -> int:
    """Take in the closing mark of a quote the alias opened (ПЦ «Мемориал»)."""
    if text[end : end + 1] not in _CLOSING:
        return end
    inner = text[start:end]
    opened = sum(inner.count(q) for q in "«„“") - sum(inner.count(q) for q in "»“”")
    if opened > 0 or inner.count('"') % 2:
        return end + 1  # ПЦ «Мемориал», ПЦ "Мемориал"
    return end


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Longest match wins; CSOs sharing the very same span (a person in two CSOs) all stay."""
    out: list[Mention] = []
    seen: set[tuple[str, MentionField, int | None, int, int]] = set()
    last: dict[tuple[MentionField, int | None], tuple[int, int]] = {}
    for m in sorted(mentions, key=lambda m: (_order(m)[:2], m.start, m.start - m.end)):
        where = (m.field, m.paragraph)
        span = last.get(where)
        if span is not None and m.start < span[1] and (m.start, m.end) != span:
            continue
        key = (m.cso, m.field, m.paragraph, m.start, m.end)
        if key in seen:
            continue
        seen.add(key)
        last[where] = (m.start, m.end)
        out.append(m)
    return out


def _overlaps_same_cso(m: Mention, mentions: list[Mention]) -> bool:
    return any(
        o.cso == m.cso
        and o.field == m.field
        and o.paragraph == m.paragraph
        and o.start < m.end
        and m.start < o.end
        for o in mentions
    )


def _domain_csos(matcher: Matcher, host: str) -> list[str]:
    labels = host.lower().rstrip(".").split(".")
    for i in range(len(labels) - 1):
        found = matcher.domains.get(".".join(labels[i:]))
        if found:
            return found
    return []


def _url_mentions(matcher: Matcher, fld: _Field) -> Iterator[Mention]:
    if not matcher.domains or not _DOMAIN_HINT.search(fld.text):
        return
    for found in _URL.finditer(fld.text):
        # a sentence's closing punctuation is not part of the link: "see memohrc.org/list."
        url = found.group().rstrip(_URL_TRAILING)
        for cso in _domain_csos(matcher, found.group(1)):
            yield Mention(
                cso=cso,
                surface=url,
                field=fld.field,
                paragraph=fld.paragraph,
                start=fld.base + found.start(),
                end=fld.base + found.start() + len(url),
                via="link",
                in_title=fld.in_title,
                in_lead=fld.in_lead,
                evidence="link",
                confidence="high",
            )


def _link_mentions(matcher: Matcher, article: Article, found: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    seen: set[tuple[str, str]] = set()
    for anchor, href in article.links:
        host = urlsplit(href if "//" in href else f"//{href}").hostname or ""
        for cso in _domain_csos(matcher, host):
            mention = _locate_anchor(article, cso, anchor.strip(), href)
            key = (
                cso,
                href if mention.paragraph is None else f"{mention.paragraph}:{mention.start}",
            )
            if key in seen or _overlaps_same_cso(mention, found + out):
                continue
            seen.add(key)
            out.append(mention)
    return out


def _locate_anchor(article: Article, cso: str, anchor: str, href: str) -> Mention:
    if anchor:
        for i, paragraph in enumerate(article.paragraphs):
            start = paragraph.find(anchor)
            if start >= 0:
                in_lead = i == 0 and (not article.lead or article.lead.strip() == paragraph.strip())
                return Mention(
                    cso, anchor, "body", i, start, start + len(anchor), "link", False, in_lead,
                    "link", "high",
                )  # fmt: skip
    return Mention(cso, href, "body", None, 0, 0, "link", evidence="link", confidence="high")
