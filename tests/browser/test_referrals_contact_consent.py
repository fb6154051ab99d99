"""Mag ik je doorgeven?: the giver has Kring ask the contact; the contact answers on their own page."""

import re

from django.core import mail
from playwright.sync_api import Browser, Page, expect

from referrals.models import Referral
from tests.browser.helpers import log_in, start_slip_to_bob

SHOTS = "/tmp/shots"


def _pass_slip_asking_the_contact(page: Page, world) -> Referral:
    start_slip_to_bob(page, world.alice, "Zoekt een installateur voor een warmtepomp")
    page.get_by_label("E-mail", exact=True).fill("jan@smitbouw.nl")
    page.get_by_role("radio", name=re.compile("Vraag het ze voor mij")).click()
    expect(page.get_by_label("Taal van de e-mail van Kring aan het contact")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/consent_giver_form.png", full_page=True)
    page.get_by_role("button", name="Referral doorgeven").click()
    expect(page.get_by_text(re.compile("Kring heeft je contact gevraagd"))).to_be_visible()
    return Referral.objects.get()


def _contact_link() -> str:
    message = next(message for message in mail.outbox if message.to == ["jan@smitbouw.nl"])
    assert message.subject.startswith("Mag ik je doorgeven?")
    return re.search(r"https?://[^/\s]+(/consent/[A-Za-z0-9_-]+/)", message.body).group(1)


def _contact_page(browser: Browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 375, "height": 740}
    )
    return context, context.new_page()


def test_the_contact_says_yes_and_the_receiver_then_sees_the_phone_number(
    page: Page, browser: Browser, live_server, world
):
    mail.outbox = []
    referral = _pass_slip_asking_the_contact(page, world)

    # The receiver sees the lead, waiting, without the contact's details.
    log_in(page, world.bob)
    page.goto(f"/referrals/{referral.pk}/")
    expect(page.get_by_test_id("waiting-for-contact-text")).to_be_visible()
    expect(page.get_by_text("06-12345678")).to_have_count(0)

    # The contact, in a browser of their own and without an account, says yes.
    context, contact = _contact_page(browser, live_server)
    contact.goto(_contact_link())
    expect(contact.get_by_text(re.compile("Alice .* wil je graag voorstellen aan Bob"))).to_be_visible()
    contact.screenshot(path=f"{SHOTS}/consent_contact_page.png", full_page=True)
    contact.get_by_role("button", name="Ja, bel me").click()
    expect(contact.get_by_text(re.compile("Dank je!"))).to_be_visible()
    context.close()

    page.reload()
    expect(page.get_by_role("link", name="06-12345678")).to_be_visible()
    expect(page.get_by_test_id("contact-preference")).to_contain_text("Ze worden liefst gebeld.")
    page.screenshot(path=f"{SHOTS}/consent_receiver_sees_contact.png", full_page=True)


def test_the_contact_says_no_and_their_details_are_gone_from_the_database(
    page: Page, browser: Browser, live_server, world
):
    mail.outbox = []
    referral = _pass_slip_asking_the_contact(page, world)

    context, contact = _contact_page(browser, live_server)
    contact.goto(_contact_link())
    contact.get_by_role("button", name="Nee, dank je").click()
    expect(contact.get_by_test_id("stored-nothing")).to_be_visible()
    contact.screenshot(path=f"{SHOTS}/consent_contact_said_no.png", full_page=True)
    context.close()

    row = Referral.objects.filter(pk=referral.pk).values(
        "contact_name", "contact_company", "contact_phone", "contact_email", "need"
    )[0]
    assert row["contact_name"] == row["contact_phone"] == row["contact_email"] == row["contact_company"] == ""
    assert "Jan Smit" not in str(row) and "warmtepomp" not in row["need"]
    assert Referral.objects.filter(giver=world.alice).count() == 1  # the count stays
    # The giver hears it, kindly.
    assert any(
        message.to == [world.alice.email] and "fijn dat je aan ze dacht" in message.body
        for message in mail.outbox
    )
