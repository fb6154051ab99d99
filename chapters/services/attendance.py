"""Check-in, the attendance record and its completion, absence notices and absence letters."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chapters.models import (
    AbsenceLetter,
    AbsenceNotice,
    Attendance,
    AttendanceCorrection,
    AttendanceStatus,
    Chapter,
    Meeting,
    MemberDayFigures,
)
from chapters.models.figures import attendance_cells
from chapters.selectors.attendance import absence_count, absence_window, completion_refusal, completion_rows
from chapters.selectors.check_in_codes import code_refusal
from chapters.selectors.meetings import check_in_refusal, members_at
from chapters.services.schedule import _human_date, _locked_meeting
from chapters.tasks import send_substitute_confirmation
from config.cache import changed
from members.audit import record_update
from members.capabilities import Capability
from members.emails import queue_email
from members.models import User
from members.selectors.memberships import current_members, users_with_capability


def _check_draft(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is cancelled: attendance does not count."))


def _check_substitute(*, chapter: Chapter, name: str, email: str) -> None:
    if not name.strip():
        raise ValidationError(_("Give the substitute's name."))
    if email and current_members(chapter).filter(email__iexact=email).exists():
        raise ValidationError(_("A substitute cannot be a member of this chapter."))
    if (
        current_members(chapter)
        .filter(first_name__iexact=name.split(" ")[0], last_name__iexact=" ".join(name.split(" ")[1:]))
        .exists()
    ):
        raise ValidationError(_("A substitute cannot be a member of this chapter."))


def _count(meeting: Meeting, before: Attendance | None, after: Attendance | None) -> None:
    """The member-day rollups follow the row (chapters/models/figures.py)."""
    MemberDayFigures.objects.add(attendance_cells(after, meeting), minus=attendance_cells(before, meeting))


def attendance_check_in(
    *, meeting: Meeting, member: User, by: User | None, now=None, late: bool | None = None
) -> Attendance:
    """The host taps a name: present, or late once the meeting was opened (or its start time passed).
    The runner says which (`late`): it sees the member in the round, not the moment they came in.

    A member who announced a substitute is marked S: the tap means the substitute came.
    """
    now = now or timezone.now()
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if refusal := check_in_refusal(meeting, now):
            raise ValidationError(refusal)
        if not current_members(meeting.chapter).filter(pk=member.pk).exists():
            raise ValidationError(_("Only current members can be checked in."))
        notice = meeting.absence_notices.filter(member=member).first()
        before = meeting.attendances.filter(member=member).first()
        defaults = {"arrived_at": now, "recorded_by": by, "substitute_name": "", "substitute_email": ""}
        if notice and notice.has_substitute:
            defaults.update(
                status=AttendanceStatus.SUBSTITUTE,
                substitute_name=notice.substitute_name,
                substitute_email=notice.substitute_email,
            )
        else:
            if late is None:
                late = now > meeting.late_after
            defaults["status"] = AttendanceStatus.LATE if late else AttendanceStatus.PRESENT
        attendance, _created = Attendance.objects.update_or_create(
            meeting=meeting, member=member, defaults=defaults
        )
        _count(meeting, before, attendance)
        changed(chapters=[meeting.chapter_id], users=[member.pk])
    return attendance


def attendance_self_check_in(*, meeting: Meeting, member: User, code: str, now=None) -> Attendance:
    """A member scanned the meeting's QR code (`code`) and checks themselves in: present before the
    opening, late after. Only themselves: the member is the logged-in user, never a parameter.

    Scanning again changes nothing (a member who was present stays present). A member recorded
    absent, or who had announced a substitute, is in the room after all: the scan records them.
    """
    now = now or timezone.now()
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if refusal := code_refusal(meeting, code, now):
            raise ValidationError(refusal)
        if not members_at(meeting).filter(user=member).exists():
            raise ValidationError(_("Only members of this chapter can check in to its meeting."))
        attendance = meeting.attendances.filter(member=member).first()
        if attendance is not None and attendance.status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE):
            return attendance
        status = AttendanceStatus.LATE if now > meeting.late_after else AttendanceStatus.PRESENT
        before = attendance
        attendance, _created = Attendance.objects.update_or_create(
            meeting=meeting,
            member=member,
            defaults={
                "status": status,
                "arrived_at": now,
                "recorded_by": member,
                "substitute_name": "",
                "substitute_email": "",
            },
        )
        _count(meeting, before, attendance)
        changed(chapters=[meeting.chapter_id], users=[member.pk])
    return attendance


def attendance_undo_check_in(*, meeting: Meeting, member: User) -> None:
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.is_completed:
            raise ValidationError(_("The record of this meeting is completed; use a correction."))
        _count(meeting, meeting.attendances.filter(member=member).first(), None)
        meeting.attendances.filter(member=member).delete()
        changed(chapters=[meeting.chapter_id], users=[member.pk])


def attendance_set(
    *,
    meeting: Meeting,
    member: User,
    status: str,
    by: User | None,
    substitute_name: str = "",
    substitute_email: str = "",
    reason: str = "",
) -> Attendance:
    """Set one member's PALMS status. On a completed record it is a correction: a reason is required and logged."""
    if status not in AttendanceStatus.values:
        raise ValidationError(_("Unknown attendance status."))
    if status == AttendanceStatus.SUBSTITUTE:
        _check_substitute(chapter=meeting.chapter, name=substitute_name, email=substitute_email)
    else:
        substitute_name = substitute_email = ""
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _check_draft(meeting)
        attendance = before = meeting.attendances.select_for_update().filter(member=member).first()
        if meeting.is_completed:
            if not reason.strip():
                raise ValidationError(_("The record is completed: say why you correct it."))
            if attendance is None:
                raise ValidationError(_("This member was not in the completed record."))
            AttendanceCorrection.objects.create(
                attendance=attendance,
                changed_by=by,
                reason=reason.strip(),
                status_before=attendance.status,
                status_after=status,
            )
        attendance, _created = Attendance.objects.update_or_create(
            meeting=meeting,
            member=member,
            defaults={
                "status": status,
                "substitute_name": substitute_name.strip(),
                "substitute_email": substitute_email.strip(),
                "recorded_by": by,
            },
        )
        _count(meeting, before, attendance)
        changed(chapters=[meeting.chapter_id], users=[member.pk])
        if meeting.is_completed and status == AttendanceStatus.ABSENT:
            absence_letters_send(meeting=meeting)
    return attendance


