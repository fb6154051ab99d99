"""Every member's figures per chapter and day: the rollups the PALMS report and the scores read.

A row holds, for one member in one chapter on one day, how many of each PALMS figure (and the
third-party slips scoring needs) the raw rows add there. The write services keep it current in
their own transaction: a service that creates, changes or removes a row that counts applies
`-cells(before) + cells(after)` with `MemberDayFigures.objects.add` (one INSERT ... ON CONFLICT DO
UPDATE adding the deltas, safe under concurrency). Bulk loaders rebuild it from the raw tables
(`chapters.reports.rollups.figures_rebuild`, the command `rebuild_figures`).

What a row of each counted table adds is said once, here (`*_cells`), and mirrored by the rebuild's
SQL; the tests hold the two to each other.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db import connection, models
from django.utils import timezone

from chapters.models.attendance import AttendanceStatus
from chapters.models.meetings import Meeting
from chapters.models.organisation import Chapter
from referrals.models.referrals import Referral

# The figures in PALMS order, then third-party slips (scoring's "referrals for a third party").
FIGURE_COLUMNS = (
    "present",
    "absent",
    "late",
    "medical",
    "substitute",
    "given_inside",
    "given_outside",
    "received_inside",
    "received_outside",
    "visitors",
    "one_to_ones",
    "tyfcb",
    "education",
    "testimonials",
    "third_party",
)
AMOUNT_COLUMNS = ("tyfcb",)

STATUS_FIGURE = {
    AttendanceStatus.PRESENT: "present",
    AttendanceStatus.ABSENT: "absent",
    AttendanceStatus.LATE: "late",
    AttendanceStatus.MEDICAL: "medical",
    AttendanceStatus.SUBSTITUTE: "substitute",
}

# (chapter_id, member_id, day, {figure: amount}): what one raw row adds to one member's day.
Cell = tuple[int, int, datetime.date, dict]


class MemberDayFiguresManager(models.Manager):
    def add(self, cells=(), minus=()) -> int:
        """Add `cells` and subtract `minus`, in one statement; returns the rows it touched.

        Deltas for the same member and day are added up first, cells that come to nothing are left
        out (no statement at all when nothing changes), and the rows are written in key order so two
        transactions touching the same members cannot deadlock.
        """
        deltas: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
        for sign, group in ((1, cells), (-1, minus)):
            for chapter_id, member_id, day, figures in group:
                for figure, amount in figures.items():
                    deltas[chapter_id, member_id, day][figure] += sign * amount
        keys = sorted(key for key, figures in deltas.items() if any(figures.values()))
        if not keys:
            return 0
        arrays = [[key[0] for key in keys], [key[1] for key in keys], [key[2] for key in keys]]
        for column in FIGURE_COLUMNS:
            kind = Decimal if column in AMOUNT_COLUMNS else int
            arrays.append([kind(deltas[key].get(column, 0)) for key in keys])
        types = ["bigint", "bigint", "date"] + [
            "numeric" if column in AMOUNT_COLUMNS else "integer" for column in FIGURE_COLUMNS
        ]
        table = self.model._meta.db_table
        columns = ", ".join(FIGURE_COLUMNS)
        sql = (
            f"INSERT INTO {table} AS t (chapter_id, member_id, day, {columns}) "
            f"SELECT * FROM unnest({', '.join(f'%s::{kind}[]' for kind in types)}) "
            "ON CONFLICT (chapter_id, member_id, day) DO UPDATE SET "
            + ", ".join(f"{column} = t.{column} + excluded.{column}" for column in FIGURE_COLUMNS)
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, arrays)
        return len(keys)


class MemberDayFigures(models.Model):
    """One member's figures in one chapter on one day (see the module's docstring)."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="+", db_index=False)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    present = models.IntegerField(default=0)
    absent = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    medical = models.IntegerField(default=0)
    substitute = models.IntegerField(default=0)
    given_inside = models.IntegerField(default=0)
    given_outside = models.IntegerField(default=0)
    received_inside = models.IntegerField(default=0)
    received_outside = models.IntegerField(default=0)
    visitors = models.IntegerField(default=0)
    one_to_ones = models.IntegerField(default=0)
    tyfcb = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    education = models.IntegerField(default=0)
    testimonials = models.IntegerField(default=0)
    third_party = models.IntegerField(default=0)

    objects = MemberDayFiguresManager()

    class Meta:
        constraints = [
            # Also the index every read takes: a chapter's days (reports), or one member's (the home).
            models.UniqueConstraint(fields=["chapter", "member", "day"], name="member_day_figures_once")
        ]

    def __str__(self) -> str:
        return f"{self.chapter_id}/{self.member_id} {self.day}"


