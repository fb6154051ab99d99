"""Report queries: PALMS, member scores, chapter overview and traffic light, give/take network.

Everything is aggregated in PostgreSQL: one query for all members' figures over a period (one
correlated subquery per column), one for the weekly trend, one for the network. Reports read; they
never write.

Definitions (also written on the report pages):
- window: the last 26 non-cancelled meetings (rolling) or the previous completed half-year;
  "per week" = per meeting held in the window (cancelled weeks are holidays);
- RGI/RGO: referrals given inside/outside the chapter (receiver's chapter is / is not the giver's);
  RRI/RRO likewise received; withdrawn referrals never count;
- visitors: first visits credited to the inviting member;
- absences: A only (S and M are not absences);
- TYFCB: thank-yous the member recorded for business others brought them.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, DecimalField, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chapters import scoring
from chapters.models import (
    Attendance,
    AttendanceStatus,
    Chapter,
    Meeting,
    Region,
    ScoringScheme,
    ScoringWindow,
    Visitor,
)
from members.models import Membership, User
from referrals.models import EducationCredit, OneToOne, Referral, Testimonial, ThankYou

WINDOW_MEETINGS = 26

# PALMS report columns in the order chapter leaders know them: (key, short header, explanation).
PALMS_COLUMNS = [
    ("present", "P", _("Present")),
    ("absent", "A", _("Absent")),
    ("late", "L", _("Late")),
    ("medical", "M", _("Medical leave")),
    ("substitute", "S", _("Substitute")),
    ("given_inside", "RGI", _("Referrals given inside the chapter")),
    ("given_outside", "RGO", _("Referrals given outside the chapter")),
    ("received_inside", "RRI", _("Referrals received inside the chapter")),
    ("received_outside", "RRO", _("Referrals received from outside the chapter")),
    ("visitors", "V", _("Visitors")),
    ("one_to_ones", "1-2-1", _("One-to-ones")),
    ("tyfcb", "TYFCB", _("Thank-yous for closed business (EUR)")),
    ("education", "CEU", _("Education credits")),
    ("testimonials", "T", _("Testimonials")),
]
PALMS_KEYS = [key for key, _short, _label in PALMS_COLUMNS]

# Chapter traffic light: every figure over 6 months banded into points, as data. [operator, threshold, points].
CHAPTER_BANDS = {
    "colours": [["green", 70], ["amber", 50], ["red", 30], ["grey", 0]],
    "metrics": [
        {"metric": "size", "bands": [[">=", "31", 15], [">=", "26", 10], [">=", "20", 5], [">=", "0", 0]]},
        {"metric": "growth", "bands": [[">=", "5", 15], [">=", "2", 10], [">", "0", 5], [">=", "-1000", 0]]},
        {
            "metric": "retention",
            "bands": [[">=", "90", 15], [">=", "80", 10], [">=", "70", 5], [">=", "0", 0]],
        },
        {
            "metric": "referrals_per_member_per_week",
            "bands": [[">=", "1.2", 15], [">=", "1", 10], [">=", "0.75", 5], [">=", "0", 0]],
        },
        {
            "metric": "visitors_per_week",
            "bands": [[">=", "2", 15], [">=", "1", 10], [">=", "0.5", 5], [">=", "0", 0]],
        },
        {
            "metric": "conversion",
            "bands": [[">=", "25", 15], [">=", "15", 10], [">=", "5", 5], [">=", "0", 0]],
        },
        {"metric": "absence_rate", "bands": [["<=", "3", 10], ["<=", "5", 5], [">=", "0", 0]]},
    ],
}
CHAPTER_METRIC_LABELS = {
    "size": _("Members now"),
    "growth": _("Member growth (joined minus left)"),
    "retention": _("Retention: members of 6 months ago still a member (in %)"),
    "referrals_per_member_per_week": _("Referrals per member per week"),
    "visitors_per_week": _("Visitors per week"),
    "conversion": _("Visitor-to-member conversion: visitors who applied (in %)"),
    "absence_rate": _("Absence rate: absences among attendance records (in %)"),
}
METRIC_LABELS = {
    "referrals_given": _("Referrals given"),
    "referrals_third_party": _("Referrals for a third party"),
    "referrals_own_business": _("Referrals for your own business"),
    "visitors": _("Visitors brought"),
    "one_to_ones": _("One-to-ones"),
    "education_credits": _("Education credits"),
    "testimonials": _("Testimonials given"),
    "tyfcb_given": _("TYFCB given (EUR)"),
    "absences": _("Absences"),
    "late": _("Times late"),
}
COLOUR_LABELS = {"green": _("green"), "amber": _("amber"), "red": _("red"), "grey": _("grey")}


# --- Periods


def aware_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


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


def period_with_weeks(chapter: Chapter, start: datetime.date, end: datetime.date) -> Period:
    weeks = held_meetings(chapter).filter(scheduled_on__range=(start, end)).count()
    return Period(start, end, weeks)


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
    return Period(start, today, len(days))


# --- Schemes


@dataclass(frozen=True)
class SchemeInUse:
    name: str
    kind: str
    window: str
    definition: dict
    pk: int | None = None

    @property
    def window_label(self) -> str:
        return ScoringWindow(self.window).label


DEFAULT_SCHEME = SchemeInUse(
    _("Member traffic lights"), "bands", ScoringWindow.ROLLING, scoring.TRAFFIC_LIGHTS
)


def scheme_for(chapter: Chapter) -> SchemeInUse:
    """The region's scheme, or the traffic lights when the region has not chosen. One query."""
    scheme = ScoringScheme.objects.filter(regions_using__pk=chapter.region_id).first()
    if scheme is None:
        return DEFAULT_SCHEME
    return SchemeInUse(scheme.name, scheme.kind, scheme.window, scheme.definition, scheme.pk)


