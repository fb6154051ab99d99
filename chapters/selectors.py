"""Reads about chapters and meetings that other apps and pages share."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from chapters.models import (
    AbsenceWindow,
    Attendance,
    AttendanceStatus,
    Chapter,
    Meeting,
    MeetingAgendaItem,
    RotaKind,
    RotaSlot,
    Visitor,
)
from members.access import current_q
from members.models import Membership, RoleAssignment, User

# --- Members


def current_members(chapter: Chapter) -> QuerySet[User]:
    """People holding a seat now (active or on leave)."""
    return User.objects.filter(
        memberships__chapter=chapter, memberships__status__in=Membership.CURRENT_STATUSES
    )


def members_at(meeting: Meeting) -> QuerySet[Membership]:
    """The memberships a meeting's record covers: current members who had joined by that day."""
    return (
        meeting.chapter.memberships.filter(
            status__in=Membership.CURRENT_STATUSES, starts_on__lte=meeting.scheduled_on
        )
        .select_related("user", "classification")
        .order_by("user__first_name", "user__last_name")
    )


def users_with_capability(chapter: Chapter, capability: str) -> QuerySet[User]:
    holders = RoleAssignment.objects.filter(
        current_q(), chapter=chapter, role__capabilities__contains=[capability]
    ).values("user_id")
    return User.objects.filter(pk__in=holders, is_active=True)


# --- Meetings


def upcoming_meetings(chapter: Chapter, now=None) -> QuerySet[Meeting]:
    now = now or timezone.now()
    return chapter.meetings.filter(ends_at__gte=now).order_by("starts_at")


def next_meeting(chapter: Chapter, now=None) -> Meeting | None:
    """The next meeting that has not ended yet, cancelled ones included (members should see those)."""
    return upcoming_meetings(chapter, now).first()


def meeting_window(meeting: Meeting) -> tuple[datetime.datetime | None, datetime.datetime]:
    """The stretch of time whose slips belong to this meeting: after the end of the previous
    (non-cancelled) meeting, up to and including this meeting's end. None = since the beginning."""
    previous = (
        meeting.chapter.meetings.filter(status=Meeting.Status.SCHEDULED, ends_at__lt=meeting.ends_at)
        .order_by("-ends_at")
        .values_list("ends_at", flat=True)
        .first()
    )
    return previous, meeting.ends_at


def covering_meeting(*, chapter: Chapter, when: datetime.datetime) -> Meeting | None:
    """The first non-cancelled meeting that had not ended at `when` (its window holds `when`)."""
    return (
        chapter.meetings.filter(status=Meeting.Status.SCHEDULED, ends_at__gte=when)
        .order_by("ends_at")
        .first()
    )


def week_is_locked(*, chapter: Chapter, when: datetime.datetime) -> bool:
    """True once the record of the meeting that covers `when` is completed.

    The covering meeting is the first non-cancelled meeting ending at or after `when`: a slip
    written on Wednesday belongs to next Tuesday's meeting, one passed during the meeting to that
    meeting (see `meeting_window`). Cancelled weeks are skipped, so a holiday week's slips go to the
    next meeting. With no meeting planned after `when`, nothing is locked.
    """
    meeting = covering_meeting(chapter=chapter, when=when)
    return meeting is not None and meeting.is_completed


# --- Agenda arithmetic


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


# --- Runner


@dataclass
class Presenter:
    user: User
    membership: Membership
    substitute_name: str = ""


def presenter_sort_key(user: User) -> tuple:
    return (user.first_name.lower(), user.last_name.lower(), user.pk)


def runner_presenters(meeting: Meeting) -> list[Presenter]:
    """Who speaks in the 60-second round, in name order: active members (not on leave), minus those
    recorded absent or medical and those who announced an absence without a substitute."""
    away = set(
        meeting.attendances.filter(
            status__in=[AttendanceStatus.ABSENT, AttendanceStatus.MEDICAL]
        ).values_list("member_id", flat=True)
    )
    notices = {notice.member_id: notice for notice in meeting.absence_notices.all()}
    memberships = meeting.chapter.memberships.filter(status=Membership.Status.ACTIVE).select_related(
        "user", "classification"
    )
    presenters = []
    for membership in memberships:
        notice = notices.get(membership.user_id)
        if membership.user_id in away or (notice and not notice.has_substitute):
            continue
        presenters.append(
            Presenter(
                user=membership.user,
                membership=membership,
                substitute_name=notice.substitute_name if notice else "",
            )
        )
    presenters.sort(key=lambda presenter: presenter_sort_key(presenter.user))
    return presenters


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
        "current": current,
        "next": plan[index + 1] if index is not None and index + 1 < len(plan) else None,
        "presenter": None,
        "presenter_number": None,
        "presenter_count": len(presenters),
        "next_presenter": None,
        "not_started": meeting.opened_at is None,
        "closed": meeting.closed_at is not None,
        "item_started_ms": _epoch_ms(meeting.runner_item_started_at),
        "unit_started_ms": _epoch_ms(meeting.runner_item_started_at),
        "unit_seconds": current.seconds if current else 0,
        "later_seconds": sum(p.seconds for p in plan[index + 1 :]) if index is not None else total,
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
            presenter = Presenter(user=meeting.runner_presenter, membership=membership)
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


