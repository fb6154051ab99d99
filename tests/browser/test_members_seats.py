"""Seats and vetting on a phone and on a desktop: the public page, the application form, the lock
page, the proposed members' page, the committee's application page and the dues page."""

import re
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import Page, expect

from members.models import ClassificationLock
from members.services.applications import application_propose, objection_file
from members.services.dues import dues_line_for_term, dues_rate_set
from tests import factories
from tests.browser.helpers import log_in
from tests.members.helpers import make_application

SHOTS = "/tmp/shots"
WIDTHS = (375, 1280)


def _shoot(page: Page, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


def test_seats_pages_on_a_phone_and_a_desktop(page: Page, world):
    factories.make_classification("Hovenier")
    ClassificationLock.objects.create(
        chapter=world.chapter, classification=factories.make_classification("Notaris"), reason="Gereserveerd"
    )
    page.goto(f"/chapters/{world.chapter.slug}/")
    page.get_by_text("Toon welke beroepen nog vrij zijn en welke bezet").click()
    expect(page.get_by_text("Hovenier", exact=True)).to_be_visible()
    _shoot(page, "seats-public")

    page.goto(f"/chapters/{world.chapter.slug}/apply/")
    page.get_by_text(re.compile("bezet of gesloten")).click()
    _shoot(page, "seats-apply")

    log_in(page, world.carol)
    page.goto(f"/c/{world.chapter.slug}/classifications/")
    expect(page.get_by_role("heading", name="Gesloten beroepsgroepen")).to_be_visible()
    _shoot(page, "seats-admin")


def test_vetting_pages_on_a_phone_and_a_desktop(page: Page, world):
    application = make_application(
        world.chapter,
        classification=factories.make_classification("Hovenier"),
        first_name="Vera",
        last_name="Groen",
        company="Groen Tuinen",
        interviewed_on=timezone.localdate(),
        interview_notes="Sterk verhaal.",
    )
    application_propose(application=application, proposed_by=world.carol)
    objection_file(application=application, member=world.bob, reason="Onbetaalde rekening bij een klant.")

    log_in(page, world.alice)
    page.goto(f"/c/{world.chapter.slug}/proposed/")
    page.get_by_text("Bezwaar maken tegen Vera").click()
    expect(page.get_by_label("Je bezwaar")).to_be_visible()
    _shoot(page, "vetting-proposals")

    log_in(page, world.carol)
    page.goto(f"/c/{world.chapter.slug}/applications/{application.pk}/")
    page.get_by_label("Goedkeuren: lid maken").check()
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_text("De bezwaartermijn loopt nog")).to_be_visible()
    _shoot(page, "vetting-application")


def test_dues_page_on_a_phone_and_a_desktop(page: Page, world):
    dues_rate_set(chapter=world.chapter, term_months=12, amount=Decimal("595"), vat_rate=Decimal("21"))
    for user in (world.alice, world.bob):
        dues_line_for_term(user.memberships.get(status="active"))
    log_in(page, world.carol)
    page.goto(f"/c/{world.chapter.slug}/dues/")
    page.get_by_text("Als betaald markeren").first.click()
    _shoot(page, "dues-open")
    page.get_by_role("button", name=re.compile("Betaling vastleggen")).first.click()
    expect(page.get_by_text(re.compile("De betaling van .* is vastgelegd"))).to_be_visible()
    page.goto(f"/c/{world.chapter.slug}/dues/?state=paid")
    _shoot(page, "dues-paid")
