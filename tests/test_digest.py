"""The house format: render_digest / render_news_of_the_day and the excerpt typography."""

from __future__ import annotations

import re
from datetime import date, datetime
from html.parser import HTMLParser

import pytest

from editor.digest import (
    Clip,
    DailyNews,
    Digest,
    cut,
    format_date,
    normalise_quotes,
    quote_excerpt,
    render_digest,
    render_news_of_the_day,
    sentence_excerpt,
)

MT_URL = "https://www.themoscowtimes.com/2021/09/03/court-fines-nasiliunet-a74999"
RFERL_URL = "https://www.rferl.org/a/nasiliu-net-foreign-agent/31440000.html"

DIGEST = Digest(
    cso_name="Nasiliu.net",
    summary="Nasiliu.net, a centre helping victims of domestic violence, was fined this week.",
    clips=[
        Clip(
            outlet="The Moscow Times",
            date=date(2021, 9, 3),
            excerpt="A court in Moscow on Friday fined the centre 500,000 rubles. [...]",
            url=MT_URL,
            title="Court Fines Nasiliu.net",
        ),
        Clip(
            outlet="RFE/RL",
            date=date(2021, 9, 1),
            excerpt='"We will keep working," the group\'s director said. […]',
            url=RFERL_URL,
            title="Russian Domestic-Violence Center Labeled 'Foreign Agent'",
        ),
    ],
)

DAILY = DailyNews(
    date=date(2021, 10, 17),
    clips=[
        Clip("RFE/RL", date(2021, 10, 17), "Police searched the homes of activists.", RFERL_URL),
        Clip("The Moscow Times", date(2021, 10, 17), "A court jailed a journalist.", MT_URL),
    ],
)


# --- stripping markup, written independently of the renderer --------------------------------

_MD_LINK = re.compile(r'(?m)^\[((?:\\.|[^\]\\])*)\]\([^)\s]*(?: "(?:\\.|[^"\\])*")?\)')


def md_to_text(markdown: str) -> str:
    """Drop heading marks and link syntax (a link opens a paragraph), then undo escapes."""
    lines = [re.sub(r"^## ", "", line) for line in markdown.split("\n")]
    linked = _MD_LINK.sub(lambda m: m.group(1), "\n".join(lines))
    return re.sub(r"\\(.)", r"\1", linked)


