"""The slip form on a 375 px phone: a third-party slip in 3 typed fields and 4 taps, consent by a tap."""

import re

from playwright.sync_api import Page, expect

from referrals.models import Referral
from tests.browser.helpers import log_in, start_slip_to_bob


def test_a_third_party_slip_takes_three_typed_fields_and_four_taps_and_consent_is_a_tap(page: Page, world):
    alice, bob = world.alice, world.bob
    log_in(page, alice)
    expect(page.get_by_role("heading", name=re.compile(alice.first_name))).to_be_visible()

    taps = typed = 0
    page.get_by_role("link", name="Referral geven").first.click()
    taps += 1
    consent = page.get_by_role("radio", name="Ik heb gezegd dat je belt")
    expect(consent).not_to_be_checked()  # nothing chosen for the giver
    expect(page.get_by_label("Voor mijn eigen bedrijf (ik ben de klant)")).not_to_be_checked()
    expect(
        page.get_by_role("radio", name="1 · contactgegevens van iemand die je telefoontje verwacht")
    ).to_be_hidden()
    page.get_by_label(re.compile("^Bob")).check()
    taps += 1
    page.get_by_label("Wat is er nodig?").fill("Zoekt een installateur voor een warmtepomp")
    typed += 1
    page.get_by_label("Naam", exact=True).fill("Jan Smit")
    typed += 1
    page.get_by_label("Telefoon", exact=True).fill("06-12345678")
    typed += 1
    consent.click()
    taps += 1
    page.screenshot(path="/tmp/shots/referrals_third_party_form.png", full_page=True)
    page.get_by_role("button", name="Referral doorgeven").click()
    taps += 1
    expect(page.get_by_text("Referral doorgegeven aan")).to_be_visible()

    assert typed <= 3 and taps <= 4, (typed, taps)
    print(f"third-party slip: {typed} typed fields, {taps} taps")
    referral = Referral.objects.get()
    assert (referral.receiver, referral.kind, referral.consent) == (bob, "third_party", "told_them")
    assert (referral.contact_name, referral.contact_phone) == ("Jan Smit", "06-12345678")


def test_sending_without_a_consent_choice_says_why(page: Page, world):
    start_slip_to_bob(page, world.alice, "Zoekt een installateur")
    page.get_by_role("button", name="Referral doorgeven").click()
    expect(page.get_by_text("Kies of het contact weet dat je de gegevens doorgeeft.")).to_be_visible()
    assert not Referral.objects.exists()
