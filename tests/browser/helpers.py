import re

from playwright.sync_api import Page, expect

from tests import factories


def log_in(page: Page, user, password: str = factories.PASSWORD) -> None:
    """Log in through the Dutch login form as a person would, and wait until Kring has let them in."""
    page.context.clear_cookies()
    # Network idle: the previous page's service worker may still be fetching forms to keep offline;
    # the form is filled in once those are done, with the CSRF cookie that stays.
    page.goto("/accounts/login/", wait_until="networkidle")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def start_slip_to_bob(page: Page, giver, need: str) -> None:
    """`giver` logs in and starts a slip to Bob for an outside contact: the need, the contact's name
    and phone typed; how the contact consents not chosen yet."""
    log_in(page, giver)
    page.goto("/referrals/new/")
    page.get_by_label(re.compile("^Bob")).check()
    page.get_by_label("Wat is er nodig?").fill(need)
    page.get_by_label("Naam", exact=True).fill("Jan Smit")
    page.get_by_label("Telefoon", exact=True).fill("06-12345678")


def open_menu(page: Page) -> None:
    """Open the phone-width navigation, which collapses behind the menu button."""
    page.get_by_role("button", name="Menu").click()
    # Wait until the collapse animation has finished, so the next tap lands where it should.
    expect(page.locator("#main-nav.show:not(.collapsing)")).to_be_visible()


def log_out(page: Page, button_name: str = "Uitloggen") -> None:
    """Log out through the menu under the person's name, as on a phone."""
    open_menu(page)
    page.get_by_test_id("current-user").click()
    logout = page.get_by_role("button", name=button_name)
    expect(logout).to_be_visible()
    logout.click()
