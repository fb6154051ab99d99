"""The president previews the weekly summary and sends a test; a member switches the summary off by
the link in the mail (the test carries the president's own link), then finds it off on the settings page."""

import datetime
import re

from django.core import mail
from playwright.sync_api import Page, expect

from members.models import MailPreference
from tests.browser.helpers import log_in
from tests.chapters.helpers import make_meeting


def test_preview_test_send_and_one_click_unsubscribe(page: Page, world):
    make_meeting(world.chapter, starts_in=datetime.timedelta(days=3))
    log_in(page, world.carol)
    page.goto(f"/c/{world.chapter.slug}/summary/")
    expect(page.get_by_role("heading", name="Weekoverzicht: wat de leden ontvangen")).to_be_visible()
    page.get_by_label("Toon het overzicht van").select_option(label=world.alice.full_name)
    page.get_by_role("button", name="Tonen", exact=True).click()
    expect(page.get_by_test_id("summary-subject")).to_contain_text(world.chapter.name)
    page.get_by_role("button", name="Stuur een test naar mezelf").click()
    page.get_by_role("button", name="Verstuur de test").click()
    expect(page.get_by_text(re.compile("Een test is onderweg"))).to_be_visible()
    (test_mail,) = mail.outbox
    assert test_mail.to == [world.carol.email]

    link = re.search(r"http://[^\s]+/unsubscribe/[^\s]+/", test_mail.body).group(0)
    page.context.clear_cookies()
    page.goto("/" + link.split("/", 3)[3])
    page.get_by_test_id("unsubscribe").click()
    expect(page.get_by_role("heading", name="Gedaan")).to_be_visible()
    assert MailPreference.objects.get(user=world.carol).delivery == "off"
    assert not MailPreference.objects.filter(user=world.alice).exists()

    log_in(page, world.carol)
    page.goto("/profile/mail/")
    expect(page.get_by_role("radio", name="Uit").first).to_be_checked()
    expect(page.get_by_text("Deze kun je niet uitzetten", exact=False)).to_be_visible()
