import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from chapters.models import Visitor
from chapters.services.guests import guest_register, visitor_meeting_reminders
from tests import factories
from tests.chapters.helpers import guest_form_data, make_meeting, make_visitor


def test_a_member_registers_their_guest_who_gets_the_invite_and_the_hosts_are_told(
    client, world, django_capture_on_commit_callbacks, mailoutbox
):
    host = factories.make_member(world.chapter, "Hanna")
    factories.give_role(host, world.chapter, "visitor_host")
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(days=5))
    client.force_login(world.alice)
    page = client.get("/me/guests/").content.decode()
    assert 'name="consent"' in page and 'name="email"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/me/guests/", guest_form_data(meeting))
        client.post("/me/guests/", guest_form_data(meeting))  # a double submit
    assert response.status_code == 302 and response["Location"] == "/me/guests/"
    visitor = Visitor.objects.get()
    assert visitor.invited_by == world.alice and visitor.status == Visitor.Status.REGISTERED
    sent = sorted((m.to[0], m.subject) for m in mailoutbox)
    assert [to for to, _subject in sent] == sorted(["vera@gast.nl", world.carol.email, host.email])
    invite = next(m for m in mailoutbox if m.to == ["vera@gast.nl"])
    assert invite.attachments[0][0] == "meeting.ics"
    notice = next(m for m in mailoutbox if m.to == [host.email])
    assert "Alice" in notice.subject and "Vera Gast" in notice.body
    assert "Vera Gast" in client.get("/me/guests/").content.decode()


def test_a_members_address_is_not_a_guest(world):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(days=5))
    with pytest.raises(ValidationError, match="lid van dit chapter"):
        guest_register(
            member=world.alice,
            meeting=meeting,
            first_name="Bob",
            last_name="X",
            company="Y",
            profession="Z",
            email=world.bob.email.upper(),
        )


def test_the_guest_form_refuses_a_meeting_of_another_chapter(client, world):
    other = make_meeting(world.other_chapter, starts_in=datetime.timedelta(days=5))
    client.force_login(world.alice)
    response = client.post("/me/guests/", guest_form_data(other))
    assert response.status_code == 200 and not Visitor.objects.exists()


def _next(weekday: int) -> datetime.date:
    """The next `weekday` (0 = Monday) at least a week from now, so the meeting is ahead."""
    day = timezone.localdate() + datetime.timedelta(days=7)
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def test_registered_visitors_are_reminded_two_working_days_before_once(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    tuesday = _next(1)
    start = timezone.make_aware(datetime.datetime.combine(tuesday, datetime.time(7, 0)), world.chapter.zone)
    meeting = make_meeting(world.chapter, starts_at=start)
    make_visitor(meeting, "Vera", invited_by=world.alice)
    make_visitor(meeting, "Wim", email="")  # a walk-in's way of registering: no address, no mail
    friday_before = tuesday - datetime.timedelta(days=4)
    with django_capture_on_commit_callbacks(execute=True):
        assert visitor_meeting_reminders(today=friday_before - datetime.timedelta(days=1)) == 0  # Thursday
        assert visitor_meeting_reminders(today=friday_before) == 1  # Fri: Mon and Tue are two working days
        assert visitor_meeting_reminders(today=friday_before) == 0
        assert visitor_meeting_reminders(today=tuesday - datetime.timedelta(days=1)) == 0
    assert [m.to for m in mailoutbox] == [["vera@example.com"]]
    assert "Alice" in mailoutbox[0].body


def test_a_checked_in_or_cancelled_meetings_visitor_gets_no_reminder(world, carol):
    wednesday = _next(2)
    start = timezone.make_aware(datetime.datetime.combine(wednesday, datetime.time(7, 0)), world.chapter.zone)
    meeting = make_meeting(world.chapter, starts_at=start, status="cancelled")
    make_visitor(meeting, "Vera")
    assert visitor_meeting_reminders(today=wednesday - datetime.timedelta(days=2)) == 0


def test_an_announced_substitute_gets_the_invitation_once(
    client, world, django_capture_on_commit_callbacks, mailoutbox
):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(days=5))
    client.force_login(world.alice)
    form = {"meeting": meeting.pk, "substitute_name": "Sam Vervanger", "substitute_email": "sam@vervanger.nl"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/me/absences/", form)
        client.post("/me/absences/", form)  # saved again: nothing new to tell Sam
    assert [m.to for m in mailoutbox] == [["sam@vervanger.nl"]]
    assert "Alice" in mailoutbox[0].subject and mailoutbox[0].attachments[0][0] == "meeting.ics"
