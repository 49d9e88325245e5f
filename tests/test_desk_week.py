"""The desk's pure functions: CSO ranking, highlights, excerpt options (copies of one story:
tests/test_stories.py)."""

from __future__ import annotations

from editor.week import (
    RankInput,
    Spot,
    excerpt_options,
    highlight,
    house_cut,
    rank_csos,
    selected_key,
)
from pipelines.types import Quote


def rank(cso: str, outlet: str, story: int, status: str = "candidate", **kw: object) -> RankInput:
    values = {"prominent": False, "cso_quotes": 0, **kw}
    return RankInput(cso, cso.title(), outlet, story, status, **values)  # type: ignore[arg-type]


def test_ranking_counts_stories_outlets_prominence_and_quotes() -> None:
    ranked = rank_csos(
        [
            rank("memorial", "rferl", 1, prominent=True),
            rank("memorial", "mt", 1, prominent=True),  # a copy of story 1
            rank("memorial", "rferl", 2, cso_quotes=2),
            rank("ovd", "rferl", 3),
            rank("ovd", "rferl", 4),
            rank("ovd", "rferl", 5),
            rank("ovd", "mt", 6, status="rejected", prominent=True),
        ]
    )
    memorial, ovd = ranked
    assert (memorial.stories, memorial.articles, memorial.outlets) == (2, 3, 2)
    assert (memorial.prominent, memorial.quotes, memorial.score) == (1, 2, 2 + 2 + 2 + 2)
    assert (ovd.stories, ovd.outlets, ovd.prominent, ovd.rejected, ovd.score) == (3, 1, 0, 1, 4)


def test_ties_go_to_more_articles_then_the_name() -> None:
    ranked = rank_csos([rank("b", "x", 1), rank("a", "x", 2)])
    assert [c.cso_id for c in ranked] == ["a", "b"]


def test_highlight_is_the_sentence_with_the_mention() -> None:
    text = "Police detained 40 people. OVD-Info counted them all. Lawyers went to court."
    marked = highlight(text, 27, 35)
    assert (marked.before, marked.match, marked.after) == ("", "OVD-Info", " counted them all.")
    marked = highlight("Mr. Smith spoke to OVD-Info today.", 19, 27)
    assert marked.before == "Mr. Smith spoke to "


def test_excerpt_options_and_the_selected_one() -> None:
    paragraphs = [
        "The court sat on Monday.",
        "At least 47 people were detained, according to OVD-Info. Most were released.",
    ]
    quotes = [Quote("We will go on,", "Grigory Okhotin", 1, [1]), Quote("No comment", None, 0, [0])]
    options = excerpt_options(
        lead="Police detained dozens.",
        paragraphs=paragraphs,
        spot=Spot("body", 1, 48, 56),
        quotes=quotes,
    )
    assert [(o.key, o.kind, o.ref) for o in options] == [
        ("lead", "lead", None),
        ("paragraph:1", "paragraph", 1),
        ("sentence:1", "custom", None),
        ("quote:0", "quote", 0),
        ("quote:1", "quote", 1),
    ]
    texts = [o.text for o in options]
    assert texts[2] == "At least 47 people were detained, according to OVD-Info. […]"
    assert texts[3] == "“We will go on,” Grigory Okhotin said."
    assert texts[4] == "“No comment”"
    assert selected_key(options, "Police detained dozens.") == "lead"
    assert selected_key(options, "Something else") == "custom"


def test_no_lead_offers_the_first_paragraph() -> None:
    options = excerpt_options(lead=None, paragraphs=["First.", "Second."], spot=None, quotes=[])
    assert [o.key for o in options] == ["paragraph:0"]


def test_house_cut() -> None:
    assert house_cut("  A court [...] fined\nthe group. ") == "A court […] fined the group."
