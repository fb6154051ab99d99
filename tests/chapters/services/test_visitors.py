import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from chapters.models import Visitor
from chapters.services.schedule import meeting_cancel
from chapters.services.visitors import visitor_check_in, visitor_follow_up_reminders, visitor_register
from tests.chapters.helpers import make_meeting, make_visitor, visit_form_data


def test_a_visitor_registers_and_gets_a_confirmation_with_a_calendar_invite(
    client, world, django_capture_on_commit_callbacks, mailoutbox
):
    meeting = make_meeting(world.chapter)
    page = client.get(f"/chapters/{world.chapter.slug}/visit/")
    assert page.status_code == 200
    assert 'name="consent"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/chapters/{world.chapter.slug}/visit/", visit_form_data(meeting, invited_by=world.alice.pk)
        )
        client.post(
            f"/chapters/{world.chapter.slug}/visit/", visit_form_data(meeting, invited_by=world.alice.pk)
        )
    assert response.status_code == 302
    visitor = Visitor.objects.get()
    assert visitor.invited_by == world.alice and visitor.consent_given_at is not None
    assert len(mailoutbox) == 1  # the double submit registered once and mailed once
    (name, content, mimetype) = mailoutbox[0].attachments[0]
    text = content.decode() if isinstance(content, bytes) else content
    assert mimetype == "text/calendar" and "BEGIN:VEVENT" in text


def test_consent_is_required(client, world):
    meeting = make_meeting(world.chapter)
    response = client.post(f"/chapters/{world.chapter.slug}/visit/", visit_form_data(meeting, consent=""))
    assert response.status_code == 200
    assert not Visitor.objects.exists()


def test_the_honeypot_stores_nothing_but_looks_the_same(client, world):
    meeting = make_meeting(world.chapter)
    response = client.post(
        f"/chapters/{world.chapter.slug}/visit/", visit_form_data(meeting, website="http://spam")
    )
    assert response.status_code == 302
    assert not Visitor.objects.exists()


def test_registrations_are_rate_limited_per_address(client, world):
    meeting = make_meeting(world.chapter)
    for n in range(5):
        client.post(f"/chapters/{world.chapter.slug}/visit/", visit_form_data(meeting, email=f"v{n}@gast.nl"))
    response = client.post(
        f"/chapters/{world.chapter.slug}/visit/", visit_form_data(meeting, email="v9@gast.nl")
    )
    assert response.status_code == 429
    assert Visitor.objects.count() == 5


def test_registering_for_a_cancelled_meeting_gives_a_clear_error(world):
    meeting = make_meeting(world.chapter)
    meeting_cancel(meeting=meeting, reason="Kerst", notify=False)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="afgelast"):
        visitor_register(
            meeting=meeting, first_name="V", last_name="G", company="C", profession="P", email="v@g.nl"
        )


def test_the_public_form_does_not_offer_cancelled_or_past_meetings(client, world):
    cancelled = make_meeting(world.chapter, starts_in=datetime.timedelta(days=2))
    meeting_cancel(meeting=cancelled, reason="Kerst", notify=False)
    past = make_meeting(world.chapter, starts_in=-datetime.timedelta(days=2))
    response = client.post(f"/chapters/{world.chapter.slug}/visit/", visit_form_data(cancelled))
    assert response.status_code == 200
    meeting_select = re.search(r'<select name="meeting".*?</select>', response.content.decode(), re.S).group(
        0
    )
    options = re.findall(r'<option value="(\d+)"', meeting_select)
    assert str(cancelled.pk) not in options and str(past.pk) not in options


def test_only_a_first_visit_gives_the_inviting_member_the_visitor_credit(world):
    first = make_meeting(world.chapter, starts_in=-datetime.timedelta(days=7))
    second = make_meeting(world.chapter, starts_in=-datetime.timedelta(hours=1))
    visit_one = make_visitor(first, invited_by=world.alice)
    visit_two = make_visitor(second, invited_by=world.alice)
    # Each guest is welcomed at the door of their own meeting.
    visit_one = visitor_check_in(visitor=visit_one, kind="visitor", by=world.carol, now=first.starts_at)
    visit_two = visitor_check_in(visitor=visit_two, kind="visitor", by=world.carol, now=second.starts_at)
    assert visit_one.gives_visitor_credit and not visit_two.gives_visitor_credit
    assert visit_one.status == Visitor.Status.VISITED
    assert visit_one.follow_up_by == world.alice
    observer = visitor_check_in(
        visitor=make_visitor(second, "Otto", invited_by=world.bob),
        kind="observer",
        by=world.carol,
        now=second.starts_at,
    )
    assert not observer.gives_visitor_credit


def test_follow_up_reminders_go_once_when_due(world, django_capture_on_commit_callbacks, mailoutbox):
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(minutes=30))
    visitor = visitor_check_in(
        visitor=make_visitor(meeting, invited_by=world.alice), kind="visitor", by=world.carol
    )
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assert visitor_follow_up_reminders(today=today) == 0
        due = visitor.follow_up_due
        assert visitor_follow_up_reminders(today=due) == 1
        assert visitor_follow_up_reminders(today=due) == 0
    assert [m.to for m in mailoutbox] == [[world.alice.email]]


def test_the_host_moves_a_visitor_along_the_pipeline(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(days=1))
    visitor = visitor_check_in(visitor=make_visitor(meeting), kind="visitor", by=carol, now=meeting.starts_at)
    client.force_login(carol)
    url = f"/c/{world.chapter.slug}/visitors/{visitor.pk}/"
    response = client.post(
        url, {"status": "followed_up", "follow_up_by": carol.pk, "follow_up_due": "", "notes": "Belt terug"}
    )
    assert response.status_code == 302
    visitor.refresh_from_db()
    assert visitor.status == "followed_up" and visitor.notes == "Belt terug"
