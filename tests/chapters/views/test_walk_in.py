import datetime
import re

from chapters.models import Attendance, AttendanceStatus, Visitor
from chapters.services.visitors import visitor_check_in
from tests.chapters.helpers import add_agenda, make_meeting, make_visitor


def walk_in_form(client, meeting) -> tuple[str, set[str]]:
    """The walk-in form as the check-in page renders it: its action and its field names."""
    html = client.get(f"/c/{meeting.chapter.slug}/meetings/{meeting.pk}/check-in/").content.decode()
    start = html.index('data-testid="walk-in"')
    form = html[start : html.index("</form>", start)]
    action = re.search(r'action="([^"]+)"', form).group(1)
    return action, set(re.findall(r'name="([^"]+)"', form)) - {"csrfmiddlewaretoken"}


def data(**overrides) -> dict:
    return {
        "kind": "visitor",
        "first_name": "Wim",
        "last_name": "Binnenloper",
        "profession": "Makelaar",
        "company": "",
        "email": "",
        "invited_by": "",
        "substitute_for": "",
        "consent": "on",
        **overrides,
    }


def test_the_host_adds_a_walk_in_without_email_and_they_are_checked_in(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=10))
    client.force_login(carol)
    action, fields = walk_in_form(client, meeting)
    assert fields == set(data())
    response = client.post(action, data(invited_by=world.alice.pk))
    assert response.status_code == 302
    visitor = Visitor.objects.get()
    assert (visitor.full_name, visitor.profession, visitor.email) == ("Wim Binnenloper", "Makelaar", "")
    assert visitor.checked_in_at and visitor.status == Visitor.Status.VISITED  # in the pipeline
    assert visitor.gives_visitor_credit and visitor.follow_up_by == world.alice
    # A double submit checks in the same guest; a second walk-in without email is another guest.
    client.post(action, data(invited_by=world.alice.pk))
    client.post(action, data(first_name="Wanda"))
    assert Visitor.objects.count() == 2
    assert "Wim Binnenloper" in client.get(response["Location"]).content.decode()


def test_a_walk_in_with_a_members_email_gets_a_clear_message(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=10))
    client.force_login(carol)
    action, _fields = walk_in_form(client, meeting)
    response = client.post(action, data(email=world.alice.email.upper()))
    assert response.status_code == 200
    assert "hoort bij een lid van deze kring" in response.content.decode()
    assert not Visitor.objects.exists()


def test_a_walk_in_without_consent_is_not_stored(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=10))
    client.force_login(carol)
    action, _fields = walk_in_form(client, meeting)
    response = client.post(action, data(consent=""))
    assert response.status_code == 200 and not Visitor.objects.exists()


def test_a_registered_visitor_who_walks_in_again_is_checked_in_not_doubled(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=10))
    registered = make_visitor(meeting, "Vera")
    client.force_login(carol)
    action, _fields = walk_in_form(client, meeting)
    client.post(action, data(first_name="Vera", last_name="Gast", email="VERA@example.com"))
    registered.refresh_from_db()
    assert Visitor.objects.count() == 1 and registered.checked_in_at is not None


def test_a_walk_in_substitute_records_the_member_as_substituted(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=10))
    client.force_login(carol)
    action, _fields = walk_in_form(client, meeting)
    response = client.post(action, data(kind="substitute"))
    assert response.status_code == 200 and "Kies het lid" in response.content.decode()
    client.post(action, data(kind="substitute", substitute_for=world.bob.pk, first_name="Sam"))
    attendance = Attendance.objects.get(meeting=meeting, member=world.bob)
    assert (attendance.status, attendance.substitute_name) == (AttendanceStatus.SUBSTITUTE, "Sam Binnenloper")
    assert Visitor.objects.get().kind == Visitor.Kind.SUBSTITUTE
    assert not Visitor.objects.get().gives_visitor_credit


def test_a_walk_in_for_a_meeting_next_week_is_refused(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(days=6))
    client.force_login(carol)
    action, _fields = walk_in_form(client, meeting)
    response = client.post(action, data())
    assert response.status_code == 200 and "een uur voor de bijeenkomst" in response.content.decode()
    assert not Visitor.objects.exists()


def test_a_returning_walk_in_without_email_gives_no_second_credit(world, carol):
    earlier = make_meeting(world.chapter, starts_in=-datetime.timedelta(days=7, minutes=-10))
    first = make_visitor(earlier, "Wim", last_name="Binnenloper", email="", invited_by=world.alice)
    visitor_check_in(visitor=first, kind="visitor", by=carol, now=earlier.starts_at)
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=10))
    add_agenda(meeting)
    again = make_visitor(meeting, "wim", last_name="binnenloper", email="", invited_by=world.alice)
    assert not visitor_check_in(visitor=again, kind="visitor", by=carol).gives_visitor_credit
