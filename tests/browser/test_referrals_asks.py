"""An ask gets answered: "I know someone" from the chapter's asks, then won, badge and thanks once."""

import re

from playwright.sync_api import Page, expect

from members.services.users import user_set_weekly_ask
from referrals.models import Referral, ThankYou
from tests.browser.helpers import log_in


def test_a_member_answers_an_ask_and_the_asker_wins_it_and_thanks_once(page: Page, world):
    alice, bob = world.alice, world.bob
    user_set_weekly_ask(
        user=bob,
        weekly_ask="Facility managers van kantoren in Utrecht",
        ask_who="Facility manager, kantoor met 50+ medewerkers",
        ask_intro="Bob denkt mee over lagere energiekosten",
    )

    log_in(page, alice)
    page.get_by_role("link", name="Vragen van het chapter: ik ken iemand").click()
    expect(page.get_by_text("Facility managers van kantoren in Utrecht")).to_be_visible()
    page.screenshot(path="/tmp/shots/asks.png", full_page=True)
    page.get_by_role("link", name="Ik ken iemand").click()
    expect(page.get_by_test_id("answering-ask")).to_contain_text("Bob denkt mee over lagere energiekosten")
    expect(page.get_by_label(re.compile("^Bob"))).to_be_checked()
    page.get_by_label("Wat is er nodig?").fill("Nieuw klimaatsysteem voor het hoofdkantoor")
    page.get_by_label("Naam", exact=True).fill("Jan Smit")
    page.get_by_label("Telefoon", exact=True).fill("06-12345678")
    page.get_by_text("Ik heb gezegd dat je belt").click()  # consent is a tap, never a default
    page.get_by_role("button", name="Referral doorgeven").click()
    expect(page.get_by_test_id("answered-ask")).to_be_visible()
    referral = Referral.objects.get()
    assert referral.answered_ask == "Facility managers van kantoren in Utrecht"

    # The asker sees the answer counted, wins it: the header's badge follows the pipeline.
    log_in(page, bob)
    expect(page.get_by_test_id("ask-answers")).to_contain_text("1 lid heeft je vraag beantwoord")
    page.goto(f"/referrals/{referral.pk}/")
    badge = page.locator("#referral-status-badge")
    expect(badge).to_have_text("Nieuw")
    page.get_by_role("button", name="Gewonnen").click()
    expect(badge).to_have_text("Gewonnen")
    page.screenshot(path="/tmp/shots/asks_won.png", full_page=True)

    # Thanked once, the "thank" action gives way to a deliberate "another payment".
    page.get_by_test_id("thank-giver").click()
    page.get_by_label(re.compile("Bedrag in euro")).fill("950")
    page.get_by_role("button", name="Bedanken").click()
    expect(page.get_by_text("Bedankje vastgelegd")).to_be_visible()
    expect(page.get_by_test_id("thank-giver")).to_have_count(0)
    expect(page.get_by_test_id("another-payment")).to_be_visible()
    assert ThankYou.objects.count() == 1

    # The privacy text is one tap away from every page.
    page.get_by_role("link", name="Privacy").click()
    expect(page.get_by_role("heading", name=re.compile("Privacy"))).to_be_visible()
    expect(page.get_by_text(re.compile("24 maanden later gewist"))).to_be_visible()
