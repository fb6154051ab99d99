"""A member's own membership on a phone: asking to renew (the VP confirms on the preview page),
downloading their data, and leaving the chapter after seeing what happens."""

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in

SHOTS = "/tmp/shots"


def test_renew_download_and_leave_on_a_phone(page: Page, world):
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, world.alice)
    page.goto("/profile/membership/")
    page.get_by_role("button", name="Vraag verlenging aan").click()
    expect(page.get_by_test_id("renewal-state")).to_contain_text("Wacht op de VP")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download mijn gegevens").click()
    assert download.value.suggested_filename.endswith(".zip")
    page.screenshot(path=f"{SHOTS}/members-my-membership.png", full_page=True)

    log_in(page, world.carol)
    page.goto(f"/c/{world.chapter.slug}/renewals/requests/")
    page.get_by_role("link", name=re.compile(world.alice.full_name)).click()
    expect(page.get_by_test_id("renewal-preview")).to_contain_text("Een nieuwe termijn loopt van")
    page.get_by_label("De verlenging goedkeuren").check()
    page.screenshot(path=f"{SHOTS}/members-renewal-request.png", full_page=True)
    page.get_by_role("button", name="Het besluit bevestigen").click()
    expect(page.get_by_text(re.compile(f"{world.alice.full_name} is verlengd tot"))).to_be_visible()

    log_in(page, world.bob)
    page.goto("/profile/membership/leave/")
    expect(page.get_by_test_id("leave-preview")).to_contain_text("kunt niet meer inloggen")
    page.get_by_label("Waarom stop je?").fill("Ik ga met pensioen.")
    page.get_by_label(re.compile("Ik begrijp het")).check()
    page.screenshot(path=f"{SHOTS}/members-leave.png", full_page=True)
    page.get_by_role("button", name="Het chapter verlaten").click()
    page.wait_for_url(lambda url: "/profile/" not in url)
    assert world.bob.memberships.get().status == "left"
