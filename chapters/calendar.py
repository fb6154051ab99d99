"""iCalendar files: the chapter and member feeds, and the invite a visitor gets."""

import re
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from chapters.models import Meeting

# Every character that starts a new line somewhere (a bare CR too), and the other control characters.
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _text(value: str) -> icalendar.vText:
    """A TEXT value icalendar escapes (commas, semicolons, line breaks as \\n), whatever the property.

    icalendar escapes only the properties it knows as TEXT (not X-WR-CALNAME), and only CR and LF:
    every line break becomes LF here, every other control character goes.
    """
    return icalendar.vText(_CONTROLS.sub("", _LINE_BREAKS.sub("\n", value or "")))


def _line(value: str) -> icalendar.vText:
    """A one-line TEXT value (a name, a summary, a place): line breaks become spaces."""
    return _text(_LINE_BREAKS.sub(" ", value or ""))


def _event(meeting: Meeting, *, summary: str, description: str = "") -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@kring")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", _line(summary))
    location = meeting.venue or meeting.online_url
    if location:
        event.add("location", _line(location))
    url = settings.SITE_URL + reverse("meeting_detail", args=[meeting.chapter.slug, meeting.pk])
    event.add("url", url)
    if description:
        event.add("description", _text(description))
    if meeting.is_cancelled:
        event.add("status", "CANCELLED")
    return event


def meetings_calendar(meetings: Iterable[Meeting], *, name: str, extra: dict | None = None) -> bytes:
    """A feed: one event per meeting; `extra` maps meeting pk to a line such as "You give the feature presentation"."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Kring//Meetings//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _line(name))
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
