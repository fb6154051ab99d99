import datetime

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from chapters.models import AgendaKind, Visitor
from tests import factories
from tests.browser.helpers import log_in
from tests.chapters.helpers import add_agenda, make_meeting

SHOTS = "/tmp/shots"


def test_a_walk_in_added_at_the_door_is_introduced_in_the_runners_visitor_round(
    page: Page, browser: Browser, browser_context_args, world
):
    meeting = make_meeting(world.chapter, starts_at=timezone.now() + datetime.timedelta(minutes=10))
    add_agenda(meeting, [("Welkom", AgendaKind.NORMAL, 60), ("Gasten", AgendaKind.VISITOR_INTROS, 120)])
    host = factories.make_member(world.chapter, "Hanna")
    factories.give_role(host, world.chapter, "visitor_host")
    log_in(page, host)
    page.goto(f"/c/{world.chapter.slug}/meetings/{meeting.pk}/check-in/")
    page.get_by_text("+ Gast of vervanger zonder aanmelding").click()
    walk_in = page.get_by_test_id("walk-in")
    walk_in.get_by_label("Voornaam").fill("Wim")
    walk_in.get_by_label("Achternaam").fill("Binnenloper")
    walk_in.get_by_label("Beroep").fill("Makelaar")
    walk_in.get_by_label("Uitgenodigd door").select_option(label=world.alice.full_name)
    walk_in.get_by_label("De gast gaat akkoord").check()
    page.screenshot(path=f"{SHOTS}/walk_in_form.png", full_page=True)
    walk_in.get_by_role("button", name="Toevoegen en aanmelden").click()
    expect(page.get_by_text("Wim Binnenloper is aangemeld.")).to_be_visible()
    expect(page.get_by_test_id("guest-list")).to_contain_text("Wim Binnenloper")
    expect(page.get_by_test_id("checked-in-count")).to_contain_text("1 gast")
    assert Visitor.objects.get().status == Visitor.Status.VISITED

    runner = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 1280, "height": 800}}
    ).new_page()
    log_in(runner, world.carol)
    runner.goto(f"/c/{world.chapter.slug}/meetings/{meeting.pk}/run/")
    expect(runner.get_by_test_id("check-in-qr").locator("img")).to_be_visible()
    runner.get_by_role("button", name="Bijeenkomst starten").click()
    expect(runner.get_by_test_id("runner-section")).to_have_text("Welkom")
    runner.keyboard.press("Space")
    expect(runner.get_by_test_id("runner-section")).to_have_text("Gasten")
    visitors = runner.get_by_test_id("runner-visitors")
    expect(visitors).to_contain_text("Wim Binnenloper")
    expect(visitors).to_contain_text(f"Uitgenodigd door {world.alice.full_name}")
    runner.screenshot(path=f"{SHOTS}/runner_visitor_round.png")
