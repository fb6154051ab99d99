"""Per-member figures (PALMS and scoring inputs) over one or more periods, in one query.

The reports read the member-day rollups (chapters.MemberDayFigures, kept current by the write
services); `figures_from_raw_over_periods` computes the same from the raw tables and stays as the
tests' oracle.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import (
    Count,
    DecimalField,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from chapters.models import (
    Attendance,
    AttendanceStatus,
    Chapter,
    ImportedPalms,
    Meeting,
    MemberDayFigures,
    Visitor,
)
from chapters.reports.periods import Period
from members.models import User
from members.selectors.memberships import current_members
from referrals.models import EducationCredit, OneToOne, Referral, Testimonial, ThankYou

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


def _count(queryset: QuerySet) -> Coalesce:
    # COUNT as a plain function: Django would otherwise add a GROUP BY to the subquery.
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@dataclass(frozen=True)
class FigureSource:
    """One table's rows as they count in members' figures: for whom, on which day, and as what."""

    rows: QuerySet  # the chapter's rows
    member: str  # the column naming the member a row counts for
    day: str  # the row's day, or its moment when `timestamp`
    figures: dict[str, Q]  # figure -> the rows it counts
    amount: str = ""  # add up this column instead of counting rows
    timestamp: bool = False
    columns: dict[str, str] = field(default_factory=dict)  # figure -> the column to add up for it

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
        # History imported from BNI Connect: each figure is a column, counted on its period's last day.
        FigureSource(
            ImportedPalms.objects.filter(chapter=chapter),
            "member",
            "period_end",
            dict.fromkeys(PALMS_KEYS, Q()),
            columns={key: key for key in PALMS_KEYS},
        ),
    ]


FIGURE_KEYS = [*PALMS_KEYS, "third_party"]


class _Figures(Func):
    """`ARRAY[agg, ...]::numeric[]`: a table's figures in one column, so that tables with different
    figures stack with UNION ALL without a zero column for every figure another table has."""

    template = "ARRAY[%(expressions)s]::numeric[]"
    output_field = ArrayField(DecimalField(max_digits=14, decimal_places=2))


def _zero_figures() -> dict:
    return {figure: Decimal(0) if figure == "tyfcb" else 0 for figure in FIGURE_KEYS}


def figures_over_periods(
    chapter: Chapter, periods: list[Period], member_ids: list[int]
) -> dict[int, list[dict]]:
    """Each member's figures over each of `periods`, in one query over the chapter's member-day rows.

    SUM(figure) FILTER (WHERE day BETWEEN start AND end) per figure and period, grouped by member,
    over the rows of the span of all periods; with one member (the home's score card) only that
    member's rows, by the table's unique key (chapter, member, day).
    """
    span = (min(period.start for period in periods), max(period.end for period in periods))
    aggregates, params = [], []
    for period in periods:
        for figure in FIGURE_KEYS:
            if (period.start, period.end) == span:  # every row read counts: no FILTER to evaluate
                aggregates.append(f"SUM({figure})")
            else:
                aggregates.append(f"SUM({figure}) FILTER (WHERE day BETWEEN %s AND %s)")
                params += [period.start, period.end]
    where = "chapter_id = %s AND day BETWEEN %s AND %s"
    params += [chapter.pk, *span]
    if len(member_ids) == 1:
        where += " AND member_id = %s"
        params.append(member_ids[0])
    sql = (
        f"SELECT member_id, {', '.join(aggregates)} FROM {MemberDayFigures._meta.db_table}"
        f" WHERE {where} GROUP BY member_id"
    )
    sums = {member_id: [_zero_figures() for _period in periods] for member_id in member_ids}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    width = len(FIGURE_KEYS)
    for member_id, *values in rows:
        if member_id not in sums:
            continue
        for index in range(len(periods)):
            for figure, value in zip(FIGURE_KEYS, values[index * width : (index + 1) * width], strict=True):
                if value:  # NULL: no row in the period
                    sums[member_id][index][figure] = value
    return sums


def figures_from_raw_over_periods(
    chapter: Chapter, periods: list[Period], member_ids: list[int]
) -> dict[int, list[dict]]:
    """The same figures from the raw tables, in one query that reads every table once (the oracle).

    Per table: its rows over the span of all periods, grouped by member, with one conditional
    aggregate per figure of that table and period (COUNT(*) FILTER (WHERE ...)), as an array. The
    tables' groups are stacked with UNION ALL and added up per member here, at most tables × members
    rows. With one member (the home's score card) only that member's rows are read. (Correlated
    subqueries, one per figure and period for every member, took a second on five years of a
    50-member chapter; a zero column per figure of the other tables made building the query cost
    more than running it.)
    """
    sources = figure_sources(chapter)
    span = Period(min(period.start for period in periods), max(period.end for period in periods))
    parts, layouts = [], []
    for number, source in enumerate(sources):
        layout = [(index, figure) for index in range(len(periods)) for figure in source.figures]
        aggregates = [
            Sum(source.columns[figure], filter=source.in_period(periods[index]))
            if source.columns
            else Sum(source.amount, filter=source.figures[figure] & source.in_period(periods[index]))
            if source.amount
            else Count("pk", filter=source.figures[figure] & source.in_period(periods[index]))
            for index, figure in layout
        ]
        rows = source.rows.filter(source.in_period(span))
        if len(member_ids) == 1:
            rows = rows.filter(**{source.member: member_ids[0]})
        parts.append(
            rows.order_by()
            .values(figure_member=F(source.member))
            .annotate(figure_source=Value(number), figures=_Figures(*aggregates))
            .values_list("figure_member", "figure_source", "figures")
        )
        layouts.append(layout)
    amounts = {figure for source in sources if source.amount for figure in source.figures}
    zero = {figure: Decimal(0) if figure in amounts else 0 for figure in FIGURE_KEYS}
    sums = {member_id: [dict(zero) for _period in periods] for member_id in member_ids}
    for member_id, number, values in parts[0].union(*parts[1:], all=True):
        if member_id not in sums:
            continue
        for (index, figure), value in zip(layouts[number], values, strict=True):
            if value:  # NULL: a SUM over no rows
                sums[member_id][index][figure] += value if figure in amounts else int(value)
    return sums


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
