"""Report queries: PALMS, member scores, chapter overview and traffic light, give/take network.

Everything is aggregated in PostgreSQL: one query for all members' figures over one or more periods
(a grouped pass per table), one for the weekly trend, one for the network. Reports read; they never
write.

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
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
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
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext, ngettext_lazy
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
from config.templatetags.kring import eur
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
# One step of the way to the next colour, for `count` more events of a metric (TYFCB reads as an amount).
SUGGESTION_STEPS = {
    "referrals_given": ngettext_lazy("%(count)s referral", "%(count)s referrals", "count"),
    "referrals_third_party": ngettext_lazy(
        "%(count)s referral for a third party", "%(count)s referrals for a third party", "count"
    ),
    "referrals_own_business": ngettext_lazy(
        "%(count)s referral for your own business", "%(count)s referrals for your own business", "count"
    ),
    "visitors": ngettext_lazy("%(count)s visitor", "%(count)s visitors", "count"),
    "one_to_ones": ngettext_lazy("%(count)s one-to-one", "%(count)s one-to-ones", "count"),
    "education_credits": ngettext_lazy("%(count)s education credit", "%(count)s education credits", "count"),
    "testimonials": ngettext_lazy("%(count)s testimonial", "%(count)s testimonials", "count"),
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
    """The region's scheme, or the traffic lights when the region has not chosen.

    No query when the region came with its scheme (the request's membership does), else one.
    """
    if Chapter.region.is_cached(chapter) and Region.scoring_scheme.is_cached(chapter.region):
        scheme = chapter.region.scoring_scheme
    else:
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


@dataclass(frozen=True)
class FigureSource:
    """One table's rows as they count in members' figures: for whom, on which day, and as what."""

    rows: QuerySet  # the chapter's rows
    member: str  # the column naming the member a row counts for
    day: str  # the row's day, or its moment when `timestamp`
    figures: dict[str, Q]  # figure -> the rows it counts
    amount: str = ""  # add up this column instead of counting rows
    timestamp: bool = False

    def in_period(self, period: Period) -> Q:
        if self.timestamp:
            return Q(**{f"{self.day}__gte": period.since, f"{self.day}__lt": period.until})
        return Q(**{f"{self.day}__range": (period.start, period.end)})


def figure_sources(chapter: Chapter) -> list[FigureSource]:
    """Where every PALMS column (and the third-party referrals scoring needs) comes from."""
    referrals = Referral.objects.exclude(status=Referral.Status.WITHDRAWN)
    same = Q(giver_chapter=F("receiver_chapter"))
    one_to_ones = OneToOne.objects.filter(chapter=chapter)
    return [
        FigureSource(
            Attendance.objects.filter(meeting__chapter=chapter, meeting__status=Meeting.Status.SCHEDULED),
            "member",
            "meeting__scheduled_on",
            {
                "present": Q(status=AttendanceStatus.PRESENT),
                "absent": Q(status=AttendanceStatus.ABSENT),
                "late": Q(status=AttendanceStatus.LATE),
                "medical": Q(status=AttendanceStatus.MEDICAL),
                "substitute": Q(status=AttendanceStatus.SUBSTITUTE),
            },
        ),
        FigureSource(
            referrals.filter(giver_chapter=chapter),
            "giver",
            "created_at",
            {"given_inside": same, "given_outside": ~same, "third_party": Q(kind=Referral.Kind.THIRD_PARTY)},
            timestamp=True,
        ),
        FigureSource(
            referrals.filter(receiver_chapter=chapter),
            "receiver",
            "created_at",
            {"received_inside": same, "received_outside": ~same},
            timestamp=True,
        ),
        FigureSource(
            Visitor.objects.filter(chapter=chapter, gives_visitor_credit=True),
            "invited_by",
            "meeting__scheduled_on",
            {"visitors": Q()},
        ),
        # A one-to-one counts for both members; member_low < member_high, so never twice for one.
        FigureSource(one_to_ones, "member_low", "met_on", {"one_to_ones": Q()}),
        FigureSource(one_to_ones, "member_high", "met_on", {"one_to_ones": Q()}),
        FigureSource(
            ThankYou.objects.filter(from_chapter=chapter),
            "thanked_by",
            "closed_on",
            {"tyfcb": Q()},
            amount="amount",
        ),
        FigureSource(
            EducationCredit.objects.filter(chapter=chapter), "member", "earned_on", {"education": Q()}
        ),
        FigureSource(
            Testimonial.objects.filter(chapter=chapter), "given_by", "given_on", {"testimonials": Q()}
        ),
    ]


FIGURE_KEYS = [*PALMS_KEYS, "third_party"]


def figures_over_periods(
    chapter: Chapter, periods: list[Period], member_ids: list[int]
) -> dict[int, list[dict]]:
    """Each member's figures over each of `periods`, in one query that reads every table once.

    Per table: its rows over the span of all periods, grouped by member, with one conditional
    aggregate per figure and period (COUNT(*) FILTER (WHERE ...)). The tables' groups are stacked with
    UNION ALL in the same columns (zero where a table has no say) and added up per member here, at
    most tables × members rows. (Correlated subqueries, one per figure and period for every member,
    took a second on five years of a 50-member chapter.)
    """
    sources = figure_sources(chapter)
    span = Period(min(period.start for period in periods), max(period.end for period in periods))
    amounts = {figure for source in sources if source.amount for figure in source.figures}
    columns = [(index, figure) for index in range(len(periods)) for figure in FIGURE_KEYS]
    zeros = [Decimal(0) if figure in amounts else 0 for _index, figure in columns]
    parts = []
    for source in sources:
        selected = {}
        for index, figure in columns:
            where = source.figures.get(figure)
            if where is None:
                value = Value(Decimal(0) if figure in amounts else 0)
            elif source.amount:
                value = Coalesce(
                    Sum(source.amount, filter=where & source.in_period(periods[index])), Decimal(0)
                )
            else:
                value = Count("pk", filter=where & source.in_period(periods[index]))
            selected[f"p{index}_{figure}"] = value
        parts.append(
            source.rows.filter(source.in_period(span))
            .order_by()
            .values(figure_member=F(source.member))
            .annotate(**selected)
            .values_list("figure_member", *selected)
        )
    sums = dict.fromkeys(member_ids, zeros)
    for member_id, *values in parts[0].union(*parts[1:], all=True):
        if member_id in sums:
            sums[member_id] = [total + value for total, value in zip(sums[member_id], values, strict=True)]
    width = len(FIGURE_KEYS)
    return {
        member_id: [
            dict(zip(FIGURE_KEYS, values[index * width : (index + 1) * width], strict=True))
            for index in range(len(periods))
        ]
        for member_id, values in sums.items()
    }


def current_members(chapter: Chapter) -> QuerySet[User]:
    return User.objects.filter(
        memberships__chapter=chapter, memberships__status__in=Membership.CURRENT_STATUSES
    )


def member_figures(chapter: Chapter, period: Period) -> list[User]:
    """Current members of the chapter by name, each with every figure over `period`. Two queries."""
    members = list(current_members(chapter).order_by("first_name", "last_name"))
    figures = figures_over_periods(chapter, [period], [member.pk for member in members])
    for member in members:
        for key, value in figures[member.pk][0].items():
            setattr(member, key, value)
    return members


def scoring_values(figures: dict) -> dict:
    """A member's figures (FIGURE_KEYS) in the scoring engine's vocabulary."""
    given = figures["given_inside"] + figures["given_outside"]
    return {
        "referrals_given": given,
        "referrals_third_party": figures["third_party"],
        "referrals_own_business": given - figures["third_party"],
        "visitors": figures["visitors"],
        "one_to_ones": figures["one_to_ones"],
        "education_credits": figures["education"],
        "testimonials": figures["testimonials"],
        "tyfcb_given": figures["tyfcb"],
        "absences": figures["absent"],
        "late": figures["late"],
    }


def totals(rows: list, keys: list[str] = PALMS_KEYS) -> dict:
    """The totals row is the sum of the member rows shown, nothing else."""
    return {key: sum((getattr(row, key) for row in rows), 0) for key in keys}


def palms_report(chapter: Chapter, period: Period) -> dict:
    rows = member_figures(chapter, period)
    return {"rows": rows, "totals": totals(rows), "period": period}


# --- Scores


@dataclass
class MemberScore:
    member: User
    score: scoring.Score
    suggestion: scoring.Suggestion | None = None
    trend: list = field(default_factory=list)


def explain_suggestion(suggestion: scoring.Suggestion | None, definition: dict) -> list[str]:
    """The suggestion's steps in words: "2 referrals", "give EUR 2,000 more TYFCB" (in the active language)."""
    if suggestion is None:
        return []
    steps = []
    for metric, count in suggestion.events.items():
        if metric == "tyfcb_given":
            amount = count * scoring._step_for(metric, definition)
            steps.append(gettext("give %(amount)s more TYFCB") % {"amount": eur(amount, 0)})
        else:
            steps.append(SUGGESTION_STEPS[metric] % {"count": count})
    return steps


def member_score(user: User, chapter: Chapter, today: datetime.date | None = None) -> dict:
    """My score explained: scheme and window, points per metric, the cheapest way to the next colour."""
    scheme = scheme_for(chapter)
    period = scoring_period(chapter, scheme.window, today)
    values = scoring_values(figures_over_periods(chapter, [period], [user.pk])[user.pk][0])
    result = scoring.score(values, period.weeks, scheme.definition)
    suggestion = scoring.cheapest_way_to_next_colour(values, period.weeks, scheme.definition)
    return {
        "scheme": scheme,
        "period": period,
        "score": result,
        "suggestion": suggestion,
        "suggestion_steps": explain_suggestion(suggestion, scheme.definition),
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

    Four queries: the scheme, the meeting days, the members, and every month's figures at once.
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
    members = list(current_members(chapter))
    by_member = figures_over_periods(chapter, periods, [member.pk for member in members])
    scores = []
    for member in members:
        trend = [
            scoring.score(scoring_values(figures), period.weeks, scheme.definition)
            for figures, period in zip(by_member[member.pk], periods, strict=True)
        ]
        scores.append(MemberScore(member, trend[-1], trend=[result.total for result in trend]))
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
    """Who passes referrals to whom inside the chapter: a matrix of counts and its picture. Two queries."""
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
                "receives_without_giving": received > 0 and given == 0,
            }
        )
    column_totals = [sum(row["cells"][index] for row in rows) for index in range(len(members))]
    return {
        "members": members,
        "rows": rows,
        "column_totals": column_totals,
        "total": sum(column_totals),
        "picture": network_picture(rows),
    }


