import datetime

from django import template
from django.utils import timezone

from chapters.selectors.agenda import format_seconds

register = template.Library()


@register.filter
def duration(seconds) -> str:
    """Seconds as m:ss (or h:mm:ss)."""
    try:
        return format_seconds(int(seconds))
    except (TypeError, ValueError):
        return ""


@register.filter
def clock_at(meeting, offset_seconds) -> str:
    """The wall-clock time (chapter's zone) `offset_seconds` after the meeting's start."""
    moment = meeting.starts_at + datetime.timedelta(seconds=int(offset_seconds or 0))
    return timezone.localtime(moment, meeting.chapter.zone).strftime("%H:%M")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
