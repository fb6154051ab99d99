"""Calendar files: whatever was typed into a chapter or meeting stays inside its own property."""

import re

import icalendar
import pytest

from chapters.calendar import meetings_calendar, visitor_invite
from tests.chapters.helpers import make_meeting

BREAKS = ["\r", "\n", "\r\n", "\u2028", "\x0b", "\x85"]
KNOWN = {
    "BEGIN", "END", "PRODID", "VERSION", "X-WR-CALNAME", "METHOD", "UID", "DTSTAMP", "DTSTART", "DTEND",
    "SUMMARY", "LOCATION", "URL", "DESCRIPTION", "STATUS",
}  # fmt: skip


def _properties(ics: bytes) -> list[str]:
    text = ics.decode()
    assert not re.search(r"\r(?!\n)|(?<!\r)\n", text), "a bare CR or LF in the calendar"
    lines = text.replace("\r\n ", "").split("\r\n")[:-1]
    return [re.split(r"[;:]", line, maxsplit=1)[0] for line in lines]


@pytest.mark.parametrize("line_break", BREAKS, ids=repr)
def test_a_line_break_in_any_text_cannot_start_a_new_property(world, line_break):
    evil = f"X{line_break}ATTENDEE:mailto:evil@example.com"
    world.chapter.name = f"Domstad{evil}"
    world.chapter.save()
    meeting = make_meeting(world.chapter, venue=f"Hotel{evil}")
    online = make_meeting(
        world.chapter,
        starts_in=meeting.starts_at - meeting.ends_at,
        venue="",
        online_url="https://meet.example/x",
    )

    feed = meetings_calendar([meeting, online], name=f"Feed{evil}", extra={meeting.pk: f"Presentatie{evil}"})
    invite = visitor_invite(meeting, summary=f"Bezoek{evil}")

    for ics in (feed, invite):
        assert set(_properties(ics)) <= KNOWN
        parsed = icalendar.Calendar.from_ical(ics)
        event = parsed.walk("VEVENT")[0]
        assert "evil@example.com" in str(event["summary"])  # kept as text, in its own property
        assert "evil@example.com" in str(event["location"])
