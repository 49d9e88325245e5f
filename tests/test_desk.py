"""The desk through Starlette's TestClient on both backends: the gate, CSRF, the week's
context, review decisions with their audit trail and undo, compose and export."""

from __future__ import annotations

from store.db import Store
from store.models import ArticleRow, Clipping
from store.users import set_disabled
from tests.desk_store import (
    COMPOSE_URL,
    PASSWORD,
    SCRIPT_TITLE,
    WEEK,
    WEEK_URL,
    Client,
    client_for,
    clipping_ids,
)

# --- the gate -------------------------------------------------------------------------------


def test_every_page_but_login_needs_a_session(desk: Store) -> None:
    ids = clipping_ids(desk)
    with client_for(desk) as client:
        pages = ("/", WEEK_URL, COMPOSE_URL, f"{COMPOSE_URL}/export", "/day/2021-10-19", "/trends")
        for url in pages:
            response = client.get(url)
            assert response.status_code == 303, url
            assert response.headers["location"].startswith("/login?next=")
        assert client.get(WEEK_URL, headers={"HX-Request": "true"}).status_code == 401
        assert client.post(f"/clippings/{ids['a1']}/approve").status_code == 401
        assert client.get("/login").status_code == 200
        assert client.get("/static/desk.css").status_code == 200
    with desk.read_session() as session:
        assert session.get_one(Clipping, ids["a1"]).status == "candidate"


def test_login_refuses_a_wrong_password_and_disabled_accounts(desk: Store) -> None:
    with client_for(desk) as client:
        token = client.get("/login").context["csrftoken"]
        form = {"csrftoken": token, "name": "anna", "password": "wrong password"}
        response = client.post("/login", data=form)
        assert response.status_code == 401
        assert response.context["page"].error == "Wrong name or password."
        assert client.get("/").status_code == 303
    with desk.transaction() as session:
        set_disabled(session, "boris")
    with client_for(desk) as client:
        token = client.get("/login").context["csrftoken"]
        form = {"csrftoken": token, "name": "boris", "password": PASSWORD}
        assert client.post("/login", data=form).status_code == 401


def test_a_disabled_account_loses_its_open_session(anna: Client, desk: Store) -> None:
    client, _ = anna
    assert client.get(WEEK_URL).status_code == 200
    with desk.transaction() as session:
        set_disabled(session, "anna")
    assert client.get(WEEK_URL).status_code == 303


def test_login_goes_back_to_a_local_page_only(desk: Store) -> None:
    with client_for(desk) as client:
        token = client.get("/login").context["csrftoken"]
        form = {"csrftoken": token, "name": "anna", "password": PASSWORD, "next": "//evil.example/"}
        assert client.post("/login", data=form).headers["location"] == "/"


def test_posts_without_the_csrf_token_are_refused(anna: Client, desk: Store) -> None:
    client, token = anna
    ids = clipping_ids(desk)
    response = client.post(f"/clippings/{ids['a1']}/approve", data={})
    assert response.status_code == 403
    response = client.post(f"/clippings/{ids['a1']}/approve", data={"csrftoken": "forged"})
    assert response.status_code == 403
    with desk.read_session() as session:
        assert session.get_one(Clipping, ids["a1"]).status == "candidate"
    headers = {"x-csrftoken": token, "HX-Request": "true"}
    assert client.post(f"/clippings/{ids['a1']}/approve", headers=headers).status_code == 200


def test_the_login_form_needs_the_csrf_token(desk: Store) -> None:
    with client_for(desk) as client:
        form = {"name": "anna", "password": PASSWORD}
        assert client.post("/login", data=form).status_code == 403


# --- the week -------------------------------------------------------------------------------


def test_week_context_ranks_csos_and_groups_copies(anna: Client) -> None:
    client, _ = anna
    page = client.get(WEEK_URL).context["page"]
    assert [c.cso_id for c in page.ranking] == ["ovd-info", "memorial"]
    top = page.ranking[0]
    assert (top.articles, top.stories, top.outlets, top.prominent, top.quotes) == (4, 3, 2, 2, 1)
    assert page.cso.cso_id == "ovd-info"
    titles = [card.view.title for card in page.cards]
    assert len(titles) == 3
    court = next(c for c in page.cards if c.view.title.startswith("Court Fines"))
    assert [v.outlet_name for v in court.copies] == ["RFE/RL"]
    assert court.highlight.match == "OVD-Info"
    assert [o.key for o in court.options] == ["lead", "paragraph:0", "quote:0"]
    assert court.options[2].text == (
        "“We will keep counting every detention, whatever the fines,” Grigory Okhotin said."
    )
    other = client.get(f"{WEEK_URL}?cso=memorial").context["page"]
    assert [c.view.cso_id for c in other.cards] == ["memorial"]


