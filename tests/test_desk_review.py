"""Review, compose and export on the desk (both backends): decisions with who and when, undo,
two editors on one queue, the stored summary and order, and the export = `csowatch digest`."""

from __future__ import annotations

from click.testing import CliRunner
from starlette.testclient import TestClient

from crawler.cli import main
from store.db import Store
from store.decisions import clipping_events
from store.models import Clipping
from tests.desk_store import (
    AGENCY_PARAGRAPHS,
    COMPOSE_URL,
    EXPECTED,
    SUMMARY,
    WEEK_URL,
    Client,
    client_for,
    clipping_ids,
    login,
    post,
)


def status(store: Store, clipping_id: int) -> Clipping:
    with store.read_session() as session:
        return session.get_one(Clipping, clipping_id)


def review_the_week(client: TestClient, token: str, ids: dict[str, int]) -> None:
    """Approve two, pick one excerpt, reject one with a reason, undo the rejection."""
    assert post(client, token, f"/clippings/{ids['a1']}/approve").status_code == 200
    assert post(client, token, f"/clippings/{ids['31520002']}/approve").status_code == 200
    response = post(client, token, f"/clippings/{ids['31520002']}/excerpt", option="sentence:1")
    assert response.status_code == 200
    response = post(
        client, token, f"/clippings/{ids['a75288']}/reject", reason="A report, old news"
    )
    assert response.status_code == 200
    undo = response.context["page"].card.last_event
    assert (undo.action, undo.actor, undo.reason) == ("rejected", "anna", "A report, old news")
    assert post(client, token, f"/events/{undo.id}/undo").status_code == 200
    response = client.post(f"{COMPOSE_URL}/summary", data={"csrftoken": token, "summary": SUMMARY})
    assert response.status_code == 303


def test_decisions_are_stored_with_who_and_when_and_undone(anna: Client, desk: Store) -> None:
    client, token = anna
    ids = clipping_ids(desk)
    review_the_week(client, token, ids)
    approved = status(desk, ids["a1"])
    assert (approved.status, approved.decided_by) == ("approved", "anna")
    assert approved.decided_at is not None
    picked = status(desk, ids["31520002"])
    assert picked.excerpt == "At least 47 people were detained, according to OVD-Info. […]"
    assert picked.excerpt_kind == "custom"
    undone = status(desk, ids["a75288"])
    assert (undone.status, undone.reason, undone.decided_by) == ("candidate", None, None)
    with desk.read_session() as session:
        events = clipping_events(session, ids["a75288"])
    assert [(e.actor, e.action) for e in events] == [("anna", "rejected"), ("anna", "undo")]


def test_export_is_the_house_format_and_the_cli_prints_the_same(
    anna: Client, desk: Store, db_url: str
) -> None:
    client, token = anna
    review_the_week(client, token, clipping_ids(desk))
    exported = client.get(f"{COMPOSE_URL}/export?format=text")
    assert exported.status_code == 200
    assert exported.text == EXPECTED
    page = client.get(COMPOSE_URL).context["page"]
    assert page.summary == " ".join(SUMMARY.split())
    assert {e.fmt: e.text for e in page.exports}["text"] == EXPECTED
    runner = CliRunner()
    for fmt in ("text", "md", "html"):
        args = ["--db", db_url, "digest", "--week", "2021-10-20", "--cso", "ovd-info"]
        result = runner.invoke(main, [*args, "--format", fmt])
        assert result.exit_code == 0, result.output
        assert result.output == client.get(f"{COMPOSE_URL}/export?format={fmt}").text
    html = client.get(f"{COMPOSE_URL}/export?format=html").text
    assert '<a href="https://www.rferl.org/a/russia-detentions-protest/31520002.html"' in html


