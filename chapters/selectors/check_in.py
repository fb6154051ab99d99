"""What the check-in page at the door shows: members in groups, guests, the counter, and a version
that changes whenever any of it does (the page polls and is swapped only then)."""

import hashlib
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from chapters.models import AbsenceNotice, Attendance, AttendanceStatus, Meeting
from chapters.selectors.meetings import members_at, on_medical_leave
from members.models import Membership, User


@dataclass
class CheckInRow:
    membership: Membership
    attendance: Attendance | None
    notice: AbsenceNotice | None

    @property
    def user(self) -> User:
        return self.membership.user

    @property
    def search_text(self) -> str:
        """What the search box matches: name, company and classification."""
        parts = [self.user.full_name, self.user.company, self.membership.classification.name]
        return " ".join(filter(None, parts)).lower()


@dataclass
class CheckInGroup:
    code: str
    title: str
    rows: list[CheckInRow] = field(default_factory=list)


GROUPS = (
    ("waiting", _("Not arrived yet")),
    ("present", _("Present")),
    ("late", _("Late")),
    ("away", _("Absent, substitute or on leave")),
)


def _group_of(row: CheckInRow, meeting: Meeting) -> str:
    if row.attendance is None:
        if row.notice is not None or on_medical_leave(row.membership, meeting.scheduled_on):
            return "away"
        return "waiting"
    return {AttendanceStatus.PRESENT: "present", AttendanceStatus.LATE: "late"}.get(
        row.attendance.status, "away"
    )


def check_in_rows(meeting: Meeting) -> list[CheckInRow]:
    attendance = {row.member_id: row for row in meeting.attendances.all()}
    notices = {notice.member_id: notice for notice in meeting.absence_notices.all()}
    return [
        CheckInRow(membership, attendance.get(membership.user_id), notices.get(membership.user_id))
        for membership in members_at(meeting)
    ]


def check_in_version(meeting: Meeting) -> str:
    """Changes whenever a member's record or a guest changes (two small queries, nothing rendered)."""
    members = meeting.attendances.order_by("member_id").values_list("member_id", "status", "arrived_at")
    guests = meeting.visitors.order_by("pk").values_list("pk", "kind", "checked_in_at")
    digest = hashlib.blake2b(repr((list(members), list(guests))).encode(), digest_size=8)
    return digest.hexdigest()


def check_in_board(meeting: Meeting) -> dict:
    """The members in their groups (each alphabetical), the guests, and the counts."""
    rows = check_in_rows(meeting)
    groups = {code: CheckInGroup(code, title) for code, title in GROUPS}
    for row in rows:
        groups[_group_of(row, meeting)].rows.append(row)
    visitors = list(meeting.visitors.select_related("invited_by").order_by("first_name", "last_name"))
    return {
        "groups": list(groups.values()),
        "member_count": len(rows),
        "checked_in": len(groups["present"].rows) + len(groups["late"].rows),
        "late_count": len(groups["late"].rows),
        "waiting_count": len(groups["waiting"].rows),
        "visitors": visitors,
        "guests_in": sum(1 for visitor in visitors if visitor.checked_in_at),
        "board_version": check_in_version(meeting),
    }