def meeting_record_complete(*, meeting: Meeting, by: User, now=None) -> Meeting:
    """Lock the week's PALMS record. Members nobody checked in become absent, unless they
    announced a substitute (S) or are on approved medical leave (M). Members who joined after the
    meeting's day, or have not activated their account (see `expected_members`), get no row.
    The rows are `completion_rows`, the ones the preview showed.

    Two leaders completing at once: the conditional update lets one win; the other gets a clear
    error, and only the winner's letters go out (after its commit, see `absence_letters_send`).
    """
    now = now or timezone.now()
    if refusal := completion_refusal(meeting, now):
        raise ValidationError(refusal)
    with transaction.atomic():
        won = Meeting.objects.filter(
            pk=meeting.pk, record_status=Meeting.RecordStatus.DRAFT, status=Meeting.Status.SCHEDULED
        ).update(record_status=Meeting.RecordStatus.COMPLETED, completed_by=by, completed_at=now)
        if not won:
            raise ValidationError(_("Someone else has just completed this record."))
        record_update(
            meeting, changes={"record_status": (Meeting.RecordStatus.DRAFT, Meeting.RecordStatus.COMPLETED)}
        )
        missing = []
        for row in completion_rows(meeting):
            attendance = Attendance(
                meeting=meeting, member_id=row.membership.user_id, recorded_by=by, status=row.status
            )
            if row.status == AttendanceStatus.SUBSTITUTE:
                attendance.substitute_name = row.notice.substitute_name
                attendance.substitute_email = row.notice.substitute_email
            missing.append(attendance)
        Attendance.objects.bulk_create(missing)
        changed(chapters=[meeting.chapter_id])  # every member's absences
        meeting.refresh_from_db()
        MemberDayFigures.objects.add([cell for row in missing for cell in attendance_cells(row, meeting)])
        absence_letters_send(meeting=meeting)
    return meeting


