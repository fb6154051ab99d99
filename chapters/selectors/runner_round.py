"""The 60-second round in SQL: who is in it, in name order, and what the runner shows of it (how
many speak, how many are still to confirm, the current member's place, who is next), each one
query whose cost does not grow with the chapter: no page loads every member to find the next one.

Who is in the round: members checked in (present, late, or their substitute), and members expected
but not recorded yet (the runner confirms them: "is here" or "absent: skip"). Not in it: members
recorded absent or medical, on medical leave, who announced an absence without a substitute, who
joined after the meeting's day or have not activated their account (`expected_members`).
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Collate, Lower

from chapters.models import AbsenceNotice, Attendance, AttendanceStatus, Meeting
from chapters.selectors.meetings import members_at
from members.models import Membership, User

SPEAKING = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.SUBSTITUTE)


@dataclass
class Presenter:
    user: User
    membership: Membership | None
    substitute_name: str = ""
    # Not checked in yet: the runner's "is here" checks them in, "absent: skip" records the absence.
    to_confirm: bool = False
    # Recorded absent, reached again with "back": "is here" corrects the draft record.
    absent: bool = False


def _name_key(column: str):
    # Lower-cased, compared code point by code point (as Python compares the lower-cased names).
    return Collate(Lower(column), "C")


# The chapter has no seating or power-team order: the round goes by first name, last name, id.
ORDER = ("first_key", "last_key", "user_id")


def _in_round(meeting: Meeting) -> Q:
    expected = (
        Q()
        if meeting.chapter.absences_before_activation
        else ~Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
    )
    on_leave = Q(status=Membership.Status.ON_LEAVE) & (
        Q(leave_until__isnull=True) | Q(leave_until__gte=meeting.scheduled_on)
    )
    unrecorded = Q(record__isnull=True) & expected & ~on_leave & Q(announced_alone=False)
    return Q(record__in=SPEAKING) | unrecorded


def round_members(meeting: Meeting) -> QuerySet[Membership]:
    """`members_at(meeting)`, each with their record (`record`: the status, None when not recorded),
    the substitute who speaks for them (`speaks_for`), the name keys of the round's order and
    whether they are in the round (`in_round`)."""
    attendance = Attendance.objects.filter(meeting=meeting, member=OuterRef("user_id"))
    notice = AbsenceNotice.objects.filter(meeting=meeting, member=OuterRef("user_id"))
    return (
        members_at(meeting)
        .select_related(None)
        .order_by()
        .annotate(
            record=Subquery(attendance.values("status")[:1]),
            announced_alone=Exists(notice.filter(substitute_name="")),
            speaks_for=Coalesce(
                Subquery(attendance.values("substitute_name")[:1]),
                Subquery(notice.values("substitute_name")[:1]),
                Value(""),
            ),
            first_key=_name_key("user__first_name"),
            last_key=_name_key("user__last_name"),
        )
        .annotate(in_round=ExpressionWrapper(_in_round(meeting), output_field=BooleanField()))
    )


def _key_of(user_id: int):
    user = User.objects.filter(pk=user_id)
    return (
        Subquery(user.values(key=_name_key("first_name"))[:1]),
        Subquery(user.values(key=_name_key("last_name"))[:1]),
        user_id,
    )


def _after(user_id: int) -> Q:
    """Members later in the round's order than `user_id` (whether or not that member is in it)."""
    first, last, pk = _key_of(user_id)
    return (
        Q(first_key__gt=first)
        | Q(first_key=first, last_key__gt=last)
        | Q(first_key=first, last_key=last, user_id__gt=pk)
    )


def _before(user_id: int) -> Q:
    first, last, pk = _key_of(user_id)
    return (
        Q(first_key__lt=first)
        | Q(first_key=first, last_key__lt=last)
        | Q(first_key=first, last_key=last, user_id__lt=pk)
    )


def _presenter(membership: Membership) -> Presenter:
    return Presenter(
        user=membership.user,
        membership=membership,
        substitute_name=membership.speaks_for if membership.in_round else "",
        to_confirm=(membership.in_round and membership.record is None)
        or membership.record == AttendanceStatus.ABSENT,
        absent=membership.record == AttendanceStatus.ABSENT,
    )


def runner_presenters(meeting: Meeting) -> list[Presenter]:
    """Everyone in the 60-second round, in its order (the agenda pages list them)."""
    rows = round_members(meeting).filter(in_round=True).select_related("user", "classification")
    return [_presenter(membership) for membership in rows.order_by(*ORDER)]


def round_figures(meeting: Meeting, current_id: int | None = None) -> dict:
    """How many speak, how many are still to confirm, and how many come before and after the
    member now on (`current_id`), in one aggregate."""
    figures = {"count": Count("pk"), "to_confirm": Count("pk", filter=Q(record__isnull=True))}
    if current_id is not None:
        figures.update(
            before=Count("pk", filter=_before(current_id)), after=Count("pk", filter=_after(current_id))
        )
    return round_members(meeting).filter(in_round=True).aggregate(**figures)


def round_cards(meeting: Meeting, current_id: int) -> tuple[Presenter | None, Presenter | None]:
    """The member now on (in the round or, reached with "back", recorded absent) and the next one."""
    rows = list(
        round_members(meeting)
        .filter(Q(user_id=current_id) | (Q(in_round=True) & _after(current_id)))
        .select_related("user", "classification")
        .order_by(*ORDER)[:2]
    )
    current = _presenter(rows.pop(0)) if rows and rows[0].user_id == current_id else None
    return current, _presenter(rows[0]) if rows else None


def round_edge(meeting: Meeting, *, last: bool = False) -> int | None:
    """The first member of the round (or the last): who speaks on entering it."""
    order = [f"-{column}" for column in ORDER] if last else ORDER
    return (
        round_members(meeting)
        .filter(in_round=True)
        .order_by(*order)
        .values_list("user_id", flat=True)
        .first()
    )


def round_neighbour(meeting: Meeting, current_id: int, step: int) -> int | None:
    """The next member in the round after `current_id`, or (step < 0) the previous one: "back"
    also returns to members recorded absent, so a mistaken "absent: skip" is undone where it was made."""
    rows = round_members(meeting)
    if step > 0:
        rows = rows.filter(Q(in_round=True) & _after(current_id)).order_by(*ORDER)
    else:
        rows = rows.filter((Q(in_round=True) | Q(record=AttendanceStatus.ABSENT)) & _before(current_id))
        rows = rows.order_by(*[f"-{column}" for column in ORDER])
    return rows.values_list("user_id", flat=True).first()
