"""What the meeting runner shows: the presenters in order and the current section."""

import datetime
from dataclasses import dataclass

from chapters.models import (
    AttendanceStatus,
    Meeting,
    MeetingAgendaItem,
)
from chapters.selectors.agenda import PlannedItem, agenda_plan, scaled_seconds
from chapters.selectors.meetings import is_expected, members_at, on_medical_leave
from chapters.selectors.runner_sections import meeting_numbers, section_data
from members.models import Membership, User


@dataclass
class Presenter:
    user: User
    membership: Membership | None
    substitute_name: str = ""
    # Not checked in yet: the runner's "is here" checks them in, "absent: skip" records the absence.
    to_confirm: bool = False
    # Recorded absent, reached again with "back": "is here" corrects the draft record.
    absent: bool = False


# The chapter has no seating or power-team order: the round goes by first name.
ROUND_ORDER = "alphabetical"

SPEAKING = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.SUBSTITUTE)


def presenter_sort_key(user: User) -> tuple:
    return (user.first_name.lower(), user.last_name.lower(), user.pk)


def runner_presenters(meeting: Meeting) -> list[Presenter]:
    """Who speaks in the 60-second round, in name order.

    In the round: members checked in (present, late, or their substitute), and members expected but
    not recorded yet (the runner confirms them: "is here" or "absent: skip"). Not in it: members
    recorded absent or medical, on medical leave, who announced an absence without a substitute,
    who joined after the meeting's day or have not activated their account (`expected_members`).
    """
    recorded = {row.member_id: row for row in meeting.attendances.all()}
    notices = {notice.member_id: notice for notice in meeting.absence_notices.all()}
    presenters = []
    for membership in members_at(meeting):
        attendance = recorded.get(membership.user_id)
        notice = notices.get(membership.user_id)
        if attendance is not None:
            if attendance.status in SPEAKING:
                presenters.append(
                    Presenter(membership.user, membership, substitute_name=attendance.substitute_name)
                )
            continue
        if (
            not is_expected(membership, meeting)
            or on_medical_leave(membership, meeting.scheduled_on)
            or (notice and not notice.has_substitute)
        ):
            continue
        presenters.append(
            Presenter(
                membership.user,
                membership,
                substitute_name=notice.substitute_name if notice else "",
                to_confirm=True,
            )
        )
    presenters.sort(key=lambda presenter: presenter_sort_key(presenter.user))
    return presenters


def runner_absentees(meeting: Meeting) -> list[User]:
    """Members recorded absent in the draft record: out of the round, but "back" returns to them
    (a mistaken "absent: skip" is undone where it was made)."""
    return list(
        User.objects.filter(
            attendances__meeting=meeting,
            attendances__status=AttendanceStatus.ABSENT,
            memberships__in=members_at(meeting),
        ).distinct()
    )


@dataclass
class AgendaFit:
    """Does the agenda fit the meeting? The members' round counts with the members expected."""

    total: int  # seconds the agenda plans
    duration: int  # seconds from the meeting's start to its end
    round_seconds: int  # the members' round: per-member time x members in the round
    proposal: list[tuple[MeetingAgendaItem, int]]  # timed sections and their scaled length

    @property
    def overrun(self) -> int:
        return max(0, self.total - self.duration)

    @property
    def scalable(self) -> bool:
        return bool(self.proposal)


def agenda_fit(meeting: Meeting, plan: list[PlannedItem] | None = None) -> AgendaFit:
    """The agenda against the meeting's length, and, when it runs over, the timed sections scaled
    proportionally into what the members' round leaves (its per-member time stays).
    A page that has the plan already passes it."""
    if plan is None:
        plan, _total = agenda_plan(list(meeting.agenda_items.all()), len(runner_presenters(meeting)))
    total = sum(p.seconds for p in plan)
    duration = int((meeting.ends_at - meeting.starts_at).total_seconds())
    round_seconds = sum(p.seconds for p in plan if p.item.is_member_round)
    timed = [p.item for p in plan if not p.item.is_member_round]
    proposal = []
    if total > duration and timed:
        try:
            scaled = scaled_seconds([item.planned_seconds for item in timed], duration - round_seconds)
        except ValueError:
            scaled = []
        proposal = list(zip(timed, scaled, strict=False))
    return AgendaFit(total=total, duration=duration, round_seconds=round_seconds, proposal=proposal)


def _epoch_ms(moment: datetime.datetime | None) -> int | None:
    return int(moment.timestamp() * 1000) if moment else None


def runner_state(meeting: Meeting) -> dict:
    """Everything the runner screen shows; timers are computed in the browser from the timestamps."""
    items = list(meeting.agenda_items.select_related("responsible_role"))
    presenters = runner_presenters(meeting)
    plan, total = agenda_plan(items, len(presenters))
    current = next((p for p in plan if p.item.pk == meeting.runner_item_id), None)
    index = plan.index(current) if current else None
    state = {
        "meeting": meeting,
        "plan": plan,
        "total_seconds": total,
        "planned_end": meeting.starts_at + datetime.timedelta(seconds=total),
        "planned_end_ms": _epoch_ms(meeting.starts_at + datetime.timedelta(seconds=total)),
        # The plan runs past the meeting's end by this much (0: it ends in time).
        "meeting_seconds": int((meeting.ends_at - meeting.starts_at).total_seconds()),
        "overrun_seconds": max(0, total - int((meeting.ends_at - meeting.starts_at).total_seconds())),
        "current": current,
        "next": plan[index + 1] if index is not None and index + 1 < len(plan) else None,
        "presenter": None,
        "presenter_number": None,
        "presenter_count": len(presenters),
        "to_confirm_count": sum(1 for p in presenters if p.to_confirm),
        "round_order": ROUND_ORDER,
        "next_presenter": None,
        "not_started": meeting.opened_at is None,
        "closed": meeting.closed_at is not None,
        "item_started_ms": _epoch_ms(meeting.runner_item_started_at),
        "unit_started_ms": _epoch_ms(meeting.runner_item_started_at),
        "unit_seconds": current.seconds if current else 0,
        "later_seconds": sum(p.seconds for p in plan[index + 1 :]) if index is not None else total,
        **section_data(meeting, current.item if current else None),
        "numbers": meeting_numbers(meeting) if meeting.closed_at is not None else None,
    }
    if current and current.item.is_member_round and meeting.runner_presenter_id:
        position = next(
            (i for i, p in enumerate(presenters) if p.user.pk == meeting.runner_presenter_id), None
        )
        if position is not None:
            presenter = presenters[position]
            following = presenters[position + 1 :]
        else:
            # Marked absent after the step: still show who is on; the round continues after them.
            key = presenter_sort_key(meeting.runner_presenter)
            position = sum(1 for p in presenters if presenter_sort_key(p.user) < key)
            membership = meeting.chapter.memberships.filter(user_id=meeting.runner_presenter_id).first()
            absent = meeting.attendances.filter(
                member_id=meeting.runner_presenter_id, status=AttendanceStatus.ABSENT
            ).exists()
            presenter = Presenter(
                user=meeting.runner_presenter, membership=membership, to_confirm=absent, absent=absent
            )
            following = presenters[position:]
        state.update(
            presenter=presenter,
            presenter_number=position + 1,
            next_presenter=following[0] if following else None,
            unit_started_ms=_epoch_ms(meeting.runner_presenter_started_at),
            unit_seconds=current.item.planned_seconds,
            later_seconds=state["later_seconds"] + len(following) * current.item.planned_seconds,
        )
    return state