def test_reordering_is_stored_and_exported(anna: Client, desk: Store, db_url: str) -> None:
    client, token = anna
    ids = clipping_ids(desk)
    review_the_week(client, token, ids)
    form = {"csrftoken": token, "clipping": str(ids["31520002"]), "direction": "up"}
    assert client.post(f"{COMPOSE_URL}/move", data=form).status_code == 303
    page = client.get(COMPOSE_URL).context["page"]
    assert [v.clipping_id for v in page.clippings] == [ids["31520002"], ids["a1"]]
    text = client.get(f"{COMPOSE_URL}/export").text
    assert text.index("RFE/RL, 20 October") < text.index("The Moscow Times, 19 October")
    args = ["--db", db_url, "digest", "--week", "2021-10-22", "--cso", "ovd-info"]
    assert CliRunner().invoke(main, args).output == text


def test_draft_renders_every_candidate(anna: Client, db_url: str) -> None:
    client, _ = anna
    draft = client.get(f"{COMPOSE_URL}/export?draft=1").text
    assert draft.count("\n\n") == 4  # heading + four clippings, no summary yet
    args = ["--db", db_url, "digest", "--week", "2021-10-22", "--cso", "ovd-info", "--draft"]
    assert CliRunner().invoke(main, args).output == draft


def test_two_editors_share_one_queue(anna: Client, desk: Store) -> None:
    client, token = anna
    ids = clipping_ids(desk)
    post(client, token, f"/clippings/{ids['a1']}/approve")
    with client_for(desk) as boris:
        boris_token = login(boris, "boris")
        page = boris.get(WEEK_URL).context["page"]
        card = next(c for c in page.cards if c.view.clipping_id == ids["a1"])
        assert (card.view.status, card.view.decided_by) == ("approved", "anna")
        response = post(boris, boris_token, f"/events/{card.last_event.id}/undo")
        assert response.status_code == 200
    with desk.read_session() as session:
        events = clipping_events(session, ids["a1"])
    assert [(e.actor, e.action) for e in events] == [("anna", "approved"), ("boris", "undo")]


def test_bad_actions_are_refused_with_a_reason(anna: Client, desk: Store) -> None:
    client, token = anna
    ids = clipping_ids(desk)
    response = post(client, token, f"/clippings/{ids['a1']}/reject", reason="  ")
    assert (response.status_code, response.text) == (400, "give a reason for the rejection")
    response = post(client, token, f"/clippings/{ids['a1']}/excerpt", option="quote:9")
    assert response.status_code == 400
    first = post(client, token, f"/clippings/{ids['a1']}/approve").context["page"].card
    post(client, token, f"/clippings/{ids['a1']}/note", note="Check the fine's amount")
    assert post(client, token, f"/events/{first.last_event.id}/undo").status_code == 409
    assert status(desk, ids["a1"]).note == "Check the fine's amount"
    assert post(client, token, "/clippings/99999/approve").status_code == 404


def test_own_cut_is_tidied(anna: Client, desk: Store) -> None:
    client, token = anna
    ids = clipping_ids(desk)
    text = "A Moscow court  fined the rights group OVD-Info [...]"
    response = post(client, token, f"/clippings/{ids['a1']}/excerpt", option="custom", text=text)
    assert response.context["page"].card.selected == "custom"
    clipping = status(desk, ids["a1"])
    assert (clipping.excerpt, clipping.excerpt_kind) == (
        "A Moscow court fined the rights group OVD-Info […]",
        "custom",
    )


def test_news_of_the_day(anna: Client) -> None:
    client, _ = anna
    page = client.get("/day/2021-10-20").context["page"]
    text = {e.fmt: e.text for e in page.exports}["text"]
    assert text == (
        "News of the Day: 20 October 2021\n\n"
        f"RFE/RL: {AGENCY_PARAGRAPHS[0]}\n\n"  # no lead: its first paragraph
        "RFE/RL: Police in Moscow detained dozens of people protesting against the results "
        "of the parliamentary elections.\n"
    )
    assert client.get("/day/2021-10-20/export").text == text
    assert page.items == 2


def test_the_api_is_mounted_behind_the_desk_session(anna: Client, desk: Store) -> None:
    client, _ = anna
    assert client.get("/api/csos").status_code == 200
    with client_for(desk) as stranger:
        assert stranger.get("/api/csos").status_code == 401
