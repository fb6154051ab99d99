"""The live meeting runner: stepping through the agenda and the member round."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chapters.models import (
    AttendanceStatus,
    Meeting,
    MeetingAgendaItem,
)
from chapters.selectors.meetings import check_in_refusal
from chapters.selectors.runner import presenter_sort_key, runner_absentees, runner_presenters
from chapters.services.attendance import attendance_check_in, attendance_set
from chapters.services.schedule import _locked_meeting
from config.cache import changed
from members.models import User


class RunnerAction:
    START = "start"
    NEXT = "next"
    BACK = "back"
    SKIP = "skip"
    LATE = "late"
    ALL = (START, NEXT, BACK, SKIP, LATE)


def _enter_item(meeting: Meeting, item: MeetingAgendaItem, now, *, from_end: bool = False) -> None:
    meeting.runner_item = item
    meeting.runner_item_started_at = now
    item.started_at, item.ended_at, item.skipped = now, None, False
    item.save(update_fields=["started_at", "ended_at", "skipped"])
    meeting.runner_presenter = None
    meeting.runner_presenter_started_at = None
    if item.is_member_round:
        presenters = runner_presenters(meeting)
        if presenters:
            meeting.runner_presenter = presenters[-1].user if from_end else presenters[0].user
            meeting.runner_presenter_started_at = now


def _leave_item(item: MeetingAgendaItem, now, *, skipped: bool = False) -> None:
    item.ended_at = now
    item.skipped = skipped
    item.save(update_fields=["ended_at", "skipped"])


def _neighbour_presenter(meeting: Meeting, step: int) -> User | None:
    presenters = runner_presenters(meeting)
    current = meeting.runner_presenter
    if current is None:
        return None
    key = presenter_sort_key(current)
    if step > 0:
        later = [p.user for p in presenters if presenter_sort_key(p.user) > key]
        return later[0] if later else None
    candidates = [p.user for p in presenters] + runner_absentees(meeting)
    earlier = sorted((user for user in candidates if presenter_sort_key(user) < key), key=presenter_sort_key)
    return earlier[-1] if earlier else None


def _record_presenter(meeting: Meeting, action: str, now, by: User | None) -> None:
    """Leaving a presenter nobody checked in: "next" means they were here (present), "late" late,
    "skip" that they were not (absent, or their substitute where one was announced). A member
    recorded absent and reached again with "back" is corrected by "next" or "late". Through the
    same services as the check-in page, so the record is the one a door check-in would give."""
    member = meeting.runner_presenter
    if member is None:
        return
    attendance = meeting.attendances.filter(member=member).first()
    here = action in (RunnerAction.NEXT, RunnerAction.LATE)
    if attendance is not None and not (here and attendance.status == AttendanceStatus.ABSENT):
        return
    if refusal := check_in_refusal(meeting, now):
        raise ValidationError(refusal)
    if here:
        attendance_check_in(meeting=meeting, member=member, by=by, now=now, late=action == RunnerAction.LATE)
        return
    notice = meeting.absence_notices.filter(member=member).first()
    if notice and notice.has_substitute:
        attendance_set(
            meeting=meeting,
            member=member,
            status=AttendanceStatus.SUBSTITUTE,
            substitute_name=notice.substitute_name,
            substitute_email=notice.substitute_email,
            by=by,
        )
    else:
        attendance_set(meeting=meeting, member=member, status=AttendanceStatus.ABSENT, by=by)


def _apply_action(
    meeting: Meeting, items: list[MeetingAgendaItem], action: str, now, by: User | None = None
) -> bool:
    """Move the runner on `meeting` (not saved yet); False when the press changes nothing."""
    if action == RunnerAction.START:
        if meeting.opened_at is not None:
            return False
        meeting.opened_at = now
        _enter_item(meeting, items[0], now)
        return True
    if meeting.opened_at is None:
        raise ValidationError(_("Start the meeting first."))
    current = next((item for item in items if item.pk == meeting.runner_item_id), None)
    if action == RunnerAction.BACK:
        _step_back(meeting, items, current, now)
        return True
    if current is None:
        return False  # closed: nothing further
    if current.is_member_round:
        _record_presenter(meeting, action, now, by)
    elif action == RunnerAction.LATE:
        return False
    _step_forward(meeting, items, current, now, skip=action == RunnerAction.SKIP)
    return True


def _step_forward(
    meeting: Meeting, items: list[MeetingAgendaItem], current: MeetingAgendaItem, now, *, skip: bool
):
    following = _neighbour_presenter(meeting, +1) if current.is_member_round else None
    if following is not None:
        meeting.runner_presenter = following
        meeting.runner_presenter_started_at = now
        return
    _leave_item(current, now, skipped=skip and not current.is_member_round)
    index = items.index(current)
    if index + 1 < len(items):
        _enter_item(meeting, items[index + 1], now)
    else:
        meeting.runner_item = None
        meeting.runner_presenter = None
        meeting.closed_at = now


def _step_back(meeting: Meeting, items: list[MeetingAgendaItem], current: MeetingAgendaItem | None, now):
    if current is None:  # closed: back into the last section
        meeting.closed_at = None
        _enter_item(meeting, items[-1], now, from_end=True)
        return
    previous = _neighbour_presenter(meeting, -1) if current.is_member_round else None
    if previous is not None:
        meeting.runner_presenter = previous
        meeting.runner_presenter_started_at = now
        return
    index = items.index(current)
    if index > 0:
        current.started_at = None
        current.save(update_fields=["started_at"])
        _enter_item(meeting, items[index - 1], now, from_end=True)
    else:
        meeting.runner_item_started_at = now


def meeting_runner_step(
    *, meeting: Meeting, action: str, version: int, now=None, by: User | None = None
) -> Meeting:
    """One press on the runner: start, next, back, skip or late. The state lives in the database.

    `version` is the state the presser saw; a stale press (double tap, second screen behind) changes nothing.
    - next: the next member in the 60-second round, else the next section; after the last, the meeting closes.
    - skip: in the round, pass over a member; elsewhere, skip the whole section.
    In the round, leaving a member nobody checked in records them: next = present, late = late,
    skip = absent (or substitute where one was announced); see `_record_presenter`.
    - back: the previous member or section; after the close, back into the last section.
    """
    if action not in RunnerAction.ALL:
        raise ValidationError(_("Unknown runner action."))
    now = now or timezone.now()
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if version != meeting.runner_version:
            return meeting
        if meeting.is_cancelled:
            raise ValidationError(_("This meeting is cancelled."))
        items = list(meeting.agenda_items.all())
        if not items:
            raise ValidationError(_("This meeting has no agenda yet."))
        if not _apply_action(meeting, items, action, now, by):
            return meeting
        meeting.runner_version = F("runner_version") + 1
        meeting.save()
        changed(chapters=[meeting.chapter_id])  # the home's next meeting: open, running, closed
        meeting.refresh_from_db()
    return meeting


def meeting_goals_set(
    *, meeting: Meeting, visitors: int | None, referrals: int | None, one_to_ones: int | None
) -> Meeting:
    """The leaders' goals for a meeting (empty: no goal); the closing screen shows the result."""
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.is_cancelled:
            raise ValidationError(_("This meeting is cancelled."))
        meeting.goal_visitors, meeting.goal_referrals, meeting.goal_one_to_ones = (
            visitors,
            referrals,
            one_to_ones,
        )
        meeting.save(update_fields=["goal_visitors", "goal_referrals", "goal_one_to_ones"])
        changed(chapters=[meeting.chapter_id])
    return meeting
