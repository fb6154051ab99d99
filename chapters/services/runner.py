"""The live meeting runner: stepping through the agenda and the member round.

A press is worked out on the state the presser saw, without a lock: a refused press (a stale or
doubled one, before the start, outside the check-in window when it would record who came) takes
no lock and writes nothing. Then one locked read of the meeting's row that only finds it while the
runner is still at the version the presser saw (two leaders' taps on the same step advance it
once), and one statement that writes the runner's state and the sections' times.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from chapters.models import (
    AbsenceNotice,
    AgendaKind,
    AttendanceStatus,
    Meeting,
    MeetingAgendaItem,
)
from chapters.selectors.meetings import check_in_refusal
from chapters.selectors.runner_round import round_edge, round_neighbour
from chapters.selectors.runner_sections import guest_edge, guest_neighbour
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


class StaleStep(ValidationError):
    """The press was made on a state the runner has left (a double tap, a second screen behind)."""

    def __init__(self):
        super().__init__(_("The runner had already moved on: this screen now shows where the meeting is."))


# The runner's state on the meeting's row; a press changes some of these and bumps runner_version.
RUNNER_FIELDS = (
    "opened_at",
    "closed_at",
    "runner_item_id",
    "runner_item_started_at",
    "runner_presenter_id",
    "runner_presenter_started_at",
    "runner_visitor_id",
)


@dataclass
class _Press:
    """One press worked out before the lock: the runner's new state, the sections whose times
    change, and the attendance that leaving the presenter records (`record`: the action)."""

    meeting: Meeting
    items: list[MeetingAgendaItem]
    now: object
    state: dict = field(default_factory=dict)
    touched: list[MeetingAgendaItem] = field(default_factory=list)
    record: str | None = None

    def __post_init__(self):
        self.state = {name: getattr(self.meeting, name) for name in RUNNER_FIELDS}

    def times(self, item: MeetingAgendaItem, **values) -> None:
        for name, value in values.items():
            setattr(item, name, value)
        if item not in self.touched:
            self.touched.append(item)


def _enter_item(press: _Press, item: MeetingAgendaItem, *, from_end: bool = False) -> None:
    now = press.now
    press.state.update(
        runner_item_id=item.pk,
        runner_item_started_at=now,
        runner_presenter_id=None,
        runner_visitor_id=None,
        runner_presenter_started_at=None,
    )
    press.times(item, started_at=now, ended_at=None, skipped=False)
    if item.is_member_round:
        first = round_edge(press.meeting, last=from_end)
        if first is not None:
            press.state.update(runner_presenter_id=first, runner_presenter_started_at=now)
    elif item.kind == AgendaKind.VISITOR_INTROS:
        first = guest_edge(press.meeting, last=from_end)
        if first is not None:
            press.state.update(runner_visitor_id=first, runner_presenter_started_at=now)


def _step_within(press: _Press, current: MeetingAgendaItem, step: int) -> bool:
    """To the next (or previous) member in the round or guest in the visitors' round; False at its edge."""
    state = press.state
    if current.is_member_round and state["runner_presenter_id"] is not None:
        person = round_neighbour(press.meeting, state["runner_presenter_id"], step)
        name = "runner_presenter_id"
    elif current.kind == AgendaKind.VISITOR_INTROS and state["runner_visitor_id"] is not None:
        person = guest_neighbour(press.meeting, state["runner_visitor_id"], step)
        name = "runner_visitor_id"
    else:
        person = None
    if person is None:
        return False
    state.update({name: person, "runner_presenter_started_at": press.now})
    return True


def _presenter_to_record(meeting: Meeting, action: str, now) -> str | None:
    """Leaving a presenter nobody checked in: "next" means they were here (present), "late" late,
    "skip" that they were not (absent, or their substitute where one was announced). A member
    recorded absent and reached again with "back" is corrected by "next" or "late". Returns the
    action to record (None: nothing to record); refused outside the check-in window."""
    if meeting.runner_presenter_id is None:
        return None
    status = meeting.attendances.filter(member_id=meeting.runner_presenter_id).values_list(
        "status", flat=True
    )
    status = status.first()
    here = action in (RunnerAction.NEXT, RunnerAction.LATE)
    if status is not None and not (here and status == AttendanceStatus.ABSENT):
        return None
    if refusal := check_in_refusal(meeting, now):
        raise ValidationError(refusal)
    return action


def _record_presenter(meeting: Meeting, action: str, now, by: User | None) -> None:
    """Through the same services as the check-in page, so the record is the one a door check-in would give."""
    notice = AbsenceNotice.objects.filter(meeting=meeting, member=OuterRef("pk"))
    member = (
        User.objects.filter(pk=meeting.runner_presenter_id)
        .annotate(
            substitute_name=Subquery(notice.values("substitute_name")[:1]),
            substitute_email=Subquery(notice.values("substitute_email")[:1]),
        )
        .get()
    )
    if action in (RunnerAction.NEXT, RunnerAction.LATE):
        attendance_check_in(meeting=meeting, member=member, by=by, now=now, late=action == RunnerAction.LATE)
    elif member.substitute_name:
        attendance_set(
            meeting=meeting,
            member=member,
            status=AttendanceStatus.SUBSTITUTE,
            substitute_name=member.substitute_name,
            substitute_email=member.substitute_email or "",
            by=by,
        )
    else:
        attendance_set(meeting=meeting, member=member, status=AttendanceStatus.ABSENT, by=by)


