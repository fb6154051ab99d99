"""The member-day figures (chapters.MemberDayFigures) from the raw tables, set-based.

The write services keep the rollups current with deltas (see chapters/models/figures.py); this is
for what writes around them: the demo seeds, the large-dataset COPY, the migration that fills the
table, and the `rebuild_figures` command after a repair. It is also the tests' oracle: the rows
`raw_member_day_figures` returns are what the table must hold.

One INSERT ... SELECT: per counted table a SELECT of (chapter, member, day, one column per figure),
stacked with UNION ALL and added up per chapter, member and day.
"""

from django.conf import settings
from django.db import connection, transaction

from chapters.models import (
    Attendance,
    AttendanceStatus,
    Chapter,
    ImportedPalms,
    Meeting,
    MemberDayFigures,
    Visitor,
)
from chapters.models.figures import AMOUNT_COLUMNS, FIGURE_COLUMNS, STATUS_FIGURE
from referrals.models import EducationCredit, OneToOne, Referral, Testimonial, ThankYou


def _table(model) -> str:
    return model._meta.db_table


def _sources() -> list[tuple[str, str, str, str, str, dict[str, str]]]:
    """(FROM, WHERE, chapter, member, day, {figure: SQL}) per way a raw row counts; mirrors the
    `*_cells` functions of chapters/models/figures.py."""
    meeting, referral = _table(Meeting), _table(Referral)
    inside = "(r.giver_chapter_id = r.receiver_chapter_id)::int"
    outside = "(r.giver_chapter_id <> r.receiver_chapter_id)::int"
    # The slip's day in the site's time zone, as the reports' periods count it (Period.since).
    slip_day = "(r.created_at AT TIME ZONE %(zone)s)::date"
    slips = f"r.status <> '{Referral.Status.WITHDRAWN}'"
    one_to_one = f"{_table(OneToOne)} o"
    return [
        (
            f"{_table(Attendance)} a JOIN {meeting} m ON m.id = a.meeting_id",
            f"m.status = '{Meeting.Status.SCHEDULED}'",
            "m.chapter_id",
            "a.member_id",
            "m.scheduled_on",
            {
                figure: f"(a.status = '{AttendanceStatus(code).value}')::int"
                for code, figure in STATUS_FIGURE.items()
            },
        ),
        (
            f"{referral} r",
            slips,
            "r.giver_chapter_id",
            "r.giver_id",
            slip_day,
            {
                "given_inside": inside,
                "given_outside": outside,
                "third_party": f"(r.kind = '{Referral.Kind.THIRD_PARTY}')::int",
            },
        ),
        (
            f"{referral} r",
            slips,
            "r.receiver_chapter_id",
            "r.receiver_id",
            slip_day,
            {"received_inside": inside, "received_outside": outside},
        ),
        (
            f"{_table(Visitor)} v JOIN {meeting} m ON m.id = v.meeting_id",
            "v.gives_visitor_credit AND v.invited_by_id IS NOT NULL",
            "v.chapter_id",
            "v.invited_by_id",
            "m.scheduled_on",
            {"visitors": "1"},
        ),
        (one_to_one, "", "o.chapter_id", "o.member_low_id", "o.met_on", {"one_to_ones": "1"}),
        (one_to_one, "", "o.chapter_id", "o.member_high_id", "o.met_on", {"one_to_ones": "1"}),
        (
            f"{_table(ThankYou)} t",
            "",
            "t.from_chapter_id",
            "t.thanked_by_id",
            "t.closed_on",
            {"tyfcb": "t.amount"},
        ),
        (
            f"{_table(EducationCredit)} e",
            "",
            "e.chapter_id",
            "e.member_id",
            "e.earned_on",
            {"education": "1"},
        ),
        (
            f"{_table(Testimonial)} s",
            "",
            "s.chapter_id",
            "s.given_by_id",
            "s.given_on",
            {"testimonials": "1"},
        ),
        (
            f"{_table(ImportedPalms)} p",
            "",
            "p.chapter_id",
            "p.member_id",
            "p.period_end",
            {column: f"p.{column}" for column in FIGURE_COLUMNS if column != "third_party"},
        ),
    ]


def _raw_select(chapter: Chapter | None) -> str:
    """Every (chapter, member, day) with its figures from the raw tables; %(zone)s and %(chapter)s."""
    parts = []
    for source, where, chapter_column, member, day, figures in _sources():
        conditions = [
            condition for condition in (where, chapter and f"{chapter_column} = %(chapter)s") if condition
        ]
        values = ", ".join(
            f"{figures.get(column, '0')}::{'numeric' if column in AMOUNT_COLUMNS else 'integer'} AS {column}"
            for column in FIGURE_COLUMNS
        )
        parts.append(
            f"SELECT {chapter_column} AS chapter_id, {member} AS member_id, {day} AS day, {values} FROM {source}"
            + (f" WHERE {' AND '.join(conditions)}" if conditions else "")
        )
    sums = ", ".join(f"SUM({column}) AS {column}" for column in FIGURE_COLUMNS)
    return (
        f"SELECT chapter_id, member_id, day, {sums} FROM ({' UNION ALL '.join(parts)}) raw"
        " GROUP BY chapter_id, member_id, day"
    )


def _params(chapter: Chapter | None) -> dict:
    return {"zone": settings.TIME_ZONE, "chapter": chapter.pk if chapter else None}


def raw_member_day_figures(chapter: Chapter | None = None) -> dict[tuple, dict]:
    """(chapter_id, member_id, day) -> {figure: value} from the raw tables, cells with a figure only."""
    with connection.cursor() as cursor:
        cursor.execute(_raw_select(chapter), _params(chapter))
        rows = cursor.fetchall()
    return {
        (chapter_id, member_id, day): dict(zip(FIGURE_COLUMNS, values, strict=True))
        for chapter_id, member_id, day, *values in rows
        if any(values)
    }


def stored_member_day_figures(chapter: Chapter | None = None) -> dict[tuple, dict]:
    """The same, as the table holds it (cells that came back to zero left out)."""
    rows = (
        MemberDayFigures.objects.all()
        if chapter is None
        else MemberDayFigures.objects.filter(chapter=chapter)
    )
    return {
        (row[0], row[1], row[2]): dict(zip(FIGURE_COLUMNS, row[3:], strict=True))
        for row in rows.values_list("chapter_id", "member_id", "day", *FIGURE_COLUMNS)
        if any(row[3:])
    }


def figures_rebuild(chapter: Chapter | None = None) -> int:
    """Replace the chapter's rows (every chapter's: None) by the raw tables' sums. Returns the rows.

    The table is locked against the services' deltas meanwhile (SHARE ROW EXCLUSIVE: reads go on),
    so a slip written during the rebuild is counted exactly once: its delta waits for the rebuild's
    commit and adds to the rebuilt row.
    """
    table = _table(MemberDayFigures)
    columns = ", ".join(FIGURE_COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        if chapter is None:
            cursor.execute(f"DELETE FROM {table}")
        else:
            cursor.execute(f"DELETE FROM {table} WHERE chapter_id = %s", [chapter.pk])
        cursor.execute(
            f"INSERT INTO {table} (chapter_id, member_id, day, {columns}) {_raw_select(chapter)}",
            _params(chapter),
        )
        return cursor.rowcount
