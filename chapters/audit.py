"""Which meeting records the audit log keeps (see members/audit.py for the pattern)."""

from chapters.models import Attendance, AttendanceCorrection, Meeting, Visitor
from members.audit import register

register(
    Meeting,
    chapter_of=lambda meeting: meeting.chapter_id,
    include_fields=["status", "starts_at", "record_status"],
)
register(Attendance, chapter_of=lambda attendance: attendance.meeting.chapter_id)
register(AttendanceCorrection, chapter_of=lambda correction: correction.attendance.meeting.chapter_id)
register(
    Visitor,
    chapter_of=lambda visitor: visitor.chapter_id,
    include_fields=["status", "kind", "consent_given_at"],
)