NETWORK_NODE = 12  # radius of a member's circle in the picture, in SVG units


def network_picture(rows: list[dict]) -> dict:
    """Geometry of the give/take network for an inline SVG: members on a circle, an arrow per pair.

    The circle grows with the number of members so that their circles never overlap. Arrows bend to
    one side of their direction, so A → B and B → A stay apart; the more referrals, the thicker.
    """
    count = len(rows)
    radius = max(110.0, count * NETWORK_NODE * 2.4 / (2 * math.pi))
    centre = radius + NETWORK_NODE + 4
    points = [
        (
            centre + radius * math.cos(2 * math.pi * index / count - math.pi / 2),
            centre + radius * math.sin(2 * math.pi * index / count - math.pi / 2),
        )
        for index in range(count)
    ]
    nodes = []
    for index, (row, (x, y)) in enumerate(zip(rows, points, strict=True)):
        if row["gives_without_receiving"]:
            kind = "gives"
        elif row["receives_without_giving"]:
            kind = "receives"
        elif not row["given"]:
            kind = "quiet"
        else:
            kind = "both"
        nodes.append({"index": index, "x": round(x, 1), "y": round(y, 1), "kind": kind, **row})
    top = max((cell for row in rows for cell in row["cells"]), default=0)
    edges = []
    for giver, row in enumerate(rows):
        for receiver, referrals in enumerate(row["cells"]):
            if referrals:
                width = 1 + 3.5 * (referrals - 1) / (top - 1) if top > 1 else 1.5
                edges.append(
                    {
                        "giver": nodes[giver],
                        "receiver": nodes[receiver],
                        "count": referrals,
                        "width": round(width, 1),
                        "path": _curved_arrow(points[giver], points[receiver]),
                    }
                )
    edges.sort(key=lambda edge: edge["count"])  # the thickest on top
    return {
        "size": round(2 * centre),
        "width": round(2 * centre * 1.6),  # CSS pixels on a wide screen; a phone scales it down
        "node": NETWORK_NODE,
        "nodes": nodes,
        "edges": edges,
        "gives_only": [node["member"] for node in nodes if node["kind"] == "gives"],
        "receives_only": [node["member"] for node in nodes if node["kind"] == "receives"],
        "quiet": [node["member"] for node in nodes if node["kind"] == "quiet"],
    }


def _curved_arrow(start: tuple[float, float], end: tuple[float, float]) -> str:
    """SVG path data of a gently bent line from one member's circle to another's, ending at its edge."""
    (x1, y1), (x2, y2) = start, end
    bend = 0.15
    control = ((x1 + x2) / 2 + bend * (y2 - y1), (y1 + y2) / 2 - bend * (x2 - x1))

    def towards_control(point: tuple[float, float]) -> tuple[float, float]:
        dx, dy = control[0] - point[0], control[1] - point[1]
        length = math.hypot(dx, dy) or 1
        gap = NETWORK_NODE + 1
        return point[0] + dx / length * gap, point[1] + dy / length * gap

    (sx, sy), (ex, ey) = towards_control(start), towards_control(end)
    return f"M{sx:.1f},{sy:.1f} Q{control[0]:.1f},{control[1]:.1f} {ex:.1f},{ey:.1f}"


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