def test_a_card_says_what_the_extraction_had_to_settle(anna: Client, desk: Store) -> None:
    client, _ = anna
    note = "conflicting publication dates: json-ld 2021-10-19, <time> 2021-10-18; json-ld kept"
    assert not any(c.extraction_notes for c in client.get(WEEK_URL).context["page"].cards)
    first = client.get(WEEK_URL).context["page"].cards[0].view.article_id
    with desk.transaction() as session:
        row = session.get_one(ArticleRow, first)
        row.extraction_notes = [note, "charset: utf8 declared, the bytes are cp1251"]
    page = client.get(WEEK_URL)
    noted = [c for c in page.context["page"].cards if c.extraction_notes]
    assert [c.view.article_id for c in noted] == [first]
    assert noted[0].extraction_notes[0] == note
    assert "the extraction noted 2 things" in page.text
    assert "json-ld 2021-10-19, &lt;time&gt; 2021-10-18" in page.text  # escaped, as scraped text


def test_any_day_redirects_to_its_week(anna: Client) -> None:
    client, _ = anna
    assert client.get("/week/2021-10-19").headers["location"] == WEEK_URL
    assert client.get("/week?date=2021-10-17").headers["location"] == WEEK_URL
    assert client.get("/week/not-a-date").status_code == 404


def test_scraped_text_is_escaped(anna: Client) -> None:
    client, _ = anna
    html = client.get(WEEK_URL).text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; OVD-Info Report On Police" in html
    assert "<b>at rallies</b>" not in html
    assert any(c.view.title == SCRIPT_TITLE for c in client.get(WEEK_URL).context["page"].cards)


def test_index_lists_the_weeks(anna: Client) -> None:
    client, _ = anna
    weeks = client.get("/").context["page"].weeks
    assert [(w.week_end, w.clippings, w.csos) for w in weeks] == [(WEEK, 5, 2)]


def test_the_trends_page_charts_a_csos_mentions(anna: Client) -> None:
    client, _ = anna
    assert client.get("/trends").context["page"].points == []
    response = client.get("/trends?cso=ovd-info&by=week")
    page = response.context["page"]
    assert page.cso == "ovd-info" and page.by == "week"
    assert [(p.period, p.articles) for p in page.points] == [(WEEK, 4)]
    assert "<svg" in response.text
    assert client.get("/trends?cso=<script>").context["page"].cso == ""


def test_a_story_named_on_weaker_evidence_only_is_shown_apart(anna: Client, desk: Store) -> None:
    """A key person's name alone (no role, the CSO not named) is "medium" confidence: the card
    goes under "Check the name first", tagged with what made it count. Mentions stored before
    the store kept confidence (NULL) are not judged and stay in the queue."""
    from datetime import UTC, datetime

    from sqlalchemy import update

    from pipelines.mentions import find_mentions
    from pipelines.registry import registry_from_dicts
    from store import queries
    from store.models import MentionRow
    from tests.desk_store import REGISTRY, RFERL, week_articles

    client, _ = anna
    person = week_articles()[2]
    person.article_id, person.url = "31520009", f"{RFERL}/a/berlin-conference/31520009.html"
    person.canonical_url = person.url
    person.title, person.lead = "Exiles Meet In Berlin", "Exiled activists met in Berlin."
    person.paragraphs = ["Grigory Okhotin spoke about the detentions of the past year."]
    person.mentions = find_mentions(person, registry_from_dicts(REGISTRY))
    assert [(m.evidence, m.confidence) for m in person.mentions] == [("person", "medium")]
    with desk.transaction() as session:
        stored = queries.save_article(
            session, person, outlet_key="rferl", fetched_at=datetime(2021, 10, 22, tzinfo=UTC)
        )
    page = client.get(WEEK_URL)
    data = page.context["page"]
    assert [c.view.title for c in data.doubtful] == ["Exiles Meet In Berlin"]
    assert len(data.cards) == 3 and not any(c.view.doubtful for c in data.cards)
    assert "Check the name first" in page.text and "4 stories (1 to check)" in page.text
    assert "medium confidence: person" in page.text
    with desk.transaction() as session:  # as a row stored before revision 0014
        session.execute(
            update(MentionRow)
            .where(MentionRow.article_id == stored.article_id)
            .values(evidence=None, confidence=None)
        )
    data = client.get(WEEK_URL).context["page"]
    assert not data.doubtful and len(data.cards) == 4
