"""The chapter's data the runner shows in a section: the visitors in the visitor round, the rota's
feature presenter and education speaker, the slips and thank-yous of the referral round, and the
numbers of the meeting on the closing screen."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
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


def _window_q(meeting: Meeting, column: str) -> Q:
    start, end = meeting_window(meeting)
    q = Q(**{f"{column}__lte": end})
    return q & Q(**{f"{column}__gt": start}) if start else q


def meeting_slips(meeting: Meeting):
    """Slips the chapter's members passed since the last meeting (withdrawn ones do not count)."""
    return Referral.objects.filter(_window_q(meeting, "created_at"), giver_chapter=meeting.chapter).exclude(
        status=Referral.Status.WITHDRAWN
    )


def meeting_thanks(meeting: Meeting):
    """Thank-yous for closed business (TYFCB) the chapter's members passed since the last meeting."""
    return ThankYou.objects.filter(_window_q(meeting, "created_at"), from_chapter=meeting.chapter)


def referral_round(meeting: Meeting) -> dict:
    """Per giver, what they passed since the last meeting: slips and TYFCB, most slips first."""
    slips = {row["giver"]: row["n"] for row in meeting_slips(meeting).values("giver").annotate(n=Count("pk"))}
    thanks = {
        row["thanked_by"]: row["total"]
        for row in meeting_thanks(meeting).values("thanked_by").annotate(total=Sum("amount"))
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
    start, end = meeting_window(meeting)
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
        "slips": meeting_slips(meeting).count(),
        "tyfcb": meeting_thanks(meeting).aggregate(total=Sum("amount"))["total"] or Decimal(),
        "one_to_ones": one_to_ones.count(),
    }


def section_data(meeting: Meeting, item: MeetingAgendaItem | None) -> dict:
    """What the current section shows from the chapter's data (nothing for a plain section)."""
    if item is None:
        return {}
    if item.kind == AgendaKind.VISITOR_INTROS:
        visitors = meeting.visitors.select_related("invited_by").order_by("checked_in_at", "first_name")
        return {
            "section_visitors": [visitor for visitor in visitors if visitor.checked_in_at],
            "visitors_not_arrived": sum(1 for visitor in visitors if not visitor.checked_in_at),
        }
    if item.kind == AgendaKind.FEATURE_PRESENTATION:
        return {"feature_speaker": _speaker(meeting, RotaKind.FEATURE)}
    if item.kind == AgendaKind.EDUCATION:
        return {"education_speaker": _speaker(meeting, RotaKind.EDUCATION)}
    if item.kind == AgendaKind.REFERRALS:
        return {"referral_round": referral_round(meeting)}
    return {}