def _committee_emails(chapter: Chapter) -> list[tuple[str, str]]:
    return list(
        users_with_capability(chapter, Capability.REVIEW_APPLICATIONS).values_list("email", "language")
    )


def absence_letters_send(*, meeting: Meeting) -> int:
    """A letter for each absence of a completed meeting; at the chapter's limit the membership
    committee is told too. Each absence gets one letter, ever. Returns letters queued."""
    if not meeting.is_completed or meeting.is_cancelled:
        return 0
    chapter = meeting.chapter
    sent = 0
    absences = meeting.attendances.filter(status=AttendanceStatus.ABSENT, absence_letter__isnull=True)
    for attendance in absences.select_related("member"):
        member = attendance.member
        count = absence_count(member=member, chapter=chapter, day=meeting.scheduled_on)
        try:
            with transaction.atomic():
                AbsenceLetter.objects.create(
                    attendance=attendance, number=count, committee_notified=count >= chapter.absence_limit
                )
        except IntegrityError:
            continue  # another run sent it
        window_start = absence_window(chapter=chapter, day=meeting.scheduled_on)[0]
        context = {
            "name": member.first_name,
            "member_name": member.full_name,
            "chapter": chapter.name,
            "count": count,
            "limit": chapter.absence_limit,
            "at_limit": count >= chapter.absence_limit,
            "over_limit": count > chapter.absence_limit,
        }

        def dated(language: str, context=context, window_start=window_start) -> dict:
            return {
                **context,
                "date": _human_date(meeting.scheduled_on, language),
                "window_start": _human_date(window_start, language),
            }

        queue_email(
            to=[member.email],
            template="absence_letter",
            context=dated(member.language),
            language=member.language,
        )
        if count >= chapter.absence_limit:
            for email, language in _committee_emails(chapter):
                queue_email(
                    to=[email],
                    template="absence_committee_notice",
                    context=dated(language),
                    language=language,
                )
        sent += 1
    return sent


def absence_notice_save(
    *, member: User, meeting: Meeting, substitute_name: str = "", substitute_email: str = ""
) -> AbsenceNotice:
    """A member announces: I'll be absent (my substitute is ...). Saving again updates it."""
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is cancelled."))
    if meeting.starts_at <= timezone.now():
        raise ValidationError(_("This meeting has already started; tell the vice president instead."))
    if substitute_name.strip() or substitute_email.strip():
        _check_substitute(chapter=meeting.chapter, name=substitute_name, email=substitute_email)
    told = meeting.absence_notices.filter(member=member).values_list("substitute_email", flat=True).first()
    notice, _created = AbsenceNotice.objects.update_or_create(
        meeting=meeting,
        member=member,
        defaults={"substitute_name": substitute_name.strip(), "substitute_email": substitute_email.strip()},
    )
    changed(chapters=[meeting.chapter_id], users=[member.pk])
    if notice.substitute_email and notice.substitute_email.lower() != (told or "").lower():
        # A new substitute address gets the invitation; saving the same notice again sends nothing.
        transaction.on_commit(lambda: send_substitute_confirmation.enqueue(notice_id=notice.pk))
    return notice


def absence_notice_withdraw(*, member: User, notice_id: int) -> None:
    withdrawn = AbsenceNotice.objects.filter(
        member=member, pk=notice_id, meeting__starts_at__gt=timezone.now()
    )
    chapters = list(withdrawn.values_list("meeting__chapter_id", flat=True))
    withdrawn.delete()
    changed(chapters=chapters, users=[member.pk])
