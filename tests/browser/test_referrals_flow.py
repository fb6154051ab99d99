import re

from playwright.sync_api import Page, expect

from referrals.models import Referral, ThankYou
from tests import factories
from tests.browser.helpers import log_in


def _log_in(page: Page, user) -> None:
    log_in(page, user)
    expect(page.get_by_role("heading", name=re.compile(user.first_name))).to_be_visible()


def test_a_referral_is_logged_on_a_phone_won_thanked_and_the_giver_sees_it(page: Page, world):
    alice, bob = world.alice, world.bob
    _log_in(page, alice)
    page.screenshot(path="/tmp/shots/referrals_home.png", full_page=True)

    # Quick entry, counted: every click or fill the member makes on a 375 px screen.
    interactions = fields_filled = 0
    page.get_by_role("link", name="Referral geven").first.click()
    interactions += 1
    page.get_by_label(re.compile("^Bob")).check()  # offered before any typing
    interactions += 1
    page.get_by_label("Voor mijn eigen bedrijf (ik ben de klant)").check()  # one tap
    interactions += 1
    page.get_by_label("Wat is er nodig?").fill("Nieuwe cv-ketel voor ons kantoor")
    interactions += 1
    fields_filled += 1
    page.screenshot(path="/tmp/shots/referrals_form.png", full_page=True)
    page.get_by_role("button", name="Referral doorgeven").click()
    interactions += 1
    expect(page.get_by_text("Referral doorgegeven aan")).to_be_visible()
    assert fields_filled <= 3 and interactions <= 5, (fields_filled, interactions)
    print(f"quick entry: {fields_filled} fields, {interactions} interactions")
    referral = Referral.objects.get()
    assert (referral.giver, referral.receiver, referral.kind) == (alice, bob, "own_business")

    # The receiver moves it to won (in place, htmx) and thanks the giver with a Dutch amount.
    _log_in(page, bob)
    page.goto(f"/referrals/{referral.pk}/")
    page.get_by_role("button", name="Gewonnen").click()
    expect(page.locator("#pipeline").get_by_text("Gewonnen").first).to_be_visible()
    page.screenshot(path="/tmp/shots/referrals_detail_won.png", full_page=True)
    page.get_by_role("link", name="Bedank Alice voor de opdracht").click()
    page.get_by_label(re.compile("Bedrag in euro")).fill("1.234,56")
    page.screenshot(path="/tmp/shots/referrals_thanks.png", full_page=True)
    page.get_by_role("button", name="Bedanken").click()
    expect(page.get_by_text("Bedankje vastgelegd")).to_be_visible()
    assert str(ThankYou.objects.get().amount) == "1234.56"

    # The giver sees the loop closed: won, and the thank-you.
    _log_in(page, alice)
    page.goto("/referrals/?tab=given")
    page.get_by_role("link", name=re.compile("Nieuwe cv-ketel")).click()
    expect(page.get_by_text("€ 1.234,56")).to_be_visible()
    expect(page.locator("#pipeline").get_by_text("Gewonnen").first).to_be_visible()
    page.screenshot(path="/tmp/shots/referrals_giver_sees_won.png", full_page=True)
    page.goto("/")
    page.screenshot(path="/tmp/shots/referrals_home_after.png", full_page=True)


def test_the_log_referral_button_is_visible_on_a_phone_without_opening_the_menu(page: Page, world):
    _log_in(page, world.alice)
    button = page.get_by_test_id("log-referral")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 375


def test_the_demo_member_and_president_see_full_pages_on_a_phone(page: Page, db):
    from io import StringIO

    from django.core.management import call_command

    from members.models import User

    call_command("seed_demo", stdout=StringIO())
    member = User.objects.get(email="lid@demo.kring.nl")
    member.set_password(factories.PASSWORD)
    member.save()
    _log_in(page, member)
    expect(page.get_by_test_id("waiting-panel").get_by_role("link").first).to_be_visible()
    page.screenshot(path="/tmp/shots/referrals_demo_home.png", full_page=True)
    page.goto("/one-to-ones/")
    expect(page.get_by_role("heading", name="Wie spreek je hierna?")).to_be_visible()
    page.screenshot(path="/tmp/shots/referrals_one_to_ones.png", full_page=True)

    president = User.objects.get(email="voorzitter@demo.kring.nl")
    president.set_password(factories.PASSWORD)
    president.save()
    _log_in(page, president)
    page.goto(f"/c/{member.memberships.get().chapter.slug}/board/")
    expect(page.get_by_role("heading", name="Chapteroverzicht")).to_be_visible()
    page.screenshot(path="/tmp/shots/referrals_board.png", full_page=True)