# --- Per-member figures


def _count(queryset: QuerySet) -> Coalesce:
    # COUNT as a plain function: Django would otherwise add a GROUP BY to the subquery.
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _sum(queryset: QuerySet, column: str):
    total = queryset.order_by().annotate(total=Func(F(column), function="SUM")).values("total")[:1]
    return Coalesce(Subquery(total, output_field=DecimalField(max_digits=14, decimal_places=2)), Decimal(0))


def figure_annotations(chapter: Chapter, period: Period, prefix: str = "") -> dict:
    """Every PALMS column over `period` as correlated subqueries on a User queryset."""
    member = OuterRef("pk")
    referrals = Referral.objects.exclude(status=Referral.Status.WITHDRAWN).filter(
        created_at__gte=period.since, created_at__lt=period.until
    )
    same = Q(giver_chapter=F("receiver_chapter"))
    attendance = Attendance.objects.filter(
        member=member,
        meeting__chapter=chapter,
        meeting__status=Meeting.Status.SCHEDULED,
        meeting__scheduled_on__range=(period.start, period.end),
    )
    statuses = {
        "present": AttendanceStatus.PRESENT,
        "absent": AttendanceStatus.ABSENT,
        "late": AttendanceStatus.LATE,
        "medical": AttendanceStatus.MEDICAL,
        "substitute": AttendanceStatus.SUBSTITUTE,
    }
    annotations = {key: _count(attendance.filter(status=status)) for key, status in statuses.items()}
    given = referrals.filter(giver=member, giver_chapter=chapter)
    received = referrals.filter(receiver=member, receiver_chapter=chapter)
    annotations.update(
        given_inside=_count(given.filter(same)),
        given_outside=_count(given.exclude(same)),
        received_inside=_count(received.filter(same)),
        received_outside=_count(received.exclude(same)),
        third_party=_count(given.filter(kind=Referral.Kind.THIRD_PARTY)),
        visitors=_count(
            Visitor.objects.filter(
                chapter=chapter,
                invited_by=member,
                gives_visitor_credit=True,
                meeting__scheduled_on__range=(period.start, period.end),
            )
        ),
        one_to_ones=_count(
            OneToOne.objects.filter(
                Q(member_low=member) | Q(member_high=member),
                chapter=chapter,
                met_on__range=(period.start, period.end),
            )
        ),
        tyfcb=_sum(
            ThankYou.objects.filter(
                thanked_by=member, from_chapter=chapter, closed_on__range=(period.start, period.end)
            ),
            "amount",
        ),
        education=_count(
            EducationCredit.objects.filter(
                member=member, chapter=chapter, earned_on__range=(period.start, period.end)
            )
        ),
        testimonials=_count(
            Testimonial.objects.filter(
                given_by=member, chapter=chapter, given_on__range=(period.start, period.end)
            )
        ),
    )
    return {prefix + key: value for key, value in annotations.items()}


