"""The membership committee approves an applicant whose objection window has passed (set up in the
data: proposed eight days ago, the window closed yesterday), the mentor coordinator gives her a
mentor, and the new member logs in and finds her onboarding checklist, with due dates, on her home."""

import datetime
import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from members.models import User
from tests import factories
from tests.browser.helpers import log_in
from tests.members.helpers import make_ready_application

SHOTS = "/tmp/shots"
PASSWORD = "Tuinen-in-Utrecht-2026"


def test_the_committee_approves_after_the_window_and_the_new_member_sees_her_checklist(page: Page, world):
    committee = world.bob
    factories.give_role(committee, world.chapter, "membership_committee")
    coordinator = factories.make_member(world.chapter, "Mirjam")
    factories.give_role(coordinator, world.chapter, "mentor_coordinator")
    application = make_ready_application(
        world.chapter,
        factories.make_classification("Hovenier"),
        first_name="Vera",
        last_name="Groen",
        email="vera@groentuinen.nl",
        company="Groen Tuinen",
    )
    assert application.objections_until < timezone.now()

    # 1. The committee member opens the application: the window is over, so approval is offered.
    log_in(page, committee)
    page.goto(f"/c/{world.chapter.slug}/applications/{application.pk}/")
    page.get_by_label("Goedkeuren: lid maken").check()
    page.get_by_label("Reden", exact=True).fill("Goede referenties, geen bezwaren.")
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_text(re.compile("Vera Groen is nu lid"))).to_be_visible()

    # 2. The mentor coordinator gives her a mentor.
    log_in(page, coordinator)
    page.goto(f"/c/{world.chapter.slug}/onboarding/")
    card = page.get_by_test_id("onboarding").filter(has_text="Vera Groen")
    card.get_by_label("Mentor").select_option(label=world.alice.full_name)
    card.get_by_role("button", name="Opslaan").click()
    expect(
        page.get_by_test_id("onboarding").filter(has_text="Vera Groen").get_by_label("Mentor")
    ).to_have_value(str(world.alice.pk))
    page.context.clear_cookies()

    # 3. She sets a password from the invitation, then logs in as on any other day.
    invitation = next(
        message
        for message in mail.outbox
        if message.to == ["vera@groentuinen.nl"] and "/accounts/invitation/" in message.body
    )
    page.goto(re.search(r"https?://[^/\s]+(/accounts/invitation/\S+)", invitation.body).group(1))
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.get_by_role("button", name="Mijn wachtwoord instellen").click()
    log_in(page, User.objects.get(email="vera@groentuinen.nl"), password=PASSWORD)

    # 4. Her home shows the checklist: her mentor, the items and when each is due.
    page.goto("/")
    checklist = page.get_by_test_id("my-onboarding")
    expect(checklist).to_contain_text(f"Je mentor is {world.alice.full_name}.")
    expect(checklist).to_contain_text("Oriëntatie voor nieuwe leden")
    expect(checklist).to_contain_text("Evaluatie na 90 dagen")
    in_60_days = timezone.localdate() + datetime.timedelta(days=60)
    expect(checklist.get_by_role("listitem").filter(has_text="Member Success Program")).to_contain_text(
        f"uiterlijk {in_60_days.day} "
    )
    page.screenshot(path=f"{SHOTS}/members-approval-checklist.png", full_page=True)
