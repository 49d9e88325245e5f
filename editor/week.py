"""The week's review, as pure functions: CSO ranking, highlights, excerpt options.

No database here: the desk's views load the rows and call these; the tests call them directly.

Ranking (suggestions for the CSO of the Week). Per CSO, over its clippings that no editor
rejected: ``stories`` (copies of one story count once), ``articles``, distinct ``outlets``,
``prominent`` (stories naming the CSO in the title or lead) and ``quotes`` (direct quotes
by the CSO's people or the CSO itself, as ``pipelines.quotes.options.speaker_is_cso`` tells).
``score = stories + outlets + 2 × prominent + quotes``; ties go to the CSO with more articles,
then by name.

Copies of one story (the same agency text in several outlets) are grouped in the store
(``store.stories`` with the core's ``pipelines.stories``); ``RankInput.story`` is that stored
story id, so a story counts once however many outlets carried it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from editor.excerpts import quote_excerpt, sentence_excerpt
from pipelines.sentences import sentence_bounds
from pipelines.types import Quote

# --- ranking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankInput:
    """One clipping's facts for the ranking; ``story`` tells its story (copies share one)."""

    cso_id: str
    cso_name: str
    outlet: str
    story: int
    status: str
    prominent: bool
    cso_quotes: int


@dataclass(frozen=True)
class Coverage:
    cso_id: str
    cso_name: str
    stories: int
    articles: int
    outlets: int
    prominent: int
    quotes: int
    approved: int
    candidates: int
    rejected: int

    @property
    def score(self) -> int:
        return self.stories + self.outlets + 2 * self.prominent + self.quotes


def rank_csos(items: Iterable[RankInput]) -> list[Coverage]:
    """One ``Coverage`` per CSO, best suggestion first (see the module docstring)."""
    by_cso: dict[str, list[RankInput]] = {}
    for item in items:
        by_cso.setdefault(item.cso_id, []).append(item)
    ranked = []
    for cso_id, rows in by_cso.items():
        live = [r for r in rows if r.status != "rejected"]
        prominent_stories = {r.story for r in live if r.prominent}
        quotes_by_story: dict[int, int] = {}
        for r in live:
            quotes_by_story[r.story] = max(quotes_by_story.get(r.story, 0), r.cso_quotes)
        ranked.append(
            Coverage(
                cso_id=cso_id,
                cso_name=rows[0].cso_name,
                stories=len({r.story for r in live}),
                articles=len(live),
                outlets=len({r.outlet for r in live}),
                prominent=len(prominent_stories),
                quotes=sum(quotes_by_story.values()),
                approved=sum(r.status == "approved" for r in rows),
                candidates=sum(r.status == "candidate" for r in rows),
                rejected=sum(r.status == "rejected" for r in rows),
            )
        )
    ranked.sort(key=lambda c: (-c.score, -c.articles, c.cso_name.lower(), c.cso_id))
    return ranked


# --- the mention and the excerpt options ----------------------------------------------------


@dataclass(frozen=True)
class Spot:
    """Where the first mention is: ``field`` title|lead|body, ``paragraph`` for body."""

    field: str
    paragraph: int | None
    start: int
    end: int


@dataclass(frozen=True)
class Highlight:
    """The sentence with the mention, split so a template can mark the middle part."""

    before: str
    match: str
    after: str


def highlight(text: str, start: int, end: int) -> Highlight:
    """The sentence(s) of ``text`` holding ``text[start:end]``, split around that span."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    first, last = sentence_bounds(text, start, end)
    return Highlight(text[first:start].lstrip(), text[start:end], text[end:last].rstrip())


def spot_text(spot: Spot, title: str, lead: str | None, paragraphs: Sequence[str]) -> str | None:
    """The text the spot's offsets refer to (None when the paragraph is gone)."""
    if spot.field == "title":
        return title
    if spot.field == "lead":
        return lead or ""
    if spot.paragraph is not None and 0 <= spot.paragraph < len(paragraphs):
        return str(paragraphs[spot.paragraph])
    return None


@dataclass(frozen=True)
class ExcerptOption:
    """One excerpt an editor can pick; ``key`` is what the form posts back."""

    key: str
    kind: str
    ref: int | None
    label: str
    text: str


def excerpt_options(
    *,
    lead: str | None,
    paragraphs: Sequence[str],
    spot: Spot | None,
    quotes: Sequence[Quote],
    language: str | None = "en",
    quote_refs: Sequence[int] | None = None,
) -> list[ExcerptOption]:
    """The lead, the paragraph with the mention (and its sentence), each quote with its
    speaker, in that order; duplicates dropped. The editor's own cut is the extra option.

    ``quote_refs`` are the quotes' ``idx`` in the article (default: their positions here)."""
    options: list[ExcerptOption] = []
    if lead and lead.strip():
        options.append(ExcerptOption("lead", "lead", None, "Lead", lead.strip()))
    elif paragraphs:
        options.append(
            ExcerptOption("paragraph:0", "paragraph", 0, "First paragraph", paragraphs[0])
        )
    if spot is not None and spot.field == "body" and spot.paragraph is not None:
        index = spot.paragraph
        if 0 <= index < len(paragraphs):
            text = str(paragraphs[index])
            label = f"Paragraph {index + 1}, with the mention"
            options.append(ExcerptOption(f"paragraph:{index}", "paragraph", index, label, text))
            sentence = sentence_excerpt(text, spot.start, min(spot.end, len(text)))
            label = "The sentence with the mention"
            options.append(ExcerptOption(f"sentence:{index}", "custom", None, label, sentence))
    elif spot is not None and spot.field == "lead" and lead:
        sentence = sentence_excerpt(lead, spot.start, min(spot.end, len(lead)))
        options.append(
            ExcerptOption("sentence:lead", "custom", None, "The lead's sentence", sentence)
        )
    ru = "ru" if (language or "").startswith("ru") else "en"
    refs = list(quote_refs) if quote_refs is not None else list(range(len(quotes)))
    for idx, quote in zip(refs, quotes, strict=True):
        body = quote.text.strip()
        if quote.speaker:  # the attribution supplies the comma: “…,” X said.
            body = body.rstrip(",").rstrip()
        try:
            text = quote_excerpt(body, quote.speaker, ru)
        except ValueError:
            continue
        label = f"Quote: {quote.speaker}" if quote.speaker else "Quote (unnamed source)"
        options.append(ExcerptOption(f"quote:{idx}", "quote", idx, label, text))
    unique: list[ExcerptOption] = []
    for option in options:
        if all(o.text != option.text for o in unique):
            unique.append(option)
    return unique


def selected_key(options: Sequence[ExcerptOption], excerpt: str) -> str:
    """The option whose text is the clipping's excerpt, else ``"custom"``."""
    for option in options:
        if option.text == excerpt:
            return option.key
    return "custom"


def house_cut(text: str) -> str:
    """An editor's own cut, tidied: whitespace collapsed, ``[...]`` written ``[…]``."""
    return " ".join(text.split()).replace("[...]", "[…]")
