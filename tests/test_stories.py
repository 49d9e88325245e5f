"""The story print's pure core (``pipelines.stories``): words, shingles, signature, keys, links,
and what bad input does to it."""

from __future__ import annotations

import pickle

from pipelines import stories as S
from pipelines.types import Article

AGENCY = (
    "MOSCOW (AP) - A Moscow court on Tuesday fined the human rights group OVD-Info 300,000 "
    "rubles for failing to mark its publications with the foreign agent label, the group said. "
    "The Justice Ministry added the project to its list of foreign agents in September. "
    "Lawyers for the group said they would appeal against the ruling in a higher court."
)
OTHER = (
    "Police in Moscow detained dozens of people protesting against the election results on "
    "Sunday evening, the monitoring group said. Most were released after several hours, "
    "though some were charged with taking part in an unauthorised rally near the Kremlin."
)


def grouped(a: str, b: str) -> bool:
    pa, pb = S.text_print(a), S.text_print(b)
    return bool(set(pa.bands) & set(pb.bands)) and pa.same_story(pb.signature, pb.size)


def test_words_are_normalised_letters_only() -> None:
    assert S.words("Ёлка, 2021: «МЕМОРИАЛ»-info! ﬁne") == ["елка", "мемориал", "info", "fine"]
    assert S.words("one two three", limit=2) == ["one", "two"]
    assert S.shingles(["a", "b", "c"], 2) == {"a b", "b c"}


def test_the_print_is_deterministic_and_compact() -> None:
    p = S.text_print(AGENCY)
    assert p == S.text_print(AGENCY)
    assert len(p.signature) == 4 * S.NUM_PERM
    assert len(p.bands) == S.BANDS
    assert pickle.loads(pickle.dumps(p)) == p  # it crosses the analysis pool's process boundary
    assert S.jaccard(p.signature, p.signature) == 1.0


def test_an_agency_copy_is_one_story_and_another_story_is_not() -> None:
    copy = AGENCY.replace("MOSCOW (AP) - ", "").replace("300,000", "300 000") + " More follows."
    assert grouped(AGENCY, copy)
    assert not grouped(AGENCY, OTHER)


def test_a_statement_quoted_inside_a_longer_article_is_one_story() -> None:
    article = (
        "The group published a statement on its website on Wednesday. " + AGENCY + " Officials "
        "did not answer our questions by the time of publication, and the ministry's press "
        "office said it would not comment on court decisions it had not yet received."
    )
    assert S.containment(*_sig(AGENCY), *_sig(article)) > 0.6
    assert S.jaccard(S.text_print(AGENCY).signature, S.text_print(article).signature) < 0.8
    assert grouped(AGENCY, article)


def _sig(text: str) -> tuple[bytes, int]:
    p = S.text_print(text)
    return p.signature, p.size


def test_short_texts_are_one_story_only_when_their_words_are_equal() -> None:
    assert grouped("Memorial Closed", "memorial  closed!")
    assert not grouped("Memorial Closed", "Memorial Appeals")
    assert S.text_print("").bands == ()


def test_url_keys_ignore_scheme_www_and_tracking() -> None:
    a = S.url_key("https://www.rferl.org/a/memorial-closed/31630000.html")
    b = S.url_key("http://rferl.org/a/memorial-closed/31630000.html?utm_source=tg")
    assert a is not None and a == b
    assert S.url_key("https://www.rferl.org/a/other/31630001.html") != a
    assert S.url_key("not a url") is None


def test_sources_are_links_to_other_hosts() -> None:
    links = [
        ("related", "https://www.svoboda.org/a/other/31630002.html"),
        ("the original", "https://www.rferl.org/a/memorial-closed/31630000.html"),
        ("again", "https://rferl.org/a/memorial-closed/31630000.html#top"),
        ("mail", "mailto:news@svoboda.org"),
    ]
    keys = S.source_keys("https://www.svoboda.org/a/memorial/31630003.html", links)
    assert keys == (S.url_key("https://www.rferl.org/a/memorial-closed/31630000.html"),)


def test_story_print_of_an_article_signs_title_lead_and_body() -> None:
    article = Article(
        url="https://www.svoboda.org/a/x/1.html",
        canonical_url="https://www.svoboda.org/a/x/1.html",
        outlet="svoboda",
        title="Court fines OVD-Info",
        lead="The group will appeal.",
        paragraphs=[AGENCY],
        links=[("source", "https://www.rferl.org/a/y/2.html")],
    )
    p = S.story_print(article)
    assert p.url_key == S.url_key("https://svoboda.org/a/x/1.html")
    assert p.sources == (S.url_key("https://www.rferl.org/a/y/2.html"),)
    assert p.size == len(
        S.shingles(S.words("Court fines OVD-Info The group will appeal. " + AGENCY))
    )


def test_bad_input_returns_a_bounded_print() -> None:
    mixed = "Мемориал memorial 人権 حقوق ١٢٣ 123 " * 400_000  # 5+ MB, four scripts, digits
    assert len(mixed.encode()) > 5_000_000
    p = S.text_print(mixed)  # four distinct bigrams: a "short" text, one key
    assert 0 < p.size <= S.MAX_WORDS and len(p.bands) == 1
    distinct = " ".join(f"w{chr(0x430 + i % 32)}{chr(0x4E00 + i)}" for i in range(200_000))
    assert S.text_print(distinct).size == S.MAX_WORDS - S.SHINGLE + 1
    for text in ("", "   ", "1234 5678 !!!", "\u0301" * 100_000, "\x00\ud800 broken"):
        p = S.text_print(text, url="::not a url::", links=[("x", "http://[::1")])
        assert p.size >= 0
        assert len(p.signature) == 4 * S.NUM_PERM


def test_the_print_satisfies_the_store_protocol() -> None:
    from pipelines.types import StoryPrint

    p: StoryPrint = S.text_print(AGENCY)
    assert p.link_days == S.LINK_DAYS
