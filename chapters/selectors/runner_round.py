"""The 60-second round in SQL: who is in it, in name order, and what the runner shows of it (how
many speak, how many are still to confirm, the current member's place, who is next), each one
query whose cost does not grow with the chapter: no page loads every member to find the next one.

Who is in the round: members checked in (present, late, or their substitute), and members expected
but not recorded yet (the runner confirms them: "is here" or "absent: skip"). Not in it: members
recorded absent or medical, on medical leave, who announced an absence without a substitute, who
joined after the meeting's day or have not activated their account (`expected_members`).
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection

from chapters.models import AbsenceNotice, Attendance, AttendanceStatus, Meeting
from chapters.selectors.meetings import members_at
from members.models import Membership, User

SPEAKING = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.SUBSTITUTE)


@dataclass
class Presenter:
    user: User
    membership: Membership | None
    substitute_name: str = ""
    # Not checked in yet: the runner's "is here" checks them in, "absent: skip" records the absence.
    to_confirm: bool = False
    # Recorded absent, reached again with "back": "is here" corrects the draft record.
    absent: bool = False


# Plain SQL, not the ORM: the round is read on every runner step and poll, and building this query
# through the ORM (subqueries, conditions on annotations) cost more than running it. Which members
# the meeting covers stays the ORM's `members_at`; the rest is the rule of the module docstring.
# The round's order: first name, last name (lower-cased, compared code point by code point as Python
# compares strings), then the user's id. `me` is the member now on (their name, whether or not they
# are still in the round).
_ROUND = """
WITH round AS (
    SELECT membership.id AS membership_id, membership.user_id,
        lower(person.first_name) COLLATE "C" AS first_key,
        lower(person.last_name) COLLATE "C" AS last_key,
        record.status AS record,
        coalesce(record.substitute_name, notice.substitute_name, '') AS speaks_for,
        coalesce(record.status = ANY(%s), record.status IS NULL
            AND (%s OR person.password NOT LIKE %s)
            AND NOT (membership.status = %s AND coalesce(membership.leave_until >= %s, true))
            AND coalesce(notice.substitute_name <> '', true)) AS in_round
    FROM {membership} AS membership
    JOIN {user} AS person ON person.id = membership.user_id
    LEFT JOIN {attendance} AS record ON record.meeting_id = %s AND record.member_id = membership.user_id
    LEFT JOIN {notice} AS notice ON notice.meeting_id = %s AND notice.member_id = membership.user_id
    WHERE membership.id IN ({members_at})
),
me AS (
    SELECT lower(first_name) COLLATE "C" AS first_key, lower(last_name) COLLATE "C" AS last_key, id
    FROM {user} WHERE id = %s
)
"""
_KEY = "(round.first_key, round.last_key, round.user_id)"
_MY_KEY = "(SELECT me.first_key, me.last_key, me.id FROM me)"


def _round(meeting: Meeting, current_id: int | None, query: str) -> list[tuple]:
    covered, covered_params = (
        members_at(meeting).select_related(None).order_by().values("pk").query.sql_with_params()
    )
    sql = _ROUND.format(
        members_at=covered,
        membership=Membership._meta.db_table,
        user=User._meta.db_table,
        attendance=Attendance._meta.db_table,
        notice=AbsenceNotice._meta.db_table,
    )
    round_params = [
        list(SPEAKING),
        meeting.chapter.absences_before_activation,
        UNUSABLE_PASSWORD_PREFIX + "%",
        Membership.Status.ON_LEAVE,
        meeting.scheduled_on,
        meeting.pk,
        meeting.pk,
        *covered_params,
        current_id,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql + query, round_params)
        return cursor.fetchall()


def _ordered_ids(
    meeting: Meeting, where: str, *, current_id: int | None = None, descending=False, limit=None
):
    order = " DESC" if descending else ""
    query = (
        f"SELECT user_id FROM round WHERE {where} ORDER BY first_key{order}, last_key{order}, user_id{order}"
    )
    if limit:
        query += f" LIMIT {int(limit)}"
    return [user_id for (user_id,) in _round(meeting, current_id, query)]


def _presenters(meeting: Meeting, rows: list[tuple]) -> list[Presenter]:
    """Presenters for rows of (membership id, record, speaks for, in round), in their order."""
    memberships = Membership.objects.select_related("user", "classification").in_bulk(
        [row[0] for row in rows]
    )
    return [
        Presenter(
            user=memberships[membership_id].user,
            membership=memberships[membership_id],
            substitute_name=speaks_for if in_round else "",
            to_confirm=(in_round and record is None) or record == AttendanceStatus.ABSENT,
            absent=record == AttendanceStatus.ABSENT,
        )
        for membership_id, record, speaks_for, in_round in rows
        if membership_id in memberships
    ]


_CARD = "SELECT membership_id, record, speaks_for, in_round FROM round"
_ORDER = " ORDER BY round.first_key, round.last_key, round.user_id"


def runner_presenters(meeting: Meeting) -> list[Presenter]:
    """Everyone in the 60-second round, in its order (the agenda pages list them)."""
    return _presenters(meeting, _round(meeting, None, f"{_CARD} WHERE in_round{_ORDER}"))


def round_figures(meeting: Meeting, current_id: int | None = None) -> dict:
    """How many speak, how many are still to confirm, and how many come before and after the
    member now on (`current_id`), in one query."""
    query = (
        "SELECT count(*), count(*) FILTER (WHERE record IS NULL), "
        f"count(*) FILTER (WHERE {_KEY} < {_MY_KEY}), count(*) FILTER (WHERE {_KEY} > {_MY_KEY}) "
        "FROM round WHERE in_round"
    )
    count, to_confirm, before, after = _round(meeting, current_id, query)[0]
    return {"count": count, "to_confirm": to_confirm, "before": before, "after": after}


def round_cards(meeting: Meeting, current_id: int) -> tuple[Presenter | None, Presenter | None]:
    """The member now on (in the round or, reached with "back", recorded absent) and the next one."""
    query = f"{_CARD}, me WHERE round.user_id = me.id OR (in_round AND {_KEY} > {_MY_KEY}){_ORDER} LIMIT 2"
    presenters = _presenters(meeting, _round(meeting, current_id, query))
    current = presenters.pop(0) if presenters and presenters[0].user.pk == current_id else None
    return current, presenters[0] if presenters else None


def round_edge(meeting: Meeting, *, last: bool = False) -> int | None:
    """The first member of the round (or the last): who speaks on entering it."""
    ids = _ordered_ids(meeting, "in_round", descending=last, limit=1)
    return ids[0] if ids else None


def round_neighbour(meeting: Meeting, current_id: int, step: int) -> int | None:
    """The next member in the round after `current_id`, or (step < 0) the previous one: "back"
    also returns to members recorded absent, so a mistaken "absent: skip" is undone where it was made."""
    if step > 0:
        ids = _ordered_ids(meeting, f"in_round AND {_KEY} > {_MY_KEY}", current_id=current_id, limit=1)
    else:
        where = f"(in_round OR record = '{AttendanceStatus.ABSENT}') AND {_KEY} < {_MY_KEY}"
        ids = _ordered_ids(meeting, where, current_id=current_id, descending=True, limit=1)
    return ids[0] if ids else None