def figures_day(moment: datetime.datetime) -> datetime.date:
    """The day a moment counts on: its date in the site's time zone (as the reports' periods are)."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def attendance_cells(attendance, meeting) -> list[Cell]:
    """An attendance row counts on its meeting's day, while the meeting is not cancelled."""
    if attendance is None or meeting.status != Meeting.Status.SCHEDULED:
        return []
    return [
        (
            meeting.chapter_id,
            attendance.member_id,
            meeting.scheduled_on,
            {STATUS_FIGURE[attendance.status]: 1},
        )
    ]


def referral_cells(referral) -> list[Cell]:
    """A slip counts for the giver (given, third party) and the receiver, unless it was withdrawn."""
    if referral.status == Referral.Status.WITHDRAWN:
        return []
    day = figures_day(referral.created_at)
    inside = referral.giver_chapter_id == referral.receiver_chapter_id
    given = {
        "given_inside" if inside else "given_outside": 1,
        "third_party": int(referral.kind == Referral.Kind.THIRD_PARTY),
    }
    received = {"received_inside" if inside else "received_outside": 1}
    return [
        (referral.giver_chapter_id, referral.giver_id, day, given),
        (referral.receiver_chapter_id, referral.receiver_id, day, received),
    ]


def visitor_cells(visitor, day: datetime.date | None = None) -> list[Cell]:
    """A visitor with the first-visit credit counts for the member who invited them, on the meeting's day."""
    if not visitor.gives_visitor_credit or visitor.invited_by_id is None:
        return []
    return [(visitor.chapter_id, visitor.invited_by_id, day or visitor.meeting.scheduled_on, {"visitors": 1})]


def one_to_one_cells(one_to_one) -> list[Cell]:
    """A one-to-one counts for both members, in the chapter it was logged in."""
    return [
        (one_to_one.chapter_id, member_id, one_to_one.met_on, {"one_to_ones": 1})
        for member_id in (one_to_one.member_low_id, one_to_one.member_high_id)
    ]


def thank_you_cells(thank_you) -> list[Cell]:
    """TYFCB counts as the amount, for the member who thanked."""
    amount = Decimal(thank_you.amount)
    return [(thank_you.from_chapter_id, thank_you.thanked_by_id, thank_you.closed_on, {"tyfcb": amount})]


def education_cells(credit) -> list[Cell]:
    return [(credit.chapter_id, credit.member_id, credit.earned_on, {"education": 1})]


def testimonial_cells(testimonial) -> list[Cell]:
    return [(testimonial.chapter_id, testimonial.given_by_id, testimonial.given_on, {"testimonials": 1})]


def imported_palms_cells(row) -> list[Cell]:
    """Imported history counts every figure on its period's last day."""
    figures = {column: getattr(row, column) for column in FIGURE_COLUMNS if column != "third_party"}
    return [(row.chapter_id, row.member_id, row.period_end, figures)]


def meeting_cells(meeting) -> list[Cell]:
    """What a meeting's attendance and credited visitors add (two queries): before and after a
    meeting is cancelled, restored or moved to another day, the difference is its delta."""
    cells = [
        cell
        for attendance in meeting.attendances.only("member_id", "status")
        for cell in attendance_cells(attendance, meeting)
    ]
    credited = meeting.visitors.filter(gives_visitor_credit=True, invited_by__isnull=False)
    for visitor in credited.only("chapter_id", "invited_by_id", "gives_visitor_credit"):
        cells += visitor_cells(visitor, meeting.scheduled_on)
    return cells
