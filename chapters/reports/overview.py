"""The chapter overview: chapter-level figures, the chapter traffic light and the weekly trend."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from chapters import scoring
from chapters.models import (
    Attendance,
    AttendanceStatus,
    Chapter,
    ImportedPalms,
    Meeting,
    MemberDayFigures,
    Visitor,
)
from chapters.reports.charts import bar_chart
from chapters.reports.figures import _count
from chapters.reports.periods import Period, held_meetings, imported_weeks
from chapters.schemes import CHAPTER_BANDS, CHAPTER_METRIC_LABELS, COLOUR_LABELS
from config.exports import Exporter
from members.models import Membership
from referrals.models import Referral


def _count_distinct(queryset: QuerySet, column: str) -> Coalesce:
    counted = queryset.order_by().annotate(
        n=Func(F(column), function="COUNT", template="COUNT(DISTINCT %(expressions)s)")
    )
    return Coalesce(Subquery(counted.values("n")[:1], output_field=IntegerField()), 0)


def _rollup_sum(rows: QuerySet, columns: tuple[str, ...], amount: bool = False) -> Coalesce:
    """SUM(a + b + ...) over `rows`: the chapter's member-day rollups (imported history included), or
    its imported PALMS rows for what the rollups do not hold."""
    expression = F(columns[0])
    for column in columns[1:]:
        expression = expression + F(column)
    summed = rows.order_by().annotate(total=Func(expression, function="SUM")).values("total")[:1]
    if amount:
        return Coalesce(
            Subquery(summed, output_field=DecimalField(max_digits=14, decimal_places=2)), Decimal(0)
        )
    return Coalesce(Subquery(summed, output_field=IntegerField()), 0)


# Chapter-wide figures that are sums of the members' figures: read from the member-day rollups
# (chapters.MemberDayFigures), which hold imported PALMS history too.
ROLLUP_SUMS = {
    "referrals": ("given_inside", "given_outside"),
    "tyfcb": ("tyfcb",),
    "records": ("present", "absent", "late", "medical", "substitute"),
    "attended": ("present", "late"),
    "absent": ("absent",),
}


def _figure_subqueries(period: Period) -> dict:
    """One subquery per chapter-wide figure, each for the chapter of the outer row."""
    chapter = OuterRef("pk")
    memberships = Membership.objects.filter(chapter=chapter)
    at_start = Q(starts_on__lt=period.start) & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
    in_period = (period.start, period.end)
    visitors = Visitor.objects.filter(
        chapter=chapter,
        kind=Visitor.Kind.VISITOR,
        meeting__status=Meeting.Status.SCHEDULED,
        meeting__scheduled_on__range=in_period,
    ).filter(Q(checked_in_at__isnull=False) | Q(gives_visitor_credit=True))
    rollups = MemberDayFigures.objects.filter(chapter=chapter, day__range=in_period)
    return {
        "weeks": _count(held_meetings(chapter).filter(scheduled_on__range=in_period)),
        "members_now": _count_distinct(memberships.current(), "user"),
        "members_at_start": _count_distinct(memberships.filter(at_start), "user"),
        "kept": _count_distinct(memberships.current().filter(starts_on__lt=period.start), "user"),
        "joined": _count_distinct(memberships.filter(starts_on__range=in_period), "user"),
        "left": _count_distinct(memberships.filter(ended_on__range=in_period), "user"),
        **{
            name: _rollup_sum(rollups, columns, amount=name == "tyfcb")
            for name, columns in ROLLUP_SUMS.items()
        },
        "visitors": _count(visitors),
        "applied": _count(visitors.filter(status=Visitor.Status.APPLIED)),
        **_imported_subqueries(chapter, in_period),
    }


# History imported from BNI Connect (chapters.ImportedPalms) adds to the figures not read from the
# rollups: the visitors (here every visitor who came, not only the credited ones).
IMPORTED_SUMS = {
    "visitors": ("visitors",),
}


def _imported_subqueries(chapter, in_period) -> dict:
    imported = ImportedPalms.objects.filter(chapter=chapter, period_end__range=in_period)
    return {
        f"imported_{name}": _rollup_sum(imported, columns, amount=name == "tyfcb")
        for name, columns in IMPORTED_SUMS.items()
    }


def _figures_from(row: dict) -> dict:
    for name in IMPORTED_SUMS:
        row[name] += row.pop(f"imported_{name}")
    weeks, members = row["weeks"], row["members_now"]
    return {
        "members": members,
        "joined": row["joined"],
        "left": row["left"],
        "growth": row["joined"] - row["left"],
        "retention": _percent(row["kept"], row["members_at_start"]),
        "attendance": _percent(row["attended"], row["records"]),
        "absence_rate": _percent(row["absent"], row["records"]),
        "referrals": row["referrals"],
        "referrals_per_member_per_week": _ratio(row["referrals"], members * weeks),
        "visitors": row["visitors"],
        "visitors_per_week": _ratio(row["visitors"], weeks),
        "applied": row["applied"],
        "conversion": _percent(row["applied"], row["visitors"]),
        "tyfcb": row["tyfcb"],
        "weeks": weeks,
    }


def chapters_figures(chapters: QuerySet[Chapter], period: Period) -> dict[int, dict]:
    """Chapter-wide figures over `period` for every chapter in `chapters`, in one query."""
    subqueries = _figure_subqueries(period)
    # Prefixed: some names (visitors, ...) are also relations of Chapter.
    rows = chapters.order_by().annotate(
        **{f"figure_{name}": subquery for name, subquery in subqueries.items()}
    )
    figures = {}
    for row in rows.values("pk", "imported_palms_until", *[f"figure_{name}" for name in subqueries]):
        values = {name.removeprefix("figure_"): value for name, value in row.items()}
        if row["imported_palms_until"] is not None:  # only a chapter with imported history asks
            chapter = Chapter(pk=row["pk"], imported_palms_until=row["imported_palms_until"])
            values["weeks"] += imported_weeks(chapter, period.start, period.end)
        figures[row["pk"]] = _figures_from(values)
    return figures


def chapter_figures(chapter: Chapter, period: Period) -> dict:
    """Chapter-wide figures over `period`, in one query (a subquery per figure)."""
    return chapters_figures(Chapter.objects.filter(pk=chapter.pk), period)[chapter.pk]


def _ratio(part, whole) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.01")) if whole else Decimal(0)


def _percent(part, whole) -> Decimal:
    return (Decimal(100) * part / whole).quantize(Decimal("0.1")) if whole else Decimal(0)


@dataclass
class ChapterMetric:
    metric: str
    label: str
    value: Decimal
    points: Decimal
    bands: list


def chapter_traffic_light(figures: dict, bands: dict = CHAPTER_BANDS) -> dict:
    metrics = []
    for definition in bands["metrics"]:
        name = definition["metric"]
        value = Decimal(figures["members" if name == "size" else name])
        points = scoring.band_points(value, definition["bands"])
        metrics.append(ChapterMetric(name, CHAPTER_METRIC_LABELS[name], value, points, definition["bands"]))
    total = sum((metric.points for metric in metrics), Decimal(0))
    return {
        "metrics": metrics,
        "total": total,
        "colour": scoring.colour_for(total, bands),
        "colours": bands["colours"],
        "colour_labels": COLOUR_LABELS,
    }


@dataclass
class Week:
    day: datetime.date
    attendance: Decimal = Decimal(0)
    referrals: int = 0
    visitors: int = 0


def weekly_trend(chapter: Chapter, period: Period) -> list[Week]:
    """Per meeting held: attendance %, visitors, and referrals given in its week. Two queries."""
    visitors = Visitor.objects.filter(meeting=OuterRef("pk"), kind=Visitor.Kind.VISITOR).filter(
        Q(checked_in_at__isnull=False) | Q(gives_visitor_credit=True)
    )
    meetings = (
        held_meetings(chapter)
        .filter(scheduled_on__range=(period.start, period.end))
        .annotate(
            records=_count(Attendance.objects.filter(meeting=OuterRef("pk"))),
            attended=_count(
                Attendance.objects.filter(
                    meeting=OuterRef("pk"), status__in=[AttendanceStatus.PRESENT, AttendanceStatus.LATE]
                )
            ),
            visitor_count=_count(visitors),
        )
        .order_by("scheduled_on")
        .values_list("scheduled_on", "records", "attended", "visitor_count")
    )
    weeks = {
        day - datetime.timedelta(days=day.weekday()): Week(
            day, _percent(attended, records), visitors=visitor_count
        )
        for day, records, attended, visitor_count in meetings
    }
    referrals = (
        Referral.objects.exclude(status=Referral.Status.WITHDRAWN)
        .filter(giver_chapter=chapter, created_at__gte=period.since, created_at__lt=period.until)
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(n=Count("pk"))
    )
    for row in referrals:
        week = weeks.get(timezone.localtime(row["week"]).date())
        if week:
            week.referrals = row["n"]
    return list(weeks.values())


def chapter_overview(chapter: Chapter, period: Period) -> dict:
    """Three queries: the figures, the meetings with attendance and visitors, referrals per week."""
    figures = chapter_figures(chapter, period)
    weeks = weekly_trend(chapter, period)
    labels = [week.day.strftime("%d-%m") for week in weeks]
    return {
        "figures": figures,
        "weeks": weeks,
        "charts": [
            (_("Attendance %"), bar_chart([w.attendance for w in weeks], labels)),
            (_("Referrals per week"), bar_chart([w.referrals for w in weeks], labels)),
            (_("Visitors per week"), bar_chart([w.visitors for w in weeks], labels)),
        ],
    }


class OverviewExporter(Exporter):
    """The chapter overview as a sheet: a row per week, then the totals."""

    def __init__(self, chapter: Chapter, period: Period, overview: dict):
        self.filename = f"Overview {chapter.name} {period.start} {period.end}"
        self.overview = overview

    def headers(self) -> list:
        return [gettext("Week"), gettext("Attendance %"), gettext("Referrals"), gettext("Visitors")]

    def rows(self) -> list[list]:
        weeks = self.overview["weeks"]
        rows = [[week.day, week.attendance, week.referrals, week.visitors] for week in weeks]
        rows.append(
            [
                gettext("Total"),
                self.overview["figures"]["attendance"],
                sum(week.referrals for week in weeks),
                sum(week.visitors for week in weeks),
            ]
        )
        return rows


class TrafficLightExporter(Exporter):
    """The chapter traffic light as a sheet: a row per figure with its points, then the total."""

    def __init__(self, chapter: Chapter, light: dict):
        self.filename = f"Traffic light {chapter.name}"
        self.light = light

    def headers(self) -> list:
        return [gettext("Figure"), gettext("Value"), gettext("Points")]

    def rows(self) -> list[list]:
        rows = [[str(metric.label), metric.value, metric.points] for metric in self.light["metrics"]]
        rows.append([gettext("Total"), "", self.light["total"]])
        return rows
