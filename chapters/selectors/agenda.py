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


SCALE_STEP = 15  # scaled sections are whole quarter minutes


def scaled_seconds(seconds: list[int], available: int, *, step: int = SCALE_STEP) -> list[int]:
    """`seconds` shrunk proportionally to fit in `available`: in whole steps (a section shorter
    than a step keeps its length), never longer than it was, the sum at most `available` and as
    close to it as the steps allow. Raises ValueError when even the shortest sections do not fit."""
    total = sum(seconds)
    if total <= available:
        return list(seconds)
    floors = [min(step, s) for s in seconds]
    if sum(floors) > available:
        raise ValueError("the sections do not fit")
    raw = [s * available / total for s in seconds]
    out = [max(floor, int(r // step) * step) for floor, r in zip(floors, raw, strict=True)]
    while sum(out) > available:  # the floors pushed it over: take a step off the longest
        i = max(range(len(out)), key=lambda i: out[i] - floors[i])
        out[i] = max(floors[i], out[i] - step)
    grown = True
    while grown:  # what rounding down left over: a step at a time, most rounded-down first
        grown = False
        for i in sorted(range(len(out)), key=lambda i: raw[i] - out[i], reverse=True):
            extra = min(step, seconds[i] - out[i])
            if extra > 0 and sum(out) + extra <= available:
                out[i] += extra
                grown = True
    return out