def _apply_action(press: _Press, action: str) -> bool:
    """Work out the press on `press.state`; False when it changes nothing."""
    meeting, items = press.meeting, press.items
    if action == RunnerAction.START:
        if meeting.opened_at is not None:
            return False
        press.state["opened_at"] = press.now
        _enter_item(press, items[0])
        return True
    if meeting.opened_at is None:
        raise ValidationError(_("Start the meeting first."))
    current = next((item for item in items if item.pk == meeting.runner_item_id), None)
    if action == RunnerAction.BACK:
        _step_back(press, current)
        return True
    if current is None:
        return False  # closed: nothing further
    if current.is_member_round:
        press.record = _presenter_to_record(meeting, action, press.now)
    elif action == RunnerAction.LATE:
        return False
    _step_forward(press, current, skip=action == RunnerAction.SKIP)
    return True


def _step_forward(press: _Press, current: MeetingAgendaItem, *, skip: bool) -> None:
    # In the visitors' round "skip" skips the whole section; in the members' round, one member.
    within = not (skip and current.kind == AgendaKind.VISITOR_INTROS)
    if within and _step_within(press, current, +1):
        return
    press.times(current, ended_at=press.now, skipped=skip and not current.is_member_round)
    index = press.items.index(current)
    if index + 1 < len(press.items):
        _enter_item(press, press.items[index + 1])
    else:
        press.state.update(
            runner_item_id=None, runner_presenter_id=None, runner_visitor_id=None, closed_at=press.now
        )


def _step_back(press: _Press, current: MeetingAgendaItem | None) -> None:
    items = press.items
    if current is None:  # closed: back into the last section
        press.state["closed_at"] = None
        _enter_item(press, items[-1], from_end=True)
        return
    if _step_within(press, current, -1):
        return
    index = items.index(current)
    if index > 0:
        press.times(current, started_at=None)
        _enter_item(press, items[index - 1], from_end=True)
    else:
        press.state["runner_item_started_at"] = press.now


def _locked_at(meeting: Meeting, version: int) -> Meeting:
    """The one locked read: the meeting's row, only while the runner is at `version` (compare
    and set: of two taps on the same step, the second finds nothing)."""
    locked = (
        Meeting.objects.select_for_update(of=("self",)).filter(pk=meeting.pk, runner_version=version).first()
    )
    if locked is None:
        raise StaleStep()
    if locked.is_cancelled:
        raise ValidationError(_("This meeting is cancelled."))
    locked.chapter = meeting.chapter
    return locked


def _write(meeting: Meeting, version: int, press: _Press) -> int:
    """The one write: the runner's state on the meeting's row (its version bumped) and the times
    of the sections entered or left, in one statement. Returns the new version."""
    quote = connection.ops.quote_name
    columns = [Meeting._meta.get_field(name.removesuffix("_id")).column for name in RUNNER_FIELDS]
    sets = ", ".join(f"{quote(column)} = %s" for column in columns)
    params = [press.state[name] for name in RUNNER_FIELDS]
    sections = ""
    if press.touched:
        rows = ", ".join("(%s::bigint, %s::timestamptz, %s::timestamptz, %s::boolean)" for _ in press.touched)
        sections = (
            f"WITH sections AS (UPDATE {quote(MeetingAgendaItem._meta.db_table)} AS item SET "
            "started_at = change.started_at, ended_at = change.ended_at, skipped = change.skipped "
            f"FROM (VALUES {rows}) AS change (id, started_at, ended_at, skipped) "
            "WHERE item.id = change.id AND item.meeting_id = %s) "
        )
        params = (
            [
                value
                for item in press.touched
                for value in (item.pk, item.started_at, item.ended_at, item.skipped)
            ]
            + [meeting.pk]
            + params
        )
    sql = (
        f"{sections}UPDATE {quote(Meeting._meta.db_table)} SET {sets}, runner_version = runner_version + 1 "
        "WHERE id = %s AND runner_version = %s RETURNING runner_version"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, meeting.pk, version])
        return cursor.fetchone()[0]


def meeting_runner_step(
    *, meeting: Meeting, action: str, version: int, now=None, by: User | None = None
) -> Meeting:
    """One press on the runner: start, next, back, skip or late. The state lives in the database.

    `meeting` is the row as the page read it, `version` the state the presser saw; a stale press
    (double tap, second screen behind) raises `StaleStep` and changes nothing.
    - next: the next member in the 60-second round, else the next section; after the last, the meeting closes.
    - skip: in the round, pass over a member; elsewhere, skip the whole section.
    In the round, leaving a member nobody checked in records them: next = present, late = late,
    skip = absent (or substitute where one was announced); see `_presenter_to_record`.
    - back: the previous member or section; after the close, back into the last section.
    """
    if action not in RunnerAction.ALL:
        raise ValidationError(_("Unknown runner action."))
    now = now or timezone.now()
    if version != meeting.runner_version:
        raise StaleStep()
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is cancelled."))
    items = list(meeting.agenda_items.all())
    if not items:
        raise ValidationError(_("This meeting has no agenda yet."))
    press = _Press(meeting=meeting, items=items, now=now)
    if not _apply_action(press, action):
        return meeting
    with transaction.atomic():
        locked = _locked_at(meeting, version)
        if press.record:
            _record_presenter(locked, press.record, now, by)
        locked.runner_version = _write(locked, version, press)
        changed(chapters=[meeting.chapter_id])  # the home's next meeting: open, running, closed
    for name, value in press.state.items():
        setattr(locked, name, value)
    return locked


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
