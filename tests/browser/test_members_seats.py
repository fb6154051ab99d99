"""Seats on a phone and on a desktop: the public page, the application form and the lock page."""

import re

from playwright.sync_api import Page, expect

from members.models import ClassificationLock
from tests import factories
from tests.browser.helpers import log_in

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
