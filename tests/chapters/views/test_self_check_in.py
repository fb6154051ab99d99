import datetime

import pytest
from django.utils import timezone

from chapters.models import Attendance, AttendanceStatus
from chapters.selectors.check_in_codes import check_in_code
from chapters.services.attendance import attendance_set
from tests.chapters.helpers import add_agenda, make_meeting


def scan_url(meeting, code=None) -> str:
    return f"/c/{meeting.chapter.slug}/meetings/{meeting.pk}/here/{code or check_in_code(meeting)}/"


def test_a_member_scans_logs_in_and_checks_in_as_present_before_the_start(client, world):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=20))
    url = scan_url(meeting)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    client.force_login(world.alice)
    page = client.get(url).content.decode()
    assert "Aanmelden als Alice" in page and not Attendance.objects.exists()  # a GET records nothing
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == url
    assert Attendance.objects.get(meeting=meeting, member=world.alice).status == AttendanceStatus.PRESENT
    assert "je bent aangemeld: aanwezig" in client.get(url).content.decode()


def test_after_the_start_a_scan_is_late(client, world):
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(minutes=5))
    client.force_login(world.bob)
    client.post(scan_url(meeting))
    assert Attendance.objects.get(meeting=meeting, member=world.bob).status == AttendanceStatus.LATE


def test_scanning_twice_keeps_the_first_arrival(client, world):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=2))
    client.force_login(world.alice)
    client.post(scan_url(meeting))
    first = Attendance.objects.get(meeting=meeting, member=world.alice)
    meeting.starts_at = timezone.now() - datetime.timedelta(minutes=3)  # begun since
    meeting.save()
    client.post(scan_url(meeting))
    again = Attendance.objects.get(meeting=meeting, member=world.alice)
    assert (again.status, again.arrived_at) == (AttendanceStatus.PRESENT, first.arrived_at)
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_a_member_recorded_absent_who_scans_is_here_after_all(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(minutes=10))
    attendance_set(meeting=meeting, member=world.alice, status=AttendanceStatus.ABSENT, by=carol)
    client.force_login(world.alice)
    client.post(scan_url(meeting))
    assert Attendance.objects.get(meeting=meeting, member=world.alice).status == AttendanceStatus.LATE


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("1-00000000000000000000", "niet geldig voor deze bijeenkomst"),
        ("not-a-code", "niet geldig voor deze bijeenkomst"),
    ],
)
def test_a_forged_code_is_refused_with_a_message_and_no_record(client, world, code, message):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=20))
    client.force_login(world.alice)
    for response in (client.get(scan_url(meeting, code)), client.post(scan_url(meeting, code))):
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not Attendance.objects.exists()


def test_an_old_code_is_refused(client, world):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=20))
    old = check_in_code(meeting, timezone.now() - datetime.timedelta(minutes=15))
    client.force_login(world.alice)
    response = client.post(scan_url(meeting, old))
    assert "Deze code is verlopen" in response.content.decode()
    assert not Attendance.objects.exists()


def test_outside_the_window_a_scan_is_refused(client, world):
    tomorrow = make_meeting(world.chapter, starts_in=datetime.timedelta(days=1))
    over = make_meeting(world.chapter, starts_in=-datetime.timedelta(hours=2))  # ended 30 min ago
    client.force_login(world.alice)
    assert "een uur voor de bijeenkomst" in client.post(scan_url(tomorrow)).content.decode()
    assert "voorbij" in client.post(scan_url(over)).content.decode()
    assert not Attendance.objects.exists()


def test_another_chapters_meeting_is_not_found(client, world):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=20))
    client.force_login(world.dave)
    assert client.get(scan_url(meeting)).status_code == 404
    assert client.post(scan_url(meeting)).status_code == 404
    assert not Attendance.objects.exists()


def test_a_region_admin_without_membership_checks_nobody_in(client, world):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=20))
    client.force_login(world.rita)
    response = client.post(scan_url(meeting))
    assert "Alleen leden van deze kring" in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_check_in_page_and_the_runner_show_the_code_and_the_projector_refreshes_it(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=20))
    add_agenda(meeting)
    client.force_login(carol)
    code = check_in_code(meeting)
    base = f"/c/{world.chapter.slug}/meetings/{meeting.pk}/"
    for page in ("check-in/", "run/", "check-in/qr/"):
        html = client.get(base + page).content.decode()
        assert f'data-code="{code}"' in html and "data:image/svg+xml" in html
    poll = base + f"check-in/qr/?size=large&shown={code}"
    assert client.get(poll, headers={"HX-Request": "true"}).status_code == 204
    stale = client.get(base + "check-in/qr/?size=large&shown=old", headers={"HX-Request": "true"})
    assert stale.status_code == 200 and f'data-code="{code}"' in stale.content.decode()
    assert "<html" not in stale.content.decode()


def test_a_meeting_tomorrow_shows_no_code_yet(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(days=1))
    client.force_login(carol)
    html = client.get(f"/c/{world.chapter.slug}/meetings/{meeting.pk}/check-in/").content.decode()
    assert "data:image/svg+xml" not in html and 'data-testid="check-in-qr-closed"' in html


def test_the_check_in_board_answers_204_until_someone_scans(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=20))
    client.force_login(carol)
    url = f"/c/{world.chapter.slug}/meetings/{meeting.pk}/check-in/"
    html = client.get(url).content.decode()
    version = html.split('data-version="')[1].split('"')[0]
    assert client.get(f"{url}?v={version}", headers={"HX-Request": "true"}).status_code == 204
    member = client.__class__()
    member.force_login(world.alice)
    member.post(scan_url(meeting))
    board = client.get(f"{url}?v={version}", headers={"HX-Request": "true"})
    assert board.status_code == 200
    html = board.content.decode()
    assert "<html" not in html and 'id="checkin-board"' in html
    assert "1 van 3 leden aangemeld" in html
