import datetime
import re
import threading

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection

from chapters.models import AbsenceLetter, AbsenceNotice, Attendance, Meeting
from chapters.services.attendance import attendance_check_in, meeting_record_complete
from tests import factories
from tests.chapters.helpers import add_agenda, make_meeting, make_visitor


def test_tapping_a_name_on_the_check_in_screen_marks_present_in_place(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=20))
    add_agenda(meeting)
    client.force_login(carol)
    url = f"/c/{world.chapter.slug}/meetings/{meeting.pk}/check-in/{world.alice.pk}/"
    response = client.post(url, {"action": "in"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="checkin-{world.alice.pk}"' in html and "<html" not in html
    assert Attendance.objects.get(meeting=meeting, member=world.alice).status == "P"
    client.post(url, {"action": "undo"}, headers={"HX-Request": "true"})
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_announcing_an_absence_from_the_personal_page(client, world):
    meeting = make_meeting(world.chapter)
    client.force_login(world.alice)
    response = client.post(
        "/me/absences/", {"meeting": meeting.pk, "substitute_name": "Sam Vervanger", "substitute_email": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == "/me/absences/"
    assert meeting.absence_notices.get().substitute_name == "Sam Vervanger"
    assert "Sam Vervanger" in client.get("/me/absences/").content.decode()
    response = client.post(
        "/me/absences/",
        {"meeting": meeting.pk, "substitute_name": world.bob.full_name, "substitute_email": ""},
    )
    # A member of the chapter cannot be the substitute: the form comes back with the reason.
    assert response.status_code == 200
    assert "Een vervanger mag geen lid van dit chapter zijn." in response.content.decode()
    assert meeting.absence_notices.get().substitute_name == "Sam Vervanger"


def test_a_tap_on_a_completed_record_swaps_back_the_row_with_the_error(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(hours=1))
    add_agenda(meeting)
    meeting_record_complete(meeting=meeting, by=carol)
    client.force_login(carol)
    url = f"/c/{world.chapter.slug}/meetings/{meeting.pk}/check-in/{world.alice.pk}/"
    response = client.post(url, {"action": "undo"}, headers={"HX-Request": "true"})
    assert response.status_code == 200  # htmx swaps only a 2xx, and never follows to a whole page here
    assert "HX-Refresh" not in response.headers
    html = response.content.decode()
    assert html.lstrip().startswith('<li class="list-group-item') and f'id="checkin-{world.alice.pk}"' in html
    assert "<html" not in html
    assert "De presentielijst van deze bijeenkomst is afgerond; gebruik een correctie." in html
    assert Attendance.objects.get(meeting=meeting, member=world.alice).status == "A"


def test_a_failed_guest_check_in_swaps_back_the_guest_row_with_the_error(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=20))
    visitor = make_visitor(meeting, "Vera")
    client.force_login(carol)
    url = f"/c/{world.chapter.slug}/meetings/{meeting.pk}/check-in/guests/{visitor.pk}/"
    response = client.post(url, {"kind": "stowaway"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="guest-{visitor.pk}"' in html and "<html" not in html
    assert "Onbekende soort gast." in html
    visitor.refresh_from_db()
    assert visitor.checked_in_at is None


# --- Closing the meeting, on purpose ---------------------------------------------------------------


def _earlier_absence(world, member, days):
    earlier = make_meeting(world.chapter, starts_in=-datetime.timedelta(days=days))
    Attendance.objects.create(meeting=earlier, member=member, status="A")


def _closing_meeting(world):
    """Alice was absent twice before (the limit is 3); Bob and Dirk are not checked in, Carol is;
    Noor has not activated her account."""
    world.chapter.absence_limit = 3
    world.chapter.save()
    kees = factories.make_member(world.chapter, "Kees")
    factories.give_role(kees, world.chapter, "membership_committee")
    factories.make_member(world.chapter, "Noor", password=make_password(None))
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(minutes=30))
    _earlier_absence(world, world.alice, 7)
    _earlier_absence(world, world.alice, 14)
    for member in (world.carol, kees):
        attendance_check_in(meeting=meeting, member=member, by=world.carol, late=False)
    AbsenceNotice.objects.create(meeting=meeting, member=world.bob, substitute_name="Sam Vervanger")
    return meeting, kees


def test_completing_first_shows_who_becomes_absent_and_which_letters_go_out(client, world, carol):
    meeting, kees = _closing_meeting(world)
    client.force_login(carol)
    url = f"/c/{world.chapter.slug}/meetings/{meeting.pk}/complete/"
    html = client.get(url).content.decode()
    absent = re.search(r'data-testid="to-be-absent".*?</ul>', html, re.S).group(0)
    assert world.alice.full_name in absent and world.bob.full_name not in absent
    assert "Noor" not in html  # not activated: neither listed nor charged
    assert "Sam Vervanger" in html  # Bob's substitute: S
    letters = re.search(r'data-testid="letters".*?</ul>', html, re.S).group(0)
    assert "Afwezigheid 3 van de 3 toegestane" in letters and "de ledencommissie krijgt bericht" in letters
    # The committee notice goes to whoever reviews applications: the president and Kees.
    assert f"Bericht aan de ledencommissie: {world.carol.full_name}, {kees.full_name}" in html
    # Nothing happened yet, neither on the GET nor on a POST without the confirmation.
    client.post(url, {})
    meeting.refresh_from_db()
    assert not meeting.is_completed and meeting.attendances.count() == 2
    assert not AbsenceLetter.objects.exists()


def test_the_confirmed_close_sends_each_letter_once(
    client, world, carol, django_capture_on_commit_callbacks, mailoutbox
):
    meeting, kees = _closing_meeting(world)
    client.force_login(carol)
    url = f"/c/{world.chapter.slug}/meetings/{meeting.pk}/complete/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "yes"})
        again = client.post(url, {"confirm": "yes"})
    assert response.status_code == again.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_completed
    statuses = dict(meeting.attendances.values_list("member__first_name", "status"))
    assert statuses == {"Alice": "A", "Bob": "S", "Carol": "P", "Kees": "P"}
    letter = AbsenceLetter.objects.get()
    assert (letter.attendance.member, letter.number, letter.committee_notified) == (world.alice, 3, True)
    committee = [world.carol.email, kees.email]
    assert sorted(message.to[0] for message in mailoutbox) == sorted([world.alice.email, *committee])
    # The preview is gone once the record is final.
    assert client.get(url)["Location"] == f"/c/{world.chapter.slug}/meetings/{meeting.pk}/"


@pytest.mark.django_db(transaction=True)
def test_two_leaders_completing_at_once_one_wins_and_letters_go_once(world, mailoutbox):
    meeting, kees = _closing_meeting(world)
    vice = factories.make_member(world.chapter, "Vera")
    factories.give_role(vice, world.chapter, "vice_president")
    attendance_check_in(meeting=meeting, member=vice, by=vice)
    outcomes = []
    barrier = threading.Barrier(2)

    def complete(by):
        try:
            barrier.wait()
            meeting_record_complete(meeting=Meeting.objects.get(pk=meeting.pk), by=by)
            outcomes.append("completed")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=complete, args=(user,)) for user in (world.carol, vice)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["Iemand anders heeft deze presentielijst net afgerond.", "completed"]
    assert AbsenceLetter.objects.count() == 1
    assert meeting.attendances.filter(member=world.alice).count() == 1
    committee = [world.carol.email, kees.email, vice.email]  # everyone who reviews applications
    assert sorted(message.to[0] for message in mailoutbox) == sorted([world.alice.email, *committee])