def current_members(chapter: Chapter) -> QuerySet[User]:
    return User.objects.filter(
        memberships__chapter=chapter, memberships__status__in=Membership.CURRENT_STATUSES
    )


def member_figures(chapter: Chapter, period: Period, members: QuerySet[User] | None = None) -> QuerySet[User]:
    """Current members of the chapter annotated with every PALMS column over `period`. One query."""
    members = current_members(chapter) if members is None else members
    return members.annotate(**figure_annotations(chapter, period)).order_by("first_name", "last_name")


class _Prefixed:
    """One period's figures of a row annotated for several periods."""

    def __init__(self, row: User, prefix: str):
        self._row, self._prefix = row, prefix

    def __getattr__(self, name: str):
        return getattr(self._row, self._prefix + name)


def scoring_values(row: User) -> dict:
    """A member's annotated figures in the scoring engine's vocabulary."""
    given = row.given_inside + row.given_outside
    return {
        "referrals_given": given,
        "referrals_third_party": row.third_party,
        "referrals_own_business": given - row.third_party,
        "visitors": row.visitors,
        "one_to_ones": row.one_to_ones,
        "education_credits": row.education,
        "testimonials": row.testimonials,
        "tyfcb_given": row.tyfcb,
        "absences": row.absent,
        "late": row.late,
    }


def totals(rows: list, keys: list[str] = PALMS_KEYS) -> dict:
    """The totals row is the sum of the member rows shown, nothing else."""
    return {key: sum((getattr(row, key) for row in rows), 0) for key in keys}


def palms_report(chapter: Chapter, period: Period) -> dict:
    rows = list(member_figures(chapter, period))
    return {"rows": rows, "totals": totals(rows), "period": period}


# --- Scores


@dataclass
class MemberScore:
    member: User
    score: scoring.Score
    suggestion: scoring.Suggestion | None = None
    trend: list = field(default_factory=list)


def explain_suggestion(suggestion: scoring.Suggestion | None) -> list[str]:
    if suggestion is None:
        return []
    return [f"{count} × {METRIC_LABELS[metric]}" for metric, count in suggestion.events.items()]


def member_score(user: User, chapter: Chapter, today: datetime.date | None = None) -> dict:
    """My score explained: scheme and window, points per metric, the cheapest way to the next colour."""
    scheme = scheme_for(chapter)
    period = scoring_period(chapter, scheme.window, today)
    row = member_figures(chapter, period, User.objects.filter(pk=user.pk)).first()
    values = scoring_values(row) if row else {}
    result = scoring.score(values, period.weeks, scheme.definition)
    suggestion = scoring.cheapest_way_to_next_colour(values, period.weeks, scheme.definition)
    return {
        "scheme": scheme,
        "period": period,
        "score": result,
        "row": row,
        "suggestion": suggestion,
        "suggestion_steps": explain_suggestion(suggestion),
        "metric_labels": METRIC_LABELS,
        "colour_labels": COLOUR_LABELS,
    }


def member_score_summary(user: User, chapter: Chapter) -> dict:
    """For the member home's score card. Three queries: scheme, window, figures."""
    return member_score(user, chapter)


def month_ends(today: datetime.date, months: int) -> list[datetime.date]:
    ends, day = [], today
    for _month in range(months):
        ends.append(day)
        day = day.replace(day=1) - datetime.timedelta(days=1)
    return ends[::-1]


