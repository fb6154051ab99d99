"""Words written by static/js/ (here the runner's "against the planned end") follow the member's language."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in
from tests.chapters.helpers import add_agenda, make_meeting


@pytest.mark.parametrize(
    ("language", "start", "behind"),
    [
        ("nl", "Bijeenkomst starten", r"^\+\d+:\d\d achter$"),
        ("en", "Start the meeting", r"^\+\d+:\d\d behind$"),
    ],
)
def test_the_runner_tells_how_far_behind_in_the_presidents_language(
    page: Page, world, language, start, behind
):
    world.carol.language = language
    world.carol.save(update_fields=["language"])
    # Two minutes late: the projected end is past the planned one.
    meeting = make_meeting(world.chapter, starts_at=timezone.now() - datetime.timedelta(minutes=2))
    add_agenda(meeting)
    log_in(page, world.carol)

    page.goto(f"/c/{world.chapter.slug}/meetings/{meeting.pk}/run/")
    page.get_by_role("button", name=start).click()

    expect(page.locator("[data-drift]")).to_have_text(re.compile(behind))


def test_the_print_buttons_of_the_agenda_and_a_report_open_the_print_dialog(page: Page, world):
    meeting = make_meeting(world.chapter)
    add_agenda(meeting)
    log_in(page, world.carol)
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")

    for address in (
        f"/c/{world.chapter.slug}/meetings/{meeting.pk}/agenda/print/",
        f"/c/{world.chapter.slug}/reports/overview/",
    ):
        page.goto(address)
        page.wait_for_load_state()  # kring.js is deferred
        page.get_by_role("button", name="Afdrukken").click()
        assert page.evaluate("window.printed") == 1, address  # once: one handler, not two
