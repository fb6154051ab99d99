import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from chapters.models import Meeting
from chapters.services.schedule import (
    meeting_cancel,
    meeting_create,
    meeting_generate_ahead,
    meeting_move,
    meeting_starts_at,
)
from tests.chapters.helpers import make_meeting, make_template


def test_generating_meetings_twice_plans_each_week_once(world):
    make_template(world.chapter)
    today = datetime.date(2026, 3, 2)  # a Monday; the chapter meets on Tuesdays
    created = meeting_generate_ahead(chapter=world.chapter, weeks=4, today=today)
    assert [m.scheduled_on for m in created] == [
        datetime.date(2026, 3, 3) + datetime.timedelta(weeks=w) for w in range(4)
    ]
    assert meeting_generate_ahead(chapter=world.chapter, weeks=4, today=today) == []
    first = created[0]
    assert timezone.localtime(first.starts_at).time() == datetime.time(7, 0)
    assert first.ends_at - first.starts_at == datetime.timedelta(minutes=90)
    assert [item.title for item in first.agenda_items.all()] == ["Welkom", "60 seconden", "Hoofdpresentatie"]


def test_a_moved_or_cancelled_week_is_not_planned_again(world):
    today = timezone.localdate()
    meetings = meeting_generate_ahead(chapter=world.chapter, weeks=3, today=today)
    meeting_cancel(meeting=meetings[0], reason="Kerst", notify=False)
    later = meetings[1].starts_at + datetime.timedelta(days=1, hours=2)
    meeting_move(meeting=meetings[1], starts_at=later, duration_minutes=90, venue="Elders", notify=False)
    assert meeting_generate_ahead(chapter=world.chapter, weeks=3, today=today) == []
    assert world.chapter.meetings.count() == 3


def test_the_command_plans_every_active_chapter_and_is_safe_to_rerun(world):
    call_command("generate_meetings", weeks=2, stdout=io.StringIO())
    count = Meeting.objects.count()
    assert count == 2 * 3  # three chapters in the world
    call_command("generate_meetings", weeks=2, stdout=io.StringIO())
    assert Meeting.objects.count() == count


def test_an_overlapping_meeting_is_refused_with_a_clear_error(world):
    day = timezone.localdate() + datetime.timedelta(days=3)
    meeting = make_meeting(world.chapter, starts_at=meeting_starts_at(world.chapter, day))
    with pytest.raises(ValidationError, match="overlapt"):
        meeting_create(
            chapter=world.chapter,
            starts_at=meeting.starts_at - datetime.timedelta(hours=23, minutes=30),
            duration_minutes=24 * 60,
        )
    with pytest.raises(ValidationError, match="heeft op die dag al een bijeenkomst"):
        meeting_create(
            chapter=world.chapter,
            starts_at=meeting.starts_at + datetime.timedelta(hours=4),
            duration_minutes=60,
        )


def test_the_extra_meeting_form_shows_the_overlap_error(client, carol, world):
    day = timezone.localdate() + datetime.timedelta(days=3)
    meeting = make_meeting(world.chapter, starts_at=meeting_starts_at(world.chapter, day))
    client.force_login(carol)
    local = timezone.localtime(meeting.starts_at)
    response = client.post(
        f"/c/{meeting.chapter.slug}/meetings/new/",
        {
            "date": local.date().isoformat(),
            "time": local.strftime("%H:%M"),
            "duration_minutes": 90,
            "venue": "x",
        },
    )
    assert response.status_code == 200
    assert (
        "al een bijeenkomst" in response.content.decode()
        or "already has a meeting" in response.content.decode()
    )


def test_cancelling_tells_every_member_once(world, django_capture_on_commit_callbacks, mailoutbox):
    meeting = make_meeting(world.chapter)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting, reason="Hemelvaart")
        meeting_cancel(meeting=meeting, reason="Hemelvaart")
    recipients = sorted(message.to[0] for message in mailoutbox)
    assert recipients == sorted([world.alice.email, world.bob.email, world.carol.email])
    assert "Hemelvaart" in mailoutbox[0].body


def test_moving_a_meeting_keeps_its_week_and_remembers_the_old_time(world):
    meeting = make_meeting(world.chapter)
    old = meeting.starts_at
    moved = meeting_move(
        meeting=meeting,
        starts_at=old + datetime.timedelta(hours=1),
        duration_minutes=60,
        venue="Online",
        notify=False,
    )
    assert moved.moved_from == old
    assert moved.scheduled_on == meeting.scheduled_on
    assert moved.ends_at - moved.starts_at == datetime.timedelta(minutes=60)


def test_a_meeting_that_took_place_cannot_be_cancelled(world):
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(hours=1), opened_at=timezone.now())
    with pytest.raises(ValidationError):
        meeting_cancel(meeting=meeting, reason="x", notify=False)


def test_changing_the_weekly_day_moves_untouched_future_meetings(client, carol, world):
    chapter = world.chapter
    meeting_generate_ahead(chapter=chapter, weeks=2)
    client.force_login(carol)
    response = client.post(
        f"/c/{chapter.slug}/settings/",
        {
            "meeting_weekday": 3,
            "meeting_time": "07:30",
            "meeting_duration_minutes": 90,
            "venue": "Nieuwe zaal",
            "online_url": "",
            "absence_limit": 3,
            "absence_window": "rolling",
            "objection_window_days": 7,
            "interview_required": "on",
        },
    )
    assert response.status_code == 302
    weekdays = {
        timezone.localtime(m.starts_at).weekday()
        for m in chapter.meetings.filter(starts_at__gt=timezone.now())
    }
    assert weekdays == {3}
    future = chapter.meetings.filter(starts_at__gt=timezone.now())
    assert set(future.values_list("venue", flat=True)) == {"Nieuwe zaal"}
