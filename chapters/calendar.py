"""iCalendar files: the chapter and member feeds, and the invite a visitor gets."""

from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from chapters.models import Meeting


def _event(meeting: Meeting, *, summary: str, description: str = "") -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@kring")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", summary)
    location = meeting.venue or meeting.online_url
    if location:
        event.add("location", location)
    url = settings.SITE_URL + reverse("meeting_detail", args=[meeting.chapter.slug, meeting.pk])
    event.add("url", url)
    if description:
        event.add("description", description)
    if meeting.is_cancelled:
        event.add("status", "CANCELLED")
    return event


def meetings_calendar(meetings: Iterable[Meeting], *, name: str, extra: dict | None = None) -> bytes:
    """A feed: one event per meeting; `extra` maps meeting pk to a line such as "You give the feature presentation"."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Kring//Meetings//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    extra = extra or {}
    for meeting in meetings:
        summary = meeting.chapter.name
        if meeting.pk in extra:
            summary = f"{summary} · {extra[meeting.pk]}"
        cal.add_component(_event(meeting, summary=summary, description=extra.get(meeting.pk, "")))
    return cal.to_ical()


def visitor_invite(meeting: Meeting, *, summary: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Kring//Visitor invite//NL")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add_component(_event(meeting, summary=summary))
    return cal.to_ical()