# --- Attendance and absences


def _months_before(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def absence_window(*, chapter: Chapter, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The inclusive date range whose absences count at `day`: the 6 months up to it (rolling) or its half-year."""
    if chapter.absence_window == AbsenceWindow.HALF_YEAR:
        if day.month <= 6:
            return datetime.date(day.year, 1, 1), datetime.date(day.year, 6, 30)
        return datetime.date(day.year, 7, 1), datetime.date(day.year, 12, 31)
    return _months_before(day, 6) + datetime.timedelta(days=1), day


def absence_count(*, member: User, chapter: Chapter, day: datetime.date | None = None) -> int:
    """Absences without a substitute in the chapter's window at `day` (cancelled meetings never count)."""
    day = day or timezone.localdate()
    start, end = absence_window(chapter=chapter, day=day)
    return member.attendances.filter(
        status=AttendanceStatus.ABSENT,
        meeting__chapter=chapter,
        meeting__status=Meeting.Status.SCHEDULED,
        meeting__scheduled_on__range=(start, min(end, day)),
    ).count()


def chapter_absences(*, chapter: Chapter, day: datetime.date | None = None) -> QuerySet[User]:
    """Current members with their absence count in the window, most absences first.

    A count per member (a correlated subquery on the attendance index) rather than a join of all
    attendance with a FILTER: that join read every meeting of every chapter.
    """
    day = day or timezone.localdate()
    start, end = absence_window(chapter=chapter, day=day)
    absences = Attendance.objects.filter(
        member=OuterRef("pk"),
        status=AttendanceStatus.ABSENT,
        meeting__chapter=chapter,
        meeting__status=Meeting.Status.SCHEDULED,
        meeting__scheduled_on__range=(start, min(end, day)),
    )
    counted = absences.order_by().values("member").annotate(n=Count("pk")).values("n")
    return (
        current_members(chapter)
        .annotate(absences=Coalesce(Subquery(counted), 0))
        .order_by("-absences", "first_name", "last_name")
    )


# --- Rotas


def my_next_turns(*, user: User, chapter: Chapter, now=None) -> dict[str, RotaSlot]:
    now = now or timezone.now()
    slots = (
        RotaSlot.objects.filter(
            member=user,
            meeting__chapter=chapter,
            meeting__ends_at__gte=now,
            meeting__status=Meeting.Status.SCHEDULED,
        )
        .select_related("meeting")
        .order_by("meeting__starts_at")
    )
    turns: dict[str, RotaSlot] = {}
    for slot in slots:
        turns.setdefault(slot.kind, slot)
    return turns


# --- Visitors


def visitor_credits(*, member: User, chapter: Chapter, start: datetime.date, end: datetime.date) -> int:
    """First visits of visitors the member invited, at meetings between start and end (inclusive)."""
    return Visitor.objects.filter(
        chapter=chapter,
        invited_by=member,
        gives_visitor_credit=True,
        meeting__scheduled_on__range=(start, end),
    ).count()


# --- Member home


def home_context(*, user: User, chapter: Chapter) -> dict:
    """What the member home shows from this app: the next meeting, my role in it, my turns and absences."""
    now = timezone.now()
    meeting = next_meeting(chapter, now)
    turns = my_next_turns(user=user, chapter=chapter, now=now)
    roles_in_meeting = []
    notice = None
    if meeting is not None:
        # My turns already hold the next meeting's slots: no query of its own.
        roles_in_meeting = [
            slot.get_kind_display() for kind, slot in sorted(turns.items()) if slot.meeting_id == meeting.pk
        ]
        notice = meeting.absence_notices.filter(member=user).first()
    today = timezone.localdate()
    return {
        "next_meeting": meeting,
        "my_roles_in_next_meeting": roles_in_meeting,
        "my_absence_notice": notice,
        "my_next_feature": turns.get(RotaKind.FEATURE),
        "my_next_education": turns.get(RotaKind.EDUCATION),
        "my_absences": absence_count(member=user, chapter=chapter, day=today),
        "absence_limit": chapter.absence_limit,
    }
