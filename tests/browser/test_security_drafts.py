"""A form sent while the server cannot save it keeps what was typed (static/js/kring.js, data-keep-draft)."""

import re

from django.template.loader import render_to_string
from django.utils import translation
from playwright.sync_api import Page, Route, expect


def _answer_503(route: Route) -> None:
    if route.request.method != "POST":
        route.continue_()
        return
    with translation.override("nl"):
        page_503 = render_to_string("503.html")
    route.fulfill(status=503, body=page_503, content_type="text/html; charset=utf-8")


def test_a_form_sent_while_the_database_is_down_gets_back_what_was_typed(page: Page, world):
    page.route("**/accounts/password-reset/", _answer_503)
    page.goto("/accounts/password-reset/")
    page.get_by_label("E-mail").fill("alice.typed@example.nl")
    page.get_by_role("button", name="Stuur de link").click()

    expect(page.get_by_text("Als je net een formulier verstuurde, is het niet opgeslagen.")).to_be_visible()
    page.screenshot(path="/tmp/shots/security_503.png", full_page=True)
    page.wait_for_load_state()  # the button works once kring.js (deferred) has run
    page.get_by_role("button", name="Ga terug").click()

    expect(page.get_by_text("Wat je net verstuurde is niet opgeslagen.")).to_be_visible()
    expect(page.get_by_label("E-mail")).to_have_value("alice.typed@example.nl")
    page.screenshot(path="/tmp/shots/security_draft_restored.png", full_page=True)

    # The database is back: sending again works and the draft is gone.
    page.unroute("**/accounts/password-reset/")
    page.get_by_role("button", name="Stuur de link").click()
    expect(page).to_have_url(re.compile(r"/accounts/password-reset/sent/$"))
    page.goto("/accounts/password-reset/")
    expect(page.get_by_label("E-mail")).to_have_value("")
    expect(page.get_by_text("Wat je net verstuurde is niet opgeslagen.")).to_have_count(0)


def test_a_draft_can_be_cleared_by_hand(page: Page, world):
    page.route("**/accounts/password-reset/", _answer_503)
    page.goto("/accounts/password-reset/")
    page.get_by_label("E-mail").fill("weg@example.nl")
    page.get_by_role("button", name="Stuur de link").click()
    expect(page.get_by_role("button", name="Ga terug")).to_be_visible()
    page.wait_for_load_state()  # the button works once kring.js (deferred) has run
    page.get_by_role("button", name="Ga terug").click()

    page.get_by_role("button", name="Wissen").click()

    expect(page.get_by_label("E-mail")).to_have_value("")
    page.reload()
    expect(page.get_by_text("Wat je net verstuurde is niet opgeslagen.")).to_have_count(0)
