"""What the desk's week pages show, loaded from the store in a few queries per page.

``load_week`` reads a week's clippings (``editor.clippings.week_clippings``) plus the rows the
review needs beside them (article bodies, mentions, the CSOs' people, each clipping's history)
and hands them to the pure functions of ``editor.week``: the CSOs ranked, the excerpt options
of each clipping. Copies of one story are the clippings whose articles share the stored
``story_id`` (``store.stories``): a story shows once, its copies as "also in".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from editor.clippings import ClippingView, week_clippings
from editor.week import (
    Coverage,
    ExcerptOption,
    Highlight,
    RankInput,
    Spot,
    excerpt_options,
    highlight,
    rank_csos,
    selected_key,
    spot_text,
)
from pipelines.quotes.options import speaker_is_cso, speaker_names
from store.clippings import mentions_by_article_cso
from store.desk import (
    ArticleText,
    EventInfo,
    articles_for_review,
    clipping_history,
    cso_entries,
)
from store.models import MentionRow


@dataclass
class Card:
    """One story on the review page: its leading clipping and the copies ("also in")."""

    view: ClippingView
    highlight: Highlight | None
    mention_field: str | None
    options: list[ExcerptOption]
    selected: str
    prominent: bool
    copies: list[ClippingView] = field(default_factory=list)
    history: list[EventInfo] = field(default_factory=list)
    # what the extraction of the article had to settle, shown so that a doubtful date or
    # byline is checked before the clipping goes out
    extraction_notes: list[str] = field(default_factory=list)

    @property
    def last_event(self) -> EventInfo | None:
        return self.history[-1] if self.history else None


@dataclass
class WeekData:
    week_end: date
    ranking: list[Coverage]
    cards: dict[str, list[Card]]

    def coverage(self, cso_id: str) -> Coverage | None:
        return next((c for c in self.ranking if c.cso_id == cso_id), None)


def load_week(session: Session, end: date) -> WeekData:
    """The week ending ``end``: ranking and review cards for every CSO with clippings."""
    views = week_clippings(session, end)
    article_ids = {v.article_id for v in views}
    articles = articles_for_review(session, article_ids)
    mentions = mentions_by_article_cso(session, article_ids)
    names = _cso_names(session, {v.cso_id for v in views})
    history = clipping_history(session, [v.clipping_id for v in views])
    by_cso: dict[str, list[ClippingView]] = {}
    for view in views:
        by_cso.setdefault(view.cso_id, []).append(view)
    rank_inputs: list[RankInput] = []
    cards: dict[str, list[Card]] = {}
    for cso_id, cso_views in by_cso.items():
        stories = _stories(cso_views)
        story_of = {v.clipping_id: n for n, group in enumerate(stories) for v in group}
        built = []
        for view in cso_views:
            article = articles[view.article_id]
            spots = mentions.get((view.article_id, cso_id), [])
            prominent = any(m.field in ("title", "lead") or m.in_title or m.in_lead for m in spots)
            cso_quotes = sum(speaker_is_cso(q.speaker, names[cso_id]) for q in view.quotes)
            rank_inputs.append(
                RankInput(
                    cso_id, view.cso_name, view.outlet_key, story_of[view.clipping_id],
                    view.status, prominent, cso_quotes,
                )
            )  # fmt: skip
            group = stories[story_of[view.clipping_id]]
            if _leader(group) is not view:
                continue
            card = _card(view, article, spots, prominent, history.get(view.clipping_id, []))
            card.copies = [v for v in group if v is not view]
            built.append(card)
        cards[cso_id] = built
    return WeekData(end, rank_csos(rank_inputs), cards)


def _stories(views: list[ClippingView]) -> list[list[ClippingView]]:
    """The CSO's clippings by stored story, each story earliest first, stories in the order
    of their first clipping (an article not grouped yet is a story of its own)."""
    ordered = sorted(views, key=lambda v: (_sort_date(v), v.clipping_id))
    groups: dict[int, list[ClippingView]] = {}
    for view in ordered:
        story = view.story_id if view.story_id is not None else view.article_id
        groups.setdefault(story, []).append(view)
    return list(groups.values())


def _sort_date(view: ClippingView) -> datetime:
    return view.published or datetime.max.replace(tzinfo=UTC)


def _leader(group: list[ClippingView]) -> ClippingView:
    """The clipping shown for a story: an approved one, else the earliest (the original)."""
    return next((v for v in group if v.status == "approved"), group[0])


def _card(
    view: ClippingView,
    article: ArticleText,
    spots: list[MentionRow],
    prominent: bool,
    history: list[EventInfo],
) -> Card:
    # the sentence shown is from the lead or body when the CSO is named there (the title is
    # shown anyway); the paragraph option is the first body paragraph naming it
    spot = _spot(next((m for m in spots if m.field != "title"), spots[0] if spots else None))
    body = _spot(next((m for m in spots if m.field == "body"), None))
    marked = None
    if spot is not None:
        text = spot_text(spot, article.title, article.lead, article.paragraphs)
        if text:
            marked = highlight(text, spot.start, spot.end)
    options = excerpt_options(
        lead=article.lead,
        paragraphs=article.paragraphs,
        spot=body or spot,
        quotes=view.quotes,
        language=article.language,
        quote_refs=[article.quote_idx.get((q.paragraph, q.start, q.text), i)
                    for i, q in enumerate(view.quotes)],
    )  # fmt: skip
    return Card(
        view=view,
        highlight=marked,
        mention_field=spot.field if spot else None,
        options=options,
        selected=selected_key(options, view.excerpt),
        prominent=prominent,
        history=history,
        extraction_notes=list(article.extraction_notes),
    )


def _spot(row: MentionRow | None) -> Spot | None:
    return Spot(row.field, row.paragraph, row.start, row.end) if row is not None else None


def card_for(session: Session, clipping_id: int) -> tuple[Card, str] | None:
    """One clipping's card (after a decision), with its week; copies are not listed."""
    from store.models import Clipping

    row = session.get(Clipping, clipping_id)
    if row is None:
        return None
    data = load_week(session, row.week_end)
    for card in data.cards.get(row.cso_id, []):
        if card.view.clipping_id == clipping_id:
            return card, row.cso_id
        for copy in card.copies:
            if copy.clipping_id == clipping_id:
                return card, row.cso_id
    return None


def _cso_names(session: Session, ids: set[str]) -> dict[str, set[str]]:
    """Every name a quote by the CSO may be attributed to (``speaker_names``), per CSO."""
    return {cso: speaker_names(entry) for cso, entry in cso_entries(session, ids).items()}
