import re

from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.helpers import log_out, open_menu


def test_a_member_logs_in_in_dutch_switches_to_english_and_logs_out(page: Page, world):
    page.goto("/")
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()

    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(world.alice.email)
    page.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", name=re.compile("Fijn je te zien, Alice"))).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    # The phone-width navigation collapses behind the menu button.
    open_menu(page)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name=re.compile("Good to see you, Alice"))).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    log_out(page, "Log out")
    expect(page.get_by_role("heading", name="Log in to Kring")).to_be_visible()

    # The choice of language is remembered on the profile for the next login.
    world.alice.refresh_from_db()
    assert world.alice.language == "en"
