"""Absences: the counting window and who is over the limit."""

import calendar
import datetime

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from chapters.models import (
    AbsenceWindow,
    Attendance,
    AttendanceStatus,
    Chapter,
    Meeting,
)
from members.models import User
from members.selectors.memberships import current_members


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
