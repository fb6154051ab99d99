"""Absences: the counting window and who is over the limit."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from chapters.models import (
    AbsenceNotice,
    AbsenceWindow,
    Attendance,
    AttendanceStatus,
    Chapter,
    Meeting,
)
from chapters.selectors.meetings import expected_members, on_medical_leave
from members.capabilities import Capability
from members.models import Membership, User
from members.selectors.memberships import current_members, users_with_capability


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


@dataclass
class CompletionRow:
    """A member nobody recorded, and the status completing the record gives them."""

    membership: Membership
    status: str
    notice: AbsenceNotice | None = None


@dataclass
class PlannedLetter:
    member: User
    number: int  # the member's absences in the window, this one included
    at_limit: bool  # the membership committee is told too


def completion_rows(meeting: Meeting) -> list[CompletionRow]:
    """What completing adds: every expected member nobody recorded becomes S (an announced
    substitute), M (approved medical leave) or A. The preview shows exactly these rows."""
    recorded = set(meeting.attendances.values_list("member_id", flat=True))
    notices = {notice.member_id: notice for notice in meeting.absence_notices.all()}
    rows = []
    for membership in expected_members(meeting):
        if membership.user_id in recorded:
            continue
        notice = notices.get(membership.user_id)
        if notice and notice.has_substitute:
            rows.append(CompletionRow(membership, AttendanceStatus.SUBSTITUTE, notice))
        elif on_medical_leave(membership, meeting.scheduled_on):
            rows.append(CompletionRow(membership, AttendanceStatus.MEDICAL))
        else:
            rows.append(CompletionRow(membership, AttendanceStatus.ABSENT, notice))
    return rows


def completion_refusal(meeting: Meeting, now: datetime.datetime | None = None) -> str:
    """Why this record cannot be completed now; empty when it can."""
    now = now or timezone.now()
    if meeting.is_cancelled:
        return _("A cancelled meeting is a holiday: it has no attendance record.")
    if meeting.is_completed:
        return _("Someone else has just completed this record.")
    if meeting.starts_at > now:
        return _("The record can be completed once the meeting has started.")
    return ""


def completion_preview(meeting: Meeting) -> dict:
    """What "complete the record" will do: the rows it adds and the letters that go out (an
    absence letter per absent member without one yet, the committee notice at the limit)."""
    chapter = meeting.chapter
    rows = completion_rows(meeting)
    day = meeting.scheduled_on
    letters = [
        PlannedLetter(
            attendance.member, absence_count(member=attendance.member, chapter=chapter, day=day), False
        )
        for attendance in meeting.attendances.filter(
            status=AttendanceStatus.ABSENT, absence_letter__isnull=True
        ).select_related("member")
    ]
    letters += [
        PlannedLetter(
            row.membership.user,
            absence_count(member=row.membership.user, chapter=chapter, day=day) + 1,
            False,
        )
        for row in rows
        if row.status == AttendanceStatus.ABSENT
    ]
    for letter in letters:
        letter.at_limit = letter.number >= chapter.absence_limit
    letters.sort(key=lambda letter: (letter.member.first_name.lower(), letter.member.last_name.lower()))
    at_limit = any(letter.at_limit for letter in letters)
    return {
        "rows": rows,
        "absent": [row for row in rows if row.status == AttendanceStatus.ABSENT],
        "substitutes": [row for row in rows if row.status == AttendanceStatus.SUBSTITUTE],
        "medical": [row for row in rows if row.status == AttendanceStatus.MEDICAL],
        "letters": letters,
        "committee": list(users_with_capability(chapter, Capability.REVIEW_APPLICATIONS)) if at_limit else [],
    }