class _TextOf(HTMLParser):
    """Collect the text of each <h2>/<p> block and every href and title attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.hrefs: list[str] = []
        self.titles: list[str] = []
        self._in_block = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h2", "p"):
            self.blocks.append("")
            self._in_block = True
        for name, value in attrs:
            if name == "href":
                self.hrefs.append(value or "")
            if name == "title":
                self.titles.append(value or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "p"):
            self._in_block = False

    def handle_data(self, data: str) -> None:
        if self._in_block:
            self.blocks[-1] += data


def html_parse(markup: str) -> _TextOf:
    parser = _TextOf()
    parser.feed(markup)
    parser.close()
    return parser


def html_to_text(markup: str) -> str:
    return "\n\n".join(html_parse(markup).blocks) + "\n"


# --- the text format ---------------------------------------------------------------------------


def test_weekly_item_in_the_house_format() -> None:
    assert render_digest(DIGEST) == (
        "CSO of the Week: Nasiliu.net\n"
        "\n"
        "Nasiliu.net, a centre helping victims of domestic violence, was fined this week.\n"
        "\n"
        "The Moscow Times, 3 September 2021: A court in Moscow on Friday fined the centre "
        "500,000 rubles. […]\n"
        "\n"
        "RFE/RL, 1 September 2021: “We will keep working,” the group’s director said. […]\n"
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2021, 9, 1), "1 September 2021"),
        (date(2021, 9, 3), "3 September 2021"),
        (date(2021, 10, 17), "17 October 2021"),
        (date(2022, 1, 9), "9 January 2022"),
        (date(2021, 2, 28), "28 February 2021"),
        (date(2021, 5, 5), "5 May 2021"),
        (date(2021, 12, 31), "31 December 2021"),
        (datetime(2021, 7, 4, 23, 59), "4 July 2021"),
    ],
)
def test_dates_have_no_leading_zero_and_full_month_names(day: date, expected: str) -> None:
    assert format_date(day) == expected


def test_every_month_name_is_english_and_full() -> None:
    names = [format_date(date(2021, month, 1)).split()[1] for month in range(1, 13)]
    assert names == [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]


def test_clippings_use_the_outlet_display_name_as_given() -> None:
    clip = Clip("Novaya Gazeta Europe", date(2022, 6, 2), "Lead.", "https://example.org/a")
    text = render_digest(Digest("OVD-Info", "Summary.", [clip]))
    assert "\n\nNovaya Gazeta Europe, 2 June 2022: Lead.\n" in text


def test_the_empty_digest_still_has_heading_and_summary() -> None:
    digest = Digest("Memorial", "No coverage this week.")
    assert render_digest(digest) == "CSO of the Week: Memorial\n\nNo coverage this week.\n"
    assert md_to_text(render_digest(digest, "md")) == render_digest(digest)
    assert html_to_text(render_digest(digest, "html")) == render_digest(digest)


def test_an_excerpt_with_line_breaks_stays_one_paragraph() -> None:
    clip = Clip("RFE/RL", date(2021, 9, 1), "One line\nand  the\n\nnext.", RFERL_URL)
    assert render_digest(Digest("X", "S", [clip])).endswith(
        "RFE/RL, 1 September 2021: One line and the next.\n"
    )


def test_news_of_the_day() -> None:
    assert render_news_of_the_day(DAILY) == (
        "News of the Day: 17 October 2021\n"
        "\n"
        "RFE/RL: Police searched the homes of activists.\n"
        "\n"
        "The Moscow Times: A court jailed a journalist.\n"
    )


@pytest.mark.parametrize("render", [render_digest, render_news_of_the_day])
def test_unknown_format_is_a_clear_error(render) -> None:
    item = DIGEST if render is render_digest else DAILY
    with pytest.raises(ValueError, match=r"unknown digest format 'pdf'.*text, md, html"):
        render(item, "pdf")


# --- same words in every format --------------------------------------------------------------

TRICKY = Digest(
    cso_name="Gulagu.net",
    summary="The *so-called* 'foreign agent' law & the_rest [see below] <b>bold</b>.",
    clips=[
        Clip(
            outlet="RFE/RL",
            date=date(2021, 10, 17),
            excerpt='<script>alert("x")</script> He said "the [report] is *false*" & left.',
            url="https://www.rferl.org/a/x.html?a=1&b=2",
            title='<script>alert(1)</script> "Title" with *stars*',
        ),
        Clip("Meduza", date(2021, 10, 1), "# Not a heading \\ `code` ~strike~ |a|", MT_URL),
        Clip("Mediazona", date(2021, 10, 2), "- not a list, 1. not either", "javascript:alert(1)"),
    ],
)


@pytest.mark.parametrize("digest", [DIGEST, TRICKY], ids=["plain", "tricky"])
def test_markdown_and_html_carry_the_same_words_as_text(digest: Digest) -> None:
    text = render_digest(digest)
    assert md_to_text(render_digest(digest, "md")) == text
    assert html_to_text(render_digest(digest, "html")) == text


def test_news_of_the_day_same_words_in_every_format() -> None:
    text = render_news_of_the_day(DAILY)
    assert md_to_text(render_news_of_the_day(DAILY, "md")) == text
    assert html_to_text(render_news_of_the_day(DAILY, "html")) == text


# --- links and escaping ----------------------------------------------------------------------


def test_markdown_links_each_clipping_to_its_article() -> None:
    md = render_digest(DIGEST, "md")
    assert md.startswith("## CSO of the Week: Nasiliu.net\n\n")
    assert f'[The Moscow Times, 3 September 2021]({MT_URL} "Court Fines Nasiliu.net"): ' in md
    assert f"[RFE/RL, 1 September 2021]({RFERL_URL} " in md
    daily = render_news_of_the_day(DAILY, "md")
    assert f"\n\n[RFE/RL]({RFERL_URL}): Police searched the homes of activists.\n" in daily


def test_html_links_each_clipping_to_its_article() -> None:
    markup = render_digest(DIGEST, "html")
    assert markup.startswith("<h2>CSO of the Week: Nasiliu.net</h2>\n<p>")
    assert html_parse(markup).hrefs == [MT_URL, RFERL_URL]
    assert f'<a href="{MT_URL}" title="Court Fines Nasiliu.net">The Moscow Times, 3 September' in (
        markup
    )
    assert html_parse(render_news_of_the_day(DAILY, "html")).hrefs == [RFERL_URL, MT_URL]


def test_html_escapes_every_scraped_string() -> None:
    markup = render_digest(TRICKY, "html")
    assert "<script" not in markup
    assert "<b>" not in markup
    assert "&lt;script&gt;alert(“x”)&lt;/script&gt;" in markup
    parsed = html_parse(markup)
    assert parsed.titles == ['<script>alert(1)</script> "Title" with *stars*']  # as published
    assert parsed.hrefs == ["https://www.rferl.org/a/x.html?a=1&b=2", MT_URL]  # no javascript:


def test_markdown_escapes_markup_characters() -> None:
    md = render_digest(TRICKY, "md")
    assert (
        r"The \*so-called\* ‘foreign agent’ law \& the\_rest \[see below\] \<b\>bold\</b\>." in md
    )
    assert r"He said “the \[report\] is \*false\*” \& left." in md
    assert r"): # Not a heading \\ \`code\` \~strike\~ \|a\|" in md  # no heading mid-line
    assert "\n\nMediazona, 2 October 2021: - not a list, 1. not either\n" in md


def test_markdown_escapes_markup_at_the_start_of_a_paragraph() -> None:
    md = render_digest(Digest("X", "2021. A year of raids; # tags", []), "md")
    assert md == "## CSO of the Week: X\n\n2021\\. A year of raids; # tags\n"
    md = render_digest(Digest("X", "> not a quote", []), "md")
    assert md.endswith("\n\n\\> not a quote\n")


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "/a/relative", ""]
)
def test_only_http_urls_are_linked(url: str) -> None:
    digest = Digest("X", "S", [Clip("RFE/RL", date(2021, 9, 1), "Lead.", url)])
    markup = render_digest(digest, "html")
    assert "<a" not in markup and "javascript" not in markup.lower()
    assert "<p>RFE/RL, 1 September 2021: Lead.</p>" in markup
    md = render_digest(digest, "md")
    assert md.endswith("\n\nRFE/RL, 1 September 2021: Lead.\n")
    assert md_to_text(md) == render_digest(digest)


def test_urls_cannot_break_out_of_the_link() -> None:
    url = 'https://example.org/a b)"><script>(c)'
    digest = Digest("X", "S", [Clip("RFE/RL", date(2021, 9, 1), "Lead.", url)])
    md = render_digest(digest, "md")
    assert "[RFE/RL, 1 September 2021](https://example.org/a%20b%29%22%3E%3Cscript%3E%28c%29)" in md
    markup = render_digest(digest, "html")
    assert "<script" not in markup
    assert md_to_text(md) == html_to_text(markup) == render_digest(digest)


# --- typography --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('"We will keep working," she said.', "“We will keep working,” she said."),
        (
            '"He called the "foreign agent" label absurd," Osechkin said.',
            "“He called the ‘foreign agent’ label absurd,” Osechkin said.",
        ),
        ("“It is a “foreign agent” law”", "“It is a ‘foreign agent’ law”"),
        ("\"They said 'no' to us\"", "“They said ‘no’ to us”"),
        ("The activists' lawyers don't agree.", "The activists’ lawyers don’t agree."),
        ("It began in the '90s.", "It began in the ’90s."),
        ('"A," he said, "B."', "“A,” he said, “B.”"),
        ('("quoted")', "(“quoted”)"),
        # Russian marks are kept, and a quote inside «» takes „“
        ("Он сказал: «Мы не уйдём»", "Он сказал: «Мы не уйдём»"),
        ('«Закон об "иноагентах"»', "«Закон об „иноагентах“»"),
        ("„Мемориал“ ликвидирован", "„Мемориал“ ликвидирован"),
    ],
)
def test_normalise_quotes(raw: str, expected: str) -> None:
    assert normalise_quotes(raw) == expected
    assert normalise_quotes(expected) == expected  # idempotent


def test_normalise_quotes_russian_text_gets_guillemets() -> None:
    assert normalise_quotes('Он назвал "закон об "иноагентах"" абсурдным', "ru") == (
        "Он назвал «закон об „иноагентах“» абсурдным"
    )


def test_the_renderer_sets_curly_quotes_with_single_quotes_inside() -> None:
    clip = Clip("RFE/RL", date(2021, 9, 1), 'He said: "It\'s the "agent" law."', RFERL_URL)
    text = render_digest(Digest("X", "S", [clip]))
    assert text.endswith("RFE/RL, 1 September 2021: He said: “It’s the ‘agent’ law.”\n")


@pytest.mark.parametrize(
    ("text", "speaker", "language", "expected"),
    [
        ("We will keep working.", "the group's director", "en", None),
        ("We will keep working", None, "en", "“We will keep working”"),
        ("Why are we 'foreign agents'?", "Osechkin", "en", "“Why are we ‘foreign agents’?” "),
        ('The "foreign agent" law', "Osechkin", "en", "“The ‘foreign agent’ law,” Osechkin said."),
        ("“Already quoted”", None, "en", "“Already quoted”"),
        ("Мы будем работать", "Osechkin", "ru", "«Мы будем работать», Osechkin said."),
        ('Закон об "иноагентах"', None, "ru", "«Закон об „иноагентах“»"),
    ],
)
def test_quote_excerpt(text: str, speaker: str | None, language: str, expected: str | None) -> None:
    result = quote_excerpt(text, speaker, language)
    if expected is None:  # the example in the house format
        assert result == "“We will keep working,” the group’s director said."
    elif expected.endswith(" "):
        assert result == expected + "Osechkin said."
    else:
        assert result == expected


def test_quote_excerpt_refuses_an_empty_quote() -> None:
    with pytest.raises(ValueError, match="empty"):
        quote_excerpt(' "" ')


# --- cuts ---------------------------------------------------------------------------------------

PARAGRAPH = (
    "Mr. Osechkin spoke on Friday. "
    '"We will keep working," the group\'s director said. '
    "The court fined V. Ivanov 500,000 rubles. "
    "It was the third fine."
)


def _span(needle: str) -> tuple[int, int]:
    start = PARAGRAPH.index(needle)
    return start, start + len(needle)


def test_cut_marks_a_trailing_cut() -> None:
    assert cut(PARAGRAPH, [_span("Mr. Osechkin spoke on Friday.")]) == (
        "Mr. Osechkin spoke on Friday. […]"
    )


def test_cut_marks_a_leading_cut_and_cuts_between_spans() -> None:
    kept = [_span("It was the third fine."), _span("The court fined")]  # any order
    assert cut(PARAGRAPH, kept) == "[…] The court fined […] It was the third fine."


def test_cut_of_the_whole_text_has_no_marks_and_touching_spans_merge() -> None:
    middle = PARAGRAPH.index(" The court")
    assert cut(PARAGRAPH, [(0, middle), (middle, len(PARAGRAPH))]) == PARAGRAPH
    assert cut(PARAGRAPH, [(0, 10), (5, len(PARAGRAPH))]) == PARAGRAPH


@pytest.mark.parametrize("spans", [[], [(-1, 3)], [(3, 2)], [(0, len(PARAGRAPH) + 1)]])
def test_cut_rejects_bad_spans(spans: list[tuple[int, int]]) -> None:
    with pytest.raises(ValueError, match="cut"):
        cut(PARAGRAPH, spans)


def test_sentence_excerpt_returns_the_whole_sentence_around_a_quote() -> None:
    start, end = _span("keep working")
    assert sentence_excerpt(PARAGRAPH, start, end) == (
        '[…] "We will keep working," the group\'s director said. […]'
    )


def test_sentence_excerpt_does_not_split_at_abbreviations_or_initials() -> None:
    assert sentence_excerpt(PARAGRAPH, *_span("Osechkin")) == "Mr. Osechkin spoke on Friday. […]"
    assert sentence_excerpt(PARAGRAPH, *_span("Ivanov")) == (
        "[…] The court fined V. Ivanov 500,000 rubles. […]"
    )


def test_sentence_excerpt_spanning_two_sentences_and_the_last_one() -> None:
    start = PARAGRAPH.index("rubles")
    end = PARAGRAPH.index("third")
    assert sentence_excerpt(PARAGRAPH, start, end) == (
        "[…] The court fined V. Ivanov 500,000 rubles. It was the third fine."
    )
    assert sentence_excerpt(PARAGRAPH, len(PARAGRAPH), len(PARAGRAPH)) == (
        "[…] It was the third fine."
    )


def test_sentence_excerpt_ends_at_question_marks_and_closing_quotes() -> None:
    paragraph = "“Why us?” he asked. “Because.” The end."
    assert sentence_excerpt(paragraph, 1, 4) == "“Why us?” he asked. […]"
    assert sentence_excerpt(paragraph, *(paragraph.index("Because"),) * 2) == ("[…] “Because.” […]")


def test_a_picked_sentence_renders_in_the_house_format() -> None:
    excerpt = sentence_excerpt(PARAGRAPH, *_span("keep working"))
    clip = Clip("RFE/RL", date(2021, 9, 1), excerpt, RFERL_URL)
    assert render_digest(Digest("Nasiliu.net", "S", [clip])).endswith(
        "RFE/RL, 1 September 2021: […] “We will keep working,” the group’s director said. […]\n"
    )
