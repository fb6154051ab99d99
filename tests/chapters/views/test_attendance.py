import datetime

from chapters.models import Attendance
from chapters.services.attendance import meeting_record_complete
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
    assert "Een vervanger mag geen lid van deze kring zijn." in response.content.decode()
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
