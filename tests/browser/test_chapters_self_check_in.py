import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from chapters.models import Attendance
from tests import factories
from tests.browser.helpers import log_in
from tests.chapters.helpers import add_agenda, make_meeting

SHOTS = "/tmp/shots"


def _scan_on_a_phone(browser: Browser, context_args: dict, url: str, member) -> Page:
    """A member's own phone: opens the scanned link, logs in on the way, taps the one button."""
    phone = browser.new_context(**context_args).new_page()
    phone.goto(url)
    phone.get_by_label("E-mailadres").fill(member.email)
    phone.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    phone.get_by_role("button", name="Inloggen").click()
    phone.get_by_role("button", name="Ik ben er: meld me aan").click()
    expect(phone.get_by_test_id("self-check-in-done")).to_contain_text("aanwezig")
    return phone


@pytest.mark.browser_context_args(viewport={"width": 1280, "height": 800})
def test_members_scan_the_projected_code_and_the_door_sees_them_arrive(
    page: Page, browser: Browser, browser_context_args, world
):
    meeting = make_meeting(world.chapter, starts_at=timezone.now() + datetime.timedelta(minutes=15))
    add_agenda(meeting)
    log_in(page, world.carol)
    page.goto(f"/c/{world.chapter.slug}/meetings/{meeting.pk}/check-in/qr/")
    code = page.get_by_test_id("check-in-qr").locator("img").get_attribute("data-code")
    page.screenshot(path=f"{SHOTS}/check_in_qr_projector.png")
    scanned = f"/c/{world.chapter.slug}/meetings/{meeting.pk}/here/{code}/"

    door = browser.new_context(**browser_context_args).new_page()
    log_in(door, world.carol)
    door.goto(f"/c/{world.chapter.slug}/meetings/{meeting.pk}/check-in/")
    counter = door.get_by_test_id("checked-in-count")
    expect(counter).to_contain_text("0 van 3 leden aangemeld")

    alice_phone = _scan_on_a_phone(browser, browser_context_args, scanned, world.alice)
    alice_phone.screenshot(path=f"{SHOTS}/self_check_in_phone.png")
    # No reload: the door's board polls and swaps itself when something changed.
    expect(counter).to_contain_text("1 van 3 leden aangemeld", timeout=12_000)
    expect(door.locator("[data-checkin-group=present]")).to_contain_text("Alice")
    _scan_on_a_phone(browser, browser_context_args, scanned, world.bob)
    expect(counter).to_contain_text("2 van 3 leden aangemeld", timeout=12_000)
    door.screenshot(path=f"{SHOTS}/check_in_live.png", full_page=True)
    assert set(Attendance.objects.filter(meeting=meeting).values_list("member__first_name", "status")) == {
        ("Alice", "P"),
        ("Bob", "P"),
    }

    # Search as you type on the door: only Carol is left to tap; Enter checks her in.
    search = door.get_by_label("Zoek op naam")
    search.fill("car")
    expect(door.locator(f"#checkin-{world.alice.pk}")).to_be_hidden()
    search.press("Enter")
    expect(counter).to_contain_text("3 van 3 leden aangemeld")
    expect(door.locator(f"#checkin-{world.carol.pk} .palms-P")).to_be_visible()
    assert re.search(r"here/\d+-[0-9a-f]{20}/$", scanned)