def chapter_scores(chapter: Chapter, today: datetime.date | None = None, months: int = 4) -> dict:
    """Every member's score, best first, with the total at the end of each of the last `months` months.

    Three queries: the scheme, the meeting days, and every month's figures at once.
    """
    today = today or timezone.localdate()
    scheme = scheme_for(chapter)
    ends = month_ends(today, months)
    if scheme.window == ScoringWindow.PREVIOUS_HALF_YEAR:
        periods = [period_with_weeks(chapter, *previous_half_year(end)) for end in ends]
    else:
        days = list(
            held_meetings(chapter)
            .filter(scheduled_on__lte=today)
            .order_by("-scheduled_on")
            .values_list("scheduled_on", flat=True)[: WINDOW_MEETINGS + 6 * months]
        )
        periods = []
        for end in ends:
            held = [day for day in days if day <= end][:WINDOW_MEETINGS]
            start = held[-1] if held else end - datetime.timedelta(weeks=WINDOW_MEETINGS)
            periods.append(Period(start, end, len(held)))
    annotations = {}
    for index, period in enumerate(periods):
        annotations.update(figure_annotations(chapter, period, prefix=f"m{index}_"))
    scores = []
    for row in current_members(chapter).annotate(**annotations):
        trend = [
            scoring.score(scoring_values(_Prefixed(row, f"m{index}_")), period.weeks, scheme.definition)
            for index, period in enumerate(periods)
        ]
        scores.append(MemberScore(row, trend[-1], trend=[result.total for result in trend]))
    ranked = sorted(scores, key=lambda entry: (-entry.score.total, entry.member.full_name))
    return {"scheme": scheme, "period": periods[-1], "scores": ranked, "months": ends}


# --- Chapter overview and traffic light


def _count_distinct(queryset: QuerySet, column: str) -> Coalesce:
    counted = queryset.order_by().annotate(
        n=Func(F(column), function="COUNT", template="COUNT(DISTINCT %(expressions)s)")
    )
    return Coalesce(Subquery(counted.values("n")[:1], output_field=IntegerField()), 0)


def chapter_figures(chapter: Chapter, period: Period) -> dict:
    """Chapter-wide figures over `period`, in one query (a subquery per figure)."""
    memberships = Membership.objects.filter(chapter=chapter)
    at_start = Q(starts_on__lt=period.start) & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
    in_period = (period.start, period.end)
    visitors = Visitor.objects.filter(
        chapter=chapter,
        kind=Visitor.Kind.VISITOR,
        meeting__status=Meeting.Status.SCHEDULED,
        meeting__scheduled_on__range=in_period,
    ).filter(Q(checked_in_at__isnull=False) | Q(gives_visitor_credit=True))
    attendance = Attendance.objects.filter(
        meeting__chapter=chapter,
        meeting__status=Meeting.Status.SCHEDULED,
        meeting__scheduled_on__range=in_period,
    )
    subqueries = {
        "weeks": _count(held_meetings(chapter).filter(scheduled_on__range=in_period)),
        "members_now": _count_distinct(memberships.filter(status__in=Membership.CURRENT_STATUSES), "user"),
        "members_at_start": _count_distinct(memberships.filter(at_start), "user"),
        "kept": _count_distinct(
            memberships.filter(starts_on__lt=period.start, status__in=Membership.CURRENT_STATUSES), "user"
        ),
        "joined": _count_distinct(memberships.filter(starts_on__range=in_period), "user"),
        "left": _count_distinct(memberships.filter(ended_on__range=in_period), "user"),
        "referrals": _count(
            Referral.objects.exclude(status=Referral.Status.WITHDRAWN).filter(
                giver_chapter=chapter, created_at__gte=period.since, created_at__lt=period.until
            )
        ),
        "tyfcb": _sum(ThankYou.objects.filter(from_chapter=chapter, closed_on__range=in_period), "amount"),
        "visitors": _count(visitors),
        "applied": _count(visitors.filter(status=Visitor.Status.APPLIED)),
        "records": _count(attendance),
        "attended": _count(attendance.filter(status__in=[AttendanceStatus.PRESENT, AttendanceStatus.LATE])),
        "absent": _count(attendance.filter(status=AttendanceStatus.ABSENT)),
    }
    # Prefixed: some names (visitors, ...) are also relations of Chapter.
    values = (
        Chapter.objects.filter(pk=chapter.pk)
        .annotate(**{f"figure_{name}": subquery for name, subquery in subqueries.items()})
        .values(*[f"figure_{name}" for name in subqueries])
        .get()
    )
    row = {name.removeprefix("figure_"): value for name, value in values.items()}
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


