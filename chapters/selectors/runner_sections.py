"""The chapter's data the runner shows in a section: the visitors in the visitor round, the rota's
feature presenter and education speaker, the slips and thank-yous of the referral round, and the
numbers of the meeting on the closing screen."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Subquery, Sum
from django.utils import timezone

from chapters.models import AgendaKind, AttendanceStatus, Meeting, MeetingAgendaItem, RotaKind, Visitor
from chapters.selectors.meetings import meeting_window
from members.models import Membership, User
from referrals.models import OneToOne, Referral, ThankYou


@dataclass
class RotaSpeaker:
    user: User
    membership: Membership | None


@dataclass
class GiverRow:
    user: User
    slips: int = 0
    tyfcb: Decimal = field(default_factory=Decimal)


def _speaker(meeting: Meeting, kind: str) -> RotaSpeaker | None:
    slot = meeting.rota_slots.filter(kind=kind).select_related("member").first()
    if slot is None:
        return None
    membership = (
        meeting.chapter.memberships.current()
        .filter(user=slot.member)
        .select_related("classification")
        .first()
    )
    return RotaSpeaker(slot.member, membership)


def _window_q(meeting: Meeting, column: str, window=None) -> Q:
    start, end = window or meeting_window(meeting)
    q = Q(**{f"{column}__lte": end})
    return q & Q(**{f"{column}__gt": start}) if start else q


def meeting_slips(meeting: Meeting, window=None):
    """Slips the chapter's members passed since the last meeting (withdrawn ones do not count);
    a caller that has the meeting's window already passes it."""
    return Referral.objects.filter(
        _window_q(meeting, "created_at", window), giver_chapter=meeting.chapter
    ).exclude(status=Referral.Status.WITHDRAWN)


def meeting_thanks(meeting: Meeting, window=None):
    """Thank-yous for closed business (TYFCB) the chapter's members passed since the last meeting."""
    return ThankYou.objects.filter(_window_q(meeting, "created_at", window), from_chapter=meeting.chapter)


def referral_round(meeting: Meeting) -> dict:
    """Per giver, what they passed since the last meeting: slips and TYFCB, most slips first."""
    window = meeting_window(meeting)
    slips = {
        row["giver"]: row["n"]
        for row in meeting_slips(meeting, window).values("giver").annotate(n=Count("pk"))
    }
    thanks = {
        row["thanked_by"]: row["total"]
        for row in meeting_thanks(meeting, window).values("thanked_by").annotate(total=Sum("amount"))
    }
    users = User.objects.in_bulk(set(slips) | set(thanks))
    rows = [
        GiverRow(user, slips=slips.get(pk, 0), tyfcb=thanks.get(pk) or Decimal())
        for pk, user in users.items()
    ]
    rows.sort(key=lambda row: (-row.slips, -row.tyfcb, row.user.first_name.lower()))
    return {
        "givers": rows,
        "slip_total": sum(row.slips for row in rows),
        "tyfcb_total": sum((row.tyfcb for row in rows), Decimal()),
    }


def meeting_numbers(meeting: Meeting) -> dict:
    """The closing screen and the summary: who came, guests, and what was passed this week."""
    attendance = meeting.attendances.aggregate(
        present=Count("pk", filter=Q(status__in=(AttendanceStatus.PRESENT, AttendanceStatus.LATE))),
        substitutes=Count("pk", filter=Q(status=AttendanceStatus.SUBSTITUTE)),
    )
    start, end = window = meeting_window(meeting)
    zone = meeting.chapter.zone
    one_to_ones = OneToOne.objects.filter(
        chapter=meeting.chapter, met_on__lte=timezone.localtime(end, zone).date()
    )
    if start:
        one_to_ones = one_to_ones.filter(met_on__gt=timezone.localtime(start, zone).date())
    guests = meeting.visitors.filter(checked_in_at__isnull=False)
    return {
        **attendance,
        "visitors": guests.filter(kind__in=(Visitor.Kind.VISITOR, Visitor.Kind.RETURNING)).count(),
        "slips": meeting_slips(meeting, window).count(),
        "tyfcb": meeting_thanks(meeting, window).aggregate(total=Sum("amount"))["total"] or Decimal(),
        "one_to_ones": one_to_ones.count(),
    }


def runner_guests(meeting: Meeting) -> list[Visitor]:
    """The guests who introduce themselves in the visitors' round: those checked in, in order of arrival."""
    return list(_arrived(meeting).select_related("invited_by").order_by("checked_in_at", "pk"))


def _arrived(meeting: Meeting):
    return meeting.visitors.filter(checked_in_at__isnull=False)


def guest_edge(meeting: Meeting, *, last: bool = False) -> int | None:
    """The first guest of the visitors' round (or the last): who introduces themselves on entering it."""
    order = ("-checked_in_at", "-pk") if last else ("checked_in_at", "pk")
    return _arrived(meeting).order_by(*order).values_list("pk", flat=True).first()


def guest_neighbour(meeting: Meeting, current_id: int, step: int) -> int | None:
    """The guest after `current_id` in order of arrival (step < 0: before), in one query."""
    arrived_at = Subquery(_arrived(meeting).filter(pk=current_id).values("checked_in_at")[:1])
    if step > 0:
        later = Q(checked_in_at__gt=arrived_at) | Q(checked_in_at=arrived_at, pk__gt=current_id)
        rows = _arrived(meeting).filter(later).order_by("checked_in_at", "pk")
    else:
        earlier = Q(checked_in_at__lt=arrived_at) | Q(checked_in_at=arrived_at, pk__lt=current_id)
        rows = _arrived(meeting).filter(earlier).order_by("-checked_in_at", "-pk")
    return rows.values_list("pk", flat=True).first()


def section_data(meeting: Meeting, item: MeetingAgendaItem | None) -> dict:
    """What the current section shows from the chapter's data (nothing for a plain section)."""
    if item is None:
        return {}
    if item.kind == AgendaKind.VISITOR_INTROS:
        arrived = runner_guests(meeting)
        position = next((i for i, v in enumerate(arrived) if v.pk == meeting.runner_visitor_id), None)
        return {
            "section_visitors": arrived,
            "visitors_not_arrived": meeting.visitors.filter(checked_in_at__isnull=True).count(),
            # The section's time shared by the guests who came: what each may take to introduce themselves.
            "per_guest_seconds": item.planned_seconds // len(arrived) if arrived else None,
            "guest": arrived[position] if position is not None else None,
            "guest_number": position + 1 if position is not None else None,
            "next_guest": arrived[position + 1]
            if position is not None and position + 1 < len(arrived)
            else None,
        }
    if item.kind == AgendaKind.FEATURE_PRESENTATION:
        return {"feature_speaker": _speaker(meeting, RotaKind.FEATURE)}
    if item.kind == AgendaKind.EDUCATION:
        return {"education_speaker": _speaker(meeting, RotaKind.EDUCATION)}
    if item.kind == AgendaKind.REFERRALS:
        return {"referral_round": referral_round(meeting)}
    return {}
