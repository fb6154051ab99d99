import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from chapters.models import AbsenceLetter, AgendaKind, Attendance, Meeting, Visitor
from tests import factories
from tests.browser.helpers import log_in
from tests.chapters.helpers import add_agenda, make_meeting

SHOTS = "/tmp/shots"


@pytest.mark.browser_context_args(viewport={"width": 1280, "height": 800})
def test_the_president_runs_a_short_meeting_from_start_to_end(page: Page, world):
    world.alice.weekly_ask = "Ik zoek kennismakingen met HR-managers."
    world.alice.save()
    meeting = make_meeting(world.chapter, starts_at=timezone.now() - datetime.timedelta(seconds=5))
    add_agenda(meeting)  # welcome 3 s, 60-second round at 2 s per member, feature 3 s
    log_in(page, world.carol)

    page.goto(f"/c/{world.chapter.slug}/meetings/{meeting.pk}/run/")
    page.get_by_role("button", name="Bijeenkomst starten").click()
    expect(page.get_by_test_id("runner-section")).to_have_text("Welkom")
    page.screenshot(path=f"{SHOTS}/runner_section.png")

    page.keyboard.press("Space")
    expect(page.get_by_test_id("runner-section")).to_have_text("60 seconden")
    expect(page.get_by_test_id("runner-presenter")).to_contain_text("Alice")
    expect(page.get_by_test_id("runner-presenter")).to_contain_text("HR-managers")
    page.wait_for_timeout(2500)  # past the 2 s: the clock shows the overrun
    expect(page.locator("[data-timer=unit]")).to_have_class(re.compile("runner-overrun"))
    page.screenshot(path=f"{SHOTS}/runner_round.png")

    page.keyboard.press("ArrowRight")
    expect(page.get_by_test_id("runner-presenter")).to_contain_text("Bob")
    page.get_by_role("button", name=re.compile("Afwezig: overslaan")).click()
    expect(page.get_by_test_id("runner-presenter")).to_contain_text("Carol")

    # A reload continues exactly where it was.
    page.reload()
    expect(page.get_by_test_id("runner-presenter")).to_contain_text("Carol")
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_test_id("runner-presenter")).to_contain_text("Bob")
    page.keyboard.press("Space")
    expect(page.get_by_test_id("runner-presenter")).to_contain_text("Carol")
    page.keyboard.press("Space")
    expect(page.get_by_test_id("runner-section")).to_have_text("Hoofdpresentatie")
    page.get_by_role("button", name=re.compile("Volgende")).click()
    expect(page.get_by_role("heading", name="Bijeenkomst gesloten")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.closed_at is not None


def test_the_host_checks_members_in_and_completes_the_record(page: Page, world, mailoutbox):
    meeting = make_meeting(world.chapter, starts_at=timezone.now() + datetime.timedelta(minutes=1))
    host = factories.make_member(world.chapter, "Hanna")
    factories.give_role(host, world.chapter, "visitor_host")
    log_in(page, host)
    page.goto(f"/c/{world.chapter.slug}/meetings/{meeting.pk}/check-in/")
    page.get_by_role("button", name=re.compile("Alice")).click()
    expect(page.locator(f"#checkin-{world.alice.pk} .palms-P")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/check_in.png", full_page=True)
    # Tapping again undoes it; then once more.
    page.get_by_role("button", name=re.compile("Alice")).click()
    expect(page.locator(f"#checkin-{world.alice.pk} .palms-P")).to_have_count(0)
    page.get_by_role("button", name=re.compile("Alice")).click()
    expect(page.locator(f"#checkin-{world.alice.pk} .palms-P")).to_be_visible()
    assert Attendance.objects.get(meeting=meeting, member=world.alice).status == "P"

    meeting.starts_at = timezone.now() - datetime.timedelta(minutes=5)  # the meeting has begun
    meeting.save()
    page.get_by_role("button", name=re.compile("Bob")).click()
    expect(page.locator(f"#checkin-{world.bob.pk} .palms-L")).to_be_visible()
    page.get_by_role("link", name="Presentielijst afronden").click()
    # First the preview: who becomes absent, which letters go to whom. Nothing is written yet.
    preview = page.get_by_test_id("completion-preview")
    expect(preview.get_by_test_id("to-be-absent")).to_contain_text("Carol")
    expect(preview.get_by_test_id("to-be-absent")).to_contain_text("Hanna")
    expect(preview.get_by_test_id("letters")).to_contain_text("Afwezigheid 1 van de 3 toegestane")
    page.screenshot(path=f"{SHOTS}/record_complete_375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=f"{SHOTS}/record_complete_1280.png", full_page=True)
    meeting.refresh_from_db()
    assert not meeting.is_completed and not AbsenceLetter.objects.exists()

    page.get_by_role("button", name="Afronden en de brieven versturen").click()
    expect(page.get_by_test_id("attendance-summary")).to_contain_text("afgerond")
    assert Attendance.objects.get(meeting=meeting, member=world.carol).status == "A"
    page.screenshot(path=f"{SHOTS}/meeting_summary.png", full_page=True)
    letters = sorted(m.to[0] for m in mailoutbox)
    assert letters == sorted([world.carol.email, host.email])
    # Back to the preview (or a second leader's old tab): the record is final, nothing goes out again.
    page.go_back()
    expect(page.get_by_test_id("attendance-summary")).to_contain_text("afgerond")
    expect(page.get_by_role("button", name="Afronden en de brieven versturen")).to_have_count(0)
    assert AbsenceLetter.objects.count() == 2
    assert sorted(m.to[0] for m in mailoutbox) == letters


def test_a_visitor_registers_from_the_public_chapter_page(page: Page, world):
    meeting = make_meeting(world.chapter, starts_at=timezone.now() + datetime.timedelta(days=3))
    page.goto("/")
    page.get_by_role("link", name=re.compile(world.chapter.name)).click()
    page.get_by_role("link", name="Kom een keer kijken").first.click()
    page.get_by_label("Welke bijeenkomst?").select_option(str(meeting.pk))
    page.get_by_label("Voornaam").fill("Vera")
    page.get_by_label("Achternaam").fill("de Gast")
    page.get_by_label("Bedrijf").fill("Gast Notarissen")
    page.get_by_label("Beroep").fill("Notaris")
    page.get_by_label("E-mailadres").fill("vera@gastnotarissen.nl")
    page.get_by_label("Wie heeft je uitgenodigd?").select_option(value=str(world.alice.pk))
    page.get_by_label(re.compile("Ik ga ermee akkoord")).check()
    page.screenshot(path=f"{SHOTS}/public_visit.png", full_page=True)
    page.get_by_role("button", name="Bezoek aanmelden").click()
    expect(page.get_by_text("Bedankt voor je aanmelding")).to_be_visible()
    visitor = Visitor.objects.get()
    assert (visitor.meeting, visitor.invited_by) == (meeting, world.alice)
    page.screenshot(path=f"{SHOTS}/public_chapter.png", full_page=True)


def _palms_row(page: Page, name: str) -> list[str]:
    row = page.locator("tbody tr").filter(has=page.get_by_role("rowheader", name=name))
    return [cell.strip() for cell in row.locator("td").all_inner_texts()[:5]]


@pytest.mark.browser_context_args(viewport={"width": 1280, "height": 800})
def test_a_meeting_run_from_the_runner_alone_is_the_attendance_record(page: Page, world):
    dirk = factories.make_member(world.chapter, "Dirk")
    meeting = make_meeting(world.chapter, starts_at=timezone.now() - datetime.timedelta(seconds=5))
    add_agenda(meeting)
    log_in(page, world.carol)
    page.goto(f"/c/{world.chapter.slug}/meetings/{meeting.pk}/run/")  # nobody opened the check-in page
    page.get_by_role("button", name="Bijeenkomst starten").click()
    page.get_by_role("button", name=re.compile("Volgende")).click()
    presenter = page.get_by_test_id("runner-presenter")
    expect(presenter).to_contain_text("Alice")
    expect(presenter).to_contain_text("Nog niet ingecheckt")
    page.screenshot(path=f"{SHOTS}/runner_to_confirm_1280.png")
    page.set_viewport_size({"width": 375, "height": 740})
    page.screenshot(path=f"{SHOTS}/runner_to_confirm_375.png")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("button", name=re.compile("Is er: volgende")).click()  # Alice speaks: she is here
    expect(presenter).to_contain_text("Bob")
    page.get_by_role("button", name=re.compile("Afwezig: overslaan")).click()
    expect(presenter).to_contain_text("Carol")
    page.get_by_role("button", name=re.compile("Is er: volgende")).click()
    expect(presenter).to_contain_text("Dirk")
    page.keyboard.press("s")  # Dirk is not there either
    expect(page.get_by_test_id("runner-section")).to_have_text("Hoofdpresentatie")
    statuses = dict(meeting.attendances.values_list("member__first_name", "status"))
    assert statuses == {"Alice": "P", "Bob": "A", "Carol": "P", "Dirk": "A"}

    day = meeting.scheduled_on.isoformat()
    page.goto(f"/c/{world.chapter.slug}/reports/?start={day}&end={day}")
    #                           P    A    L    M    S
    assert _palms_row(page, world.alice.full_name) == ["1", "0", "0", "0", "0"]
    assert _palms_row(page, world.bob.full_name) == ["0", "1", "0", "0", "0"]
    assert _palms_row(page, world.carol.full_name) == ["1", "0", "0", "0", "0"]
    assert _palms_row(page, dirk.full_name) == ["0", "1", "0", "0", "0"]


@pytest.mark.browser_context_args(viewport={"width": 1280, "height": 800})
def test_a_short_meeting_offers_to_fit_its_agenda_and_the_runner_says_when_it_ends(page: Page, world):
    meeting = make_meeting(world.chapter, starts_at=timezone.now() + datetime.timedelta(minutes=30))
    Meeting.objects.filter(pk=meeting.pk).update(ends_at=meeting.starts_at + datetime.timedelta(minutes=15))
    add_agenda(
        meeting,
        [("Welkom", AgendaKind.NORMAL, 20 * 60), ("60 seconden", AgendaKind.MEMBER_PRESENTATIONS, 60)],
    )
    log_in(page, world.carol)
    page.goto(f"/c/{world.chapter.slug}/meetings/{meeting.pk}/run/")
    expect(page.get_by_test_id("runner-overrun")).to_contain_text("8:00")  # 20:00 + 3 x 1:00 - 15:00
    page.screenshot(path=f"{SHOTS}/runner_overrun_1280.png")

    page.goto(f"/c/{world.chapter.slug}/meetings/{meeting.pk}/")
    warning = page.get_by_test_id("agenda-overrun")
    expect(warning).to_contain_text("8:00 te lang")
    expect(warning).to_contain_text("Welkom: 20:00 → 12:00")
    page.screenshot(path=f"{SHOTS}/meeting_agenda_overrun.png", full_page=True)
    warning.get_by_role("button", name="Agenda passend maken").click()
    expect(page.get_by_text("De agenda past nu in de bijeenkomst.")).to_be_visible()
    expect(page.get_by_test_id("agenda-overrun")).to_have_count(0)

    page.goto(f"/c/{world.chapter.slug}/meetings/{meeting.pk}/run/")
    expect(page.get_by_test_id("runner-overrun")).to_have_count(0)
    end = timezone.localtime(meeting.starts_at + datetime.timedelta(minutes=15), world.chapter.zone)
    expect(page.get_by_text(f"Gepland einde {end:%H:%M}")).to_be_visible()