def chapter_bands_for(region) -> dict:
    """The region's own chapter traffic light bands, or the defaults."""
    return region.chapter_light_bands or CHAPTER_BANDS


def validate_chapter_bands(bands: dict) -> None:
    """Same shape as CHAPTER_BANDS: known metrics, [operator, threshold, points] bands, colours."""
    error = ValidationError(_("This table is not a valid chapter traffic light."), code="invalid")
    try:
        metrics = bands["metrics"]
        for colour, threshold in bands["colours"]:
            if colour not in COLOUR_LABELS:
                raise error
            Decimal(str(threshold))
        for definition in metrics:
            if definition["metric"] not in CHAPTER_METRIC_LABELS:
                raise error
            for operator, threshold, points in definition["bands"]:
                if operator not in (">=", ">", "<=", "<", "=="):
                    raise error
                Decimal(str(threshold)), Decimal(str(points))
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise error from exc
    if not metrics:
        raise error


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


def six_months(today: datetime.date | None = None) -> Period:
    """The last 26 weeks up to today (weeks held are counted where needed)."""
    today = today or timezone.localdate()
    return Period(today - datetime.timedelta(weeks=WINDOW_MEETINGS) + datetime.timedelta(days=1), today)


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


def bar_chart(values: list, labels: list[str], *, height: int = 80, bar: int = 10) -> dict:
    """Geometry for an inline SVG bar chart (no chart library, nothing external)."""
    top = max([float(value) for value in values] + [1.0])
    step = bar + 4
    bars = []
    for index, value in enumerate(values):
        bar_height = round(float(value) / top * height) if value else 0
        bars.append({"x": index * step, "y": height - bar_height, "height": bar_height, "value": value})
    every = max(1, len(labels) // 6)
    return {
        "width": max(step * len(values), step),
        "height": height,
        "view_height": height + 16,
        "bar": bar,
        "bars": bars,
        "labels": [(index * step, label) for index, label in enumerate(labels) if index % every == 0],
        "label_y": height + 12,
    }


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


# --- Give/take network


def give_take_network(chapter: Chapter, period: Period) -> dict:
    """Who passes referrals to whom inside the chapter: a matrix of counts. Two queries."""
    members = list(
        User.objects.filter(
            memberships__chapter=chapter, memberships__status__in=Membership.CURRENT_STATUSES
        ).order_by("first_name", "last_name")
    )
    pairs = (
        Referral.objects.exclude(status=Referral.Status.WITHDRAWN)
        .filter(
            giver_chapter=chapter,
            receiver_chapter=chapter,
            created_at__gte=period.since,
            created_at__lt=period.until,
        )
        .values("giver_id", "receiver_id")
        .annotate(n=Count("pk"))
    )
    counts = {(row["giver_id"], row["receiver_id"]): row["n"] for row in pairs}
    rows = []
    for giver in members:
        cells = [counts.get((giver.pk, receiver.pk), 0) for receiver in members]
        received = sum(counts.get((other.pk, giver.pk), 0) for other in members)
        given = sum(cells)
        rows.append(
            {
                "member": giver,
                "cells": cells,
                "given": given,
                "received": received,
                "gives_without_receiving": given > 0 and received == 0,
            }
        )
    column_totals = [sum(row["cells"][index] for row in rows) for index in range(len(members))]
    return {"members": members, "rows": rows, "column_totals": column_totals, "total": sum(column_totals)}


# --- Region


def region_comparison(region: Region, period_end: datetime.date | None = None) -> list[dict]:
    """The region's chapters side by side (a few queries per chapter; regions have a handful)."""
    comparison = []
    bands = chapter_bands_for(region)
    for chapter in region.chapters.filter(is_active=True).order_by("name"):
        figures = chapter_figures(chapter, six_months(period_end))
        comparison.append(
            {"chapter": chapter, "figures": figures, "light": chapter_traffic_light(figures, bands)}
        )
    return comparison
