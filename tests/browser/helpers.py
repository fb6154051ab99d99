from playwright.sync_api import Page

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
