"""Report periods: the weeks and meetings a report counts over."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    F,
    Max,
    QuerySet,
)
from django.utils import timezone

from chapters.models import (
    Chapter,
    ImportedPalms,
    Meeting,
    ScoringWindow,
)

WINDOW_MEETINGS = 26


def aware_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the site's time zone, the zone the member-day rollups count
    a slip's day in (chapters.models.figures.figures_day), whatever zone is active."""
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone()
    )


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    weeks: int = 0  # meetings held (not cancelled) in the period

    @property
    def since(self) -> datetime.datetime:
        return aware_start(self.start)

    @property
    def until(self) -> datetime.datetime:
        return aware_start(self.end + datetime.timedelta(days=1))


def held_meetings(chapter: Chapter) -> QuerySet[Meeting]:
    return Meeting.objects.filter(chapter=chapter, status=Meeting.Status.SCHEDULED)


def imported_weeks(chapter: Chapter, start: datetime.date, end: datetime.date) -> int:
    """Meetings of the imported PALMS periods ending in start..end: per period, the most P+A+L+M+S
    of any member (everyone has one of them per meeting). No query for a chapter without imports."""
    if chapter.imported_palms_until is None or chapter.imported_palms_until < start:
        return 0
    per_period = (
        ImportedPalms.objects.filter(chapter=chapter, period_end__range=(start, end))
        .values("period_start", "period_end")
        .annotate(meetings=Max(F("present") + F("absent") + F("late") + F("medical") + F("substitute")))
        .values_list("meetings", flat=True)
    )
    return sum(per_period)


def period_with_weeks(chapter: Chapter, start: datetime.date, end: datetime.date) -> Period:
    weeks = held_meetings(chapter).filter(scheduled_on__range=(start, end)).count()
    return Period(start, end, weeks + imported_weeks(chapter, start, end))


def previous_half_year(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    if today.month <= 6:
        return datetime.date(today.year - 1, 7, 1), datetime.date(today.year - 1, 12, 31)
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 6, 30)


def scoring_period(chapter: Chapter, window: str, today: datetime.date | None = None) -> Period:
    """The scheme's window at `today`, with the number of meetings held in it. One query."""
    today = today or timezone.localdate()
    if window == ScoringWindow.PREVIOUS_HALF_YEAR:
        return period_with_weeks(chapter, *previous_half_year(today))
    days = list(
        held_meetings(chapter)
        .filter(scheduled_on__lte=today)
        .order_by("-scheduled_on")
        .values_list("scheduled_on", flat=True)[:WINDOW_MEETINGS]
    )
    start = days[-1] if days else today - datetime.timedelta(weeks=WINDOW_MEETINGS)
    return Period(start, today, len(days) + imported_weeks(chapter, start, today))


def month_ends(today: datetime.date, months: int) -> list[datetime.date]:
    ends, day = [], today
    for _month in range(months):
        ends.append(day)
        day = day.replace(day=1) - datetime.timedelta(days=1)
    return ends[::-1]


def six_months(today: datetime.date | None = None) -> Period:
    """The last 26 weeks up to today (weeks held are counted where needed)."""
    today = today or timezone.localdate()
    return Period(today - datetime.timedelta(weeks=WINDOW_MEETINGS) + datetime.timedelta(days=1), today)
