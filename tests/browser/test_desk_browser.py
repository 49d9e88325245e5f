"""The desk in real headless Chromium: log in, review a week by keyboard and mouse, undo,
compose, export; the gate, escaping and CSRF as a browser meets them."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Dialog, Page, expect

from tests.desk_store import EXPECTED, PASSWORD, SCRIPT_TITLE, SUMMARY, WEEK

WEEK_PATH = f"/week/{WEEK.isoformat()}"


def log_in(page: Page, base: str, path: str = WEEK_PATH) -> None:
    page.goto(base + path)
    expect(page).to_have_url(f"{base}/login?next=%2Fweek%2F{WEEK.isoformat()}")
    page.get_by_label("Name").fill("anna")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(base + path)


def card(page: Page, title: str):  # noqa: ANN201 - a Playwright Locator
    return page.locator("article.clip", has=page.get_by_role("heading", name=title))


def test_review_compose_and_export(page: Page, desk_url: str, artifacts: Path) -> None:
    log_in(page, desk_url)
    expect(page.locator("#ranking li").first).to_contain_text("OVD-Info")
    expect(page.locator("article.clip")).to_have_count(3)
    page.screenshot(path=str(artifacts / "desk-week.png"), full_page=True)

    script = card(page, SCRIPT_TITLE)
    court = card(page, "Court Fines OVD-Info Over Foreign Agent Label")
    protest = card(page, "Dozens Detained At Moscow Protest Against Election Results")
    expect(court.locator(".also")).to_contain_text("Also in: RFE/RL")

    # keyboard: j to the first story (the <script> one), r and a reason, Enter rejects it
    page.keyboard.press("j")
    expect(script).to_have_class("card clip status-candidate focused")
    page.keyboard.press("r")
    page.keyboard.type("A report, not this week's news")
    page.keyboard.press("Enter")
    expect(script.locator(".badge")).to_have_text("rejected")
    expect(script.locator(".reason")).to_contain_text("A report, not this week's news")
    # j to the court story, a approves it; j, a approves the protest story
    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(court.locator(".badge")).to_have_text("approved")
    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(protest.locator(".badge")).to_have_text("approved")
    expect(page.locator("#ranking li").first).to_contain_text("2 approved")

    # the protest story's excerpt: the sentence with the mention, cut marked […]
    protest.get_by_text("Choose or edit the excerpt").click()
    protest.get_by_label("The sentence with the mention").check()
    protest.get_by_role("button", name="Use this excerpt").click()
    expect(protest.locator(".excerpt-text")).to_have_text(
        "At least 47 people were detained, according to OVD-Info. […]"
    )
    # undo the rejection
    script.get_by_role("button", name="Undo rejected").click()
    expect(script.locator(".badge")).to_have_text("candidate")
    page.screenshot(path=str(artifacts / "desk-review.png"), full_page=True)

    # compose: the summary, then the export in the house format
    page.get_by_role("link", name="Compose the item →").click()
    page.get_by_label("Summary paragraph").fill(SUMMARY)
    page.get_by_role("button", name="Save summary").click()
    exported = page.get_by_label("Plain text", exact=True)
    expect(exported).to_have_value(EXPECTED)
    page.get_by_role("button", name="Copy plain text").click()
    expect(page.locator("#export-text .copied")).to_be_visible()
    page.screenshot(path=str(artifacts / "desk-export.png"), full_page=True)
    page.get_by_role("tab", name="Markdown").click()
    markdown = page.get_by_label("Markdown", exact=True)
    expect(markdown).to_be_visible()
    expect(markdown).to_have_value(
        EXPECTED.replace("CSO of the Week", "## CSO of the Week", 1)
        .replace(
            "The Moscow Times, 19 October 2021:",
            "[The Moscow Times, 19 October 2021](https://www.themoscowtimes.com/2021/10/19/"
            'court-fines-ovd-info-a75301 "Court Fines OVD-Info Over Foreign Agent Label"):',
        )
        .replace("[…]", "\\[…\\]")  # Markdown escapes the brackets of a cut
        .replace(
            "RFE/RL, 20 October 2021:",
            "[RFE/RL, 20 October 2021](https://www.rferl.org/a/russia-detentions-protest/"
            '31520002.html "Dozens Detained At Moscow Protest Against Election Results"):',
        )
    )
    body = page.request.get(f"{desk_url}{WEEK_PATH}/compose/ovd-info/export?format=text")
    assert body.text() == EXPECTED


def test_a_page_without_a_session_is_refused(page: Page, desk_url: str) -> None:
    page.goto(desk_url + WEEK_PATH)
    expect(page).to_have_url(f"{desk_url}/login?next=%2Fweek%2F{WEEK.isoformat()}")
    expect(page.locator("article.clip")).to_have_count(0)
    token = page.locator("input[name=csrftoken]").first.input_value()
    response = page.request.post(f"{desk_url}/clippings/1/approve", form={"csrftoken": token})
    assert response.status == 401  # a valid CSRF token, but no session


def test_a_script_title_shows_as_text(page: Page, desk_url: str) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    log_in(page, desk_url)
    headline = page.get_by_role("heading", name=SCRIPT_TITLE)
    expect(headline).to_have_text(SCRIPT_TITLE)
    expect(card(page, SCRIPT_TITLE).locator(".excerpt-text")).to_have_text(
        "OVD-Info published a report on police violence <b>at rallies</b>."
    )
    assert page.locator("article.clip script").count() == 0
    assert dialogs == []


def test_a_post_without_the_csrf_token_is_refused(page: Page, desk_url: str) -> None:
    log_in(page, desk_url)
    status = page.evaluate(
        """async () => {
            const r = await fetch('/clippings/1/approve', {method: 'POST',
                body: new URLSearchParams({note: 'x'}), credentials: 'same-origin'});
            return r.status;
        }"""
    )
    assert status == 403
    page.reload()
    expect(page.locator("article.clip.status-approved")).to_have_count(0)


def test_the_trends_chart(page: Page, desk_url: str, artifacts: Path) -> None:
    log_in(page, desk_url)
    page.get_by_role("link", name="mentions over time").click()
    expect(page).to_have_url(f"{desk_url}/trends?cso=ovd-info")
    expect(page.locator(".trend-chart svg")).to_have_count(1)
    expect(page.locator(".trend-table tbody tr")).to_have_count(1)
    page.screenshot(path=str(artifacts / "desk-trends.png"), full_page=True)
