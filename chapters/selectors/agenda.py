"""Agenda arithmetic: how long each section and the whole meeting take."""

from dataclasses import dataclass

from chapters.models import (
    MeetingAgendaItem,
)


@dataclass
class PlannedItem:
    item: MeetingAgendaItem
    seconds: int  # planned length of the whole section
    offset: int  # seconds from the meeting's start


def section_seconds(item, presenter_count: int) -> int:
    """The members' round takes its time per member times the members presenting; others are fixed."""
    return item.planned_seconds * presenter_count if item.is_member_round else item.planned_seconds


def agenda_plan(items, presenter_count: int) -> tuple[list[PlannedItem], int]:
    plan, offset = [], 0
    for item in items:
        seconds = section_seconds(item, presenter_count)
        plan.append(PlannedItem(item=item, seconds=seconds, offset=offset))
        offset += seconds
    return plan, offset


def format_seconds(seconds: int) -> str:
    """1:05, 12:00, 1:02:03; negative with a minus sign."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes}:{secs:02d}"
