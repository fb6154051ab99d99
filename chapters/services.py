"""Writes that matter for meetings, agendas, rotas, attendance and visitors.

Views call these; they never see a request. A broken rule raises ValidationError with a message
for the user; where two leaders may act at once, rows are locked or updates are conditional.
"""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chapters import selectors
from chapters.models import (
    AbsenceLetter,
    AbsenceNotice,
    AgendaTemplate,
    Attendance,
    AttendanceCorrection,
    AttendanceStatus,
    CalendarToken,
    Chapter,
    Meeting,
    MeetingAgendaItem,
    RotaSlot,
    Visitor,
)
from config.fragment_cache import data_changed
from members.audit import record_update
from members.capabilities import Capability
from members.emails import queue_email
from members.models import Membership, User

FOLLOW_UP_DAYS = 3


# --- Schedule


def meeting_starts_at(chapter: Chapter, day: datetime.date) -> datetime.datetime:
    meeting_time = chapter.meeting_time
    if isinstance(meeting_time, str):  # a fresh instance still holds the field's string default
        meeting_time = datetime.time.fromisoformat(meeting_time)
    return datetime.datetime.combine(day, meeting_time, tzinfo=chapter.zone)


def _check_no_overlap(*, chapter: Chapter, starts_at, ends_at, exclude_pk: int | None = None) -> None:
    overlapping = chapter.meetings.filter(
        status=Meeting.Status.SCHEDULED, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).exclude(pk=exclude_pk)
    if overlapping.exists():
        raise ValidationError(_("This overlaps with another meeting of the chapter."))


def agenda_copy_from_template(*, meeting: Meeting, template: AgendaTemplate | None) -> None:
    if template is None:
        return
    MeetingAgendaItem.objects.bulk_create(
        MeetingAgendaItem(
            meeting=meeting,
            order=item.order,
            title=item.title,
            kind=item.kind,
            planned_seconds=item.planned_seconds,
            responsible_role_id=item.responsible_role_id,
        )
        for item in template.items.all()
    )


def meeting_generate_ahead(*, chapter: Chapter, weeks: int = 12, today: datetime.date | None = None) -> list:
    """Create the chapter's meetings for the coming weeks; weeks that have one are left alone.

    Safe to run again and again: a week's meeting is found by its slot date, even when moved or cancelled.
    """
    today = today or timezone.localdate()
    first = today + datetime.timedelta(days=(chapter.meeting_weekday - today.weekday()) % 7)
    created = []
    with transaction.atomic():
        Chapter.objects.select_for_update().get(pk=chapter.pk)
        template = chapter.agenda_templates.filter(is_default=True).first()
        existing = set(
            chapter.meetings.filter(scheduled_on__gte=first).values_list("scheduled_on", flat=True)
        )
        for week in range(weeks):
            day = first + datetime.timedelta(weeks=week)
            if day in existing:
                continue
            starts_at = meeting_starts_at(chapter, day)
            ends_at = starts_at + datetime.timedelta(minutes=chapter.meeting_duration_minutes)
            try:
                _check_no_overlap(chapter=chapter, starts_at=starts_at, ends_at=ends_at)
            except ValidationError:
                continue  # an extra meeting was planned by hand in that slot
            meeting = Meeting.objects.create(
                chapter=chapter,
                scheduled_on=day,
                starts_at=starts_at,
                ends_at=ends_at,
                venue=chapter.venue,
                online_url=chapter.online_url,
            )
            agenda_copy_from_template(meeting=meeting, template=template)
            created.append(meeting)
    return created


def meeting_create(
    *,
    chapter: Chapter,
    starts_at: datetime.datetime,
    duration_minutes: int,
    venue: str = "",
    online_url: str = "",
) -> Meeting:
    """An extra meeting outside the weekly rhythm (or a week's meeting planned by hand)."""
    ends_at = starts_at + datetime.timedelta(minutes=duration_minutes)
    day = timezone.localtime(starts_at, chapter.zone).date()
    with transaction.atomic():
        Chapter.objects.select_for_update().get(pk=chapter.pk)
        if chapter.meetings.filter(scheduled_on=day).exists():
            raise ValidationError(_("This chapter already has a meeting on that day."))
        _check_no_overlap(chapter=chapter, starts_at=starts_at, ends_at=ends_at)
        meeting = Meeting.objects.create(
            chapter=chapter,
            scheduled_on=day,
            starts_at=starts_at,
            ends_at=ends_at,
            venue=venue,
            online_url=online_url,
        )
        agenda_copy_from_template(
            meeting=meeting, template=chapter.agenda_templates.filter(is_default=True).first()
        )
    return meeting


def _human_date(day: datetime.date | datetime.datetime, language: str) -> str:
    with translation.override(language):
        return date_format(day, "l j F Y")


def _tell_members(*, meeting: Meeting, template: str, reason: str) -> None:
    """One email per member (never a list of everyone's addresses), in each member's language."""
    local = timezone.localtime(meeting.starts_at, meeting.chapter.zone)
    context = {
        "chapter": meeting.chapter.name,
        "time": local.strftime("%H:%M"),
        "venue": meeting.venue,
        "online_url": meeting.online_url,
        "reason": reason,
        "path": reverse("meeting_detail", args=[meeting.chapter.slug, meeting.pk]),
    }
    for email, language in selectors.current_members(meeting.chapter).values_list("email", "language"):
        queue_email(
            to=[email],
            template=template,
            context={**context, "date": _human_date(local, language)},
            language=language,
        )


def _locked_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("chapter").get(pk=meeting.pk)


def meeting_cancel(*, meeting: Meeting, reason: str, notify: bool = True) -> Meeting:
    """A holiday: the meeting does not take place and counts for nobody's attendance."""
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.is_cancelled:
            return meeting
        if meeting.is_completed or meeting.opened_at:
            raise ValidationError(_("This meeting has already taken place; it cannot be cancelled."))
        meeting.status = Meeting.Status.CANCELLED
        meeting.status_reason = reason
        meeting.save(update_fields=["status", "status_reason"])
        if notify:
            _tell_members(meeting=meeting, template="meeting_cancelled", reason=reason)
    return meeting


def meeting_restore(*, meeting: Meeting) -> Meeting:
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if not meeting.is_cancelled:
            return meeting
        _check_no_overlap(
            chapter=meeting.chapter,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            exclude_pk=meeting.pk,
        )
        meeting.status = Meeting.Status.SCHEDULED
        meeting.status_reason = ""
        meeting.save(update_fields=["status", "status_reason"])
    return meeting


def meeting_move(
    *,
    meeting: Meeting,
    starts_at: datetime.datetime,
    duration_minutes: int,
    venue: str,
    online_url: str = "",
    reason: str = "",
    notify: bool = True,
) -> Meeting:
    ends_at = starts_at + datetime.timedelta(minutes=duration_minutes)
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.is_completed or meeting.opened_at:
            raise ValidationError(_("This meeting has already taken place; it cannot be moved."))
        if meeting.is_cancelled:
            raise ValidationError(_("This meeting is cancelled; restore it before moving it."))
        _check_no_overlap(
            chapter=meeting.chapter, starts_at=starts_at, ends_at=ends_at, exclude_pk=meeting.pk
        )
        changed_time = starts_at != meeting.starts_at
        if changed_time and meeting.moved_from is None:
            meeting.moved_from = meeting.starts_at
        meeting.starts_at, meeting.ends_at = starts_at, ends_at
        meeting.venue, meeting.online_url = venue, online_url
        meeting.status_reason = reason
        meeting.save()
        if notify:
            _tell_members(meeting=meeting, template="meeting_moved", reason=reason)
    return meeting


def meeting_save_notes(*, meeting: Meeting, notes: str) -> Meeting:
    Meeting.objects.filter(pk=meeting.pk).update(notes=notes)
    data_changed(chapters=[meeting.chapter_id])
    meeting.notes = notes
    return meeting


def chapter_update_schedule(*, chapter: Chapter, old_weekday: int, old_time: datetime.time) -> int:
    """After the weekly day or time changed: move the future meetings nobody has touched. Returns how many."""
    now = timezone.now()
    moved = 0
    with transaction.atomic():
        Chapter.objects.select_for_update().get(pk=chapter.pk)
        untouched = chapter.meetings.filter(
            starts_at__gt=now,
            status=Meeting.Status.SCHEDULED,
            moved_from__isnull=True,
            opened_at__isnull=True,
        ).order_by("-scheduled_on" if chapter.meeting_weekday > old_weekday else "scheduled_on")
        for meeting in untouched:
            day = meeting.scheduled_on + datetime.timedelta(days=chapter.meeting_weekday - old_weekday)
            starts_at = meeting_starts_at(chapter, day)
            if day != meeting.scheduled_on and chapter.meetings.filter(scheduled_on=day).exists():
                continue
            meeting.scheduled_on = day
            meeting.starts_at = starts_at
            meeting.ends_at = starts_at + datetime.timedelta(minutes=chapter.meeting_duration_minutes)
            meeting.venue, meeting.online_url = chapter.venue, chapter.online_url
            meeting.save(update_fields=["scheduled_on", "starts_at", "ends_at", "venue", "online_url"])
            moved += 1
    return moved


# --- Agenda templates


def agenda_template_set_default(*, template: AgendaTemplate) -> None:
    with transaction.atomic():
        template.chapter.agenda_templates.exclude(pk=template.pk).update(is_default=False)
        AgendaTemplate.objects.filter(pk=template.pk).update(is_default=True)
    data_changed(chapters=[template.chapter_id])


# --- Rotas


def rota_set(*, meeting: Meeting, kind: str, member: User | None) -> RotaSlot | None:
    if member is None:
        meeting.rota_slots.filter(kind=kind).delete()
        return None
    if not selectors.current_members(meeting.chapter).filter(pk=member.pk).exists():
        raise ValidationError(_("Only current members of the chapter can take a turn."))
    slot, _created = RotaSlot.objects.update_or_create(
        meeting=meeting, kind=kind, defaults={"member": member}
    )
    return slot


def rota_fill(*, chapter: Chapter, kind: str, weeks: int = 8, today: datetime.date | None = None) -> int:
    """Fill the empty slots of the coming weeks fairly: whoever had the longest wait goes first.

    A member's last turn is their latest slot on this rota, past or already planned; members who
    never had one go first (in name order). Members on leave are skipped. Returns slots filled.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        Chapter.objects.select_for_update().get(pk=chapter.pk)
        meetings = list(
            chapter.meetings.filter(scheduled_on__gte=today, status=Meeting.Status.SCHEDULED)
            .exclude(rota_slots__kind=kind)
            .order_by("starts_at")[:weeks]
        )
        horizon = chapter.meetings.filter(scheduled_on__gte=today).order_by("starts_at")[weeks - 1 : weeks]
        if meetings and horizon:
            meetings = [m for m in meetings if m.scheduled_on <= horizon[0].scheduled_on]
        candidates = list(
            selectors.current_members(chapter).filter(memberships__status=Membership.Status.ACTIVE).distinct()
        )
        if not candidates:
            return 0
        last_turns = dict(
            RotaSlot.objects.filter(meeting__chapter=chapter, kind=kind)
            .values("member")
            .annotate(last=Max("meeting__scheduled_on"))
            .values_list("member", "last")
        )
        never = datetime.date.min
        filled = 0
        for meeting in meetings:
            candidates.sort(
                key=lambda user: (last_turns.get(user.pk, never), user.first_name, user.last_name, user.pk)
            )
            member = candidates[0]
            RotaSlot.objects.create(meeting=meeting, kind=kind, member=member)
            last_turns[member.pk] = meeting.scheduled_on
            filled += 1
    return filled


def rota_swap(*, chapter: Chapter, first_slot_id: int, second_slot_id: int) -> None:
    with transaction.atomic():
        slots = list(
            RotaSlot.objects.select_for_update().filter(
                meeting__chapter=chapter, pk__in=[first_slot_id, second_slot_id]
            )
        )
        if len(slots) != 2 or first_slot_id == second_slot_id:
            raise ValidationError(_("Choose two different turns to swap."))
        first, second = slots
        first.member_id, second.member_id = second.member_id, first.member_id
        RotaSlot.objects.bulk_update([first, second], ["member"])
        data_changed(chapters=[chapter.pk])


# --- Live meeting runner


class RunnerAction:
    START = "start"
    NEXT = "next"
    BACK = "back"
    SKIP = "skip"
    ALL = (START, NEXT, BACK, SKIP)


def _enter_item(meeting: Meeting, item: MeetingAgendaItem, now, *, from_end: bool = False) -> None:
    meeting.runner_item = item
    meeting.runner_item_started_at = now
    item.started_at, item.ended_at, item.skipped = now, None, False
    item.save(update_fields=["started_at", "ended_at", "skipped"])
    meeting.runner_presenter = None
    meeting.runner_presenter_started_at = None
    if item.is_member_round:
        presenters = selectors.runner_presenters(meeting)
        if presenters:
            meeting.runner_presenter = presenters[-1].user if from_end else presenters[0].user
            meeting.runner_presenter_started_at = now


def _leave_item(item: MeetingAgendaItem, now, *, skipped: bool = False) -> None:
    item.ended_at = now
    item.skipped = skipped
    item.save(update_fields=["ended_at", "skipped"])


def _neighbour_presenter(meeting: Meeting, step: int) -> User | None:
    presenters = selectors.runner_presenters(meeting)
    current = meeting.runner_presenter
    if current is None:
        return None
    key = selectors.presenter_sort_key(current)
    if step > 0:
        later = [p.user for p in presenters if selectors.presenter_sort_key(p.user) > key]
        return later[0] if later else None
    earlier = [p.user for p in presenters if selectors.presenter_sort_key(p.user) < key]
    return earlier[-1] if earlier else None


def meeting_runner_step(*, meeting: Meeting, action: str, version: int, now=None) -> Meeting:
    """One press on the runner: start, next, back or skip. The state lives in the database.

    `version` is the state the presser saw; a stale press (double tap, second screen behind) changes nothing.
    - next: the next member in the 60-second round, else the next section; after the last, the meeting closes.
    - skip: in the round, pass over an absent member; elsewhere, skip the whole section.
    - back: the previous member or section; after the close, back into the last section.
    """
    if action not in RunnerAction.ALL:
        raise ValidationError(_("Unknown runner action."))
    now = now or timezone.now()
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if version != meeting.runner_version:
            return meeting
        if meeting.is_cancelled:
            raise ValidationError(_("This meeting is cancelled."))
        items = list(meeting.agenda_items.all())
        if not items:
            raise ValidationError(_("This meeting has no agenda yet."))
        current = next((item for item in items if item.pk == meeting.runner_item_id), None)
        index = items.index(current) if current else None

        if action == RunnerAction.START:
            if meeting.opened_at is not None:
                return meeting
            meeting.opened_at = now
            _enter_item(meeting, items[0], now)
        elif meeting.opened_at is None:
            raise ValidationError(_("Start the meeting first."))
        elif action in (RunnerAction.NEXT, RunnerAction.SKIP):
            if current is None:
                return meeting  # closed: nothing further
            following = _neighbour_presenter(meeting, +1) if current.is_member_round else None
            if following is not None:
                meeting.runner_presenter = following
                meeting.runner_presenter_started_at = now
            else:
                skip_section = action == RunnerAction.SKIP and not current.is_member_round
                _leave_item(current, now, skipped=skip_section)
                if index + 1 < len(items):
                    _enter_item(meeting, items[index + 1], now)
                else:
                    meeting.runner_item = None
                    meeting.runner_presenter = None
                    meeting.closed_at = now
        elif action == RunnerAction.BACK:
            if current is None:
                meeting.closed_at = None
                _enter_item(meeting, items[-1], now, from_end=True)
            else:
                previous = _neighbour_presenter(meeting, -1) if current.is_member_round else None
                if previous is not None:
                    meeting.runner_presenter = previous
                    meeting.runner_presenter_started_at = now
                elif index > 0:
                    current.started_at = None
                    current.save(update_fields=["started_at"])
                    _enter_item(meeting, items[index - 1], now, from_end=True)
                else:
                    meeting.runner_item_started_at = now
        meeting.runner_version = F("runner_version") + 1
        meeting.save()
        meeting.refresh_from_db()
    return meeting


# --- Attendance


def _check_draft(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is cancelled: attendance does not count."))


def _check_substitute(*, chapter: Chapter, name: str, email: str) -> None:
    if not name.strip():
        raise ValidationError(_("Give the substitute's name."))
    if email and selectors.current_members(chapter).filter(email__iexact=email).exists():
        raise ValidationError(_("A substitute cannot be a member of this chapter."))
    if (
        selectors.current_members(chapter)
        .filter(first_name__iexact=name.split(" ")[0], last_name__iexact=" ".join(name.split(" ")[1:]))
        .exists()
    ):
        raise ValidationError(_("A substitute cannot be a member of this chapter."))


def attendance_check_in(*, meeting: Meeting, member: User, by: User, now=None) -> Attendance:
    """The host taps a name: present, or late once the meeting was opened (or its start time passed).

    A member who announced a substitute is marked S: the tap means the substitute came.
    """
    now = now or timezone.now()
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _check_draft(meeting)
        if meeting.is_completed:
            raise ValidationError(_("The record of this meeting is completed; use a correction."))
        if not selectors.current_members(meeting.chapter).filter(pk=member.pk).exists():
            raise ValidationError(_("Only current members can be checked in."))
        notice = meeting.absence_notices.filter(member=member).first()
        defaults = {"arrived_at": now, "recorded_by": by, "substitute_name": "", "substitute_email": ""}
        if notice and notice.has_substitute:
            defaults.update(
                status=AttendanceStatus.SUBSTITUTE,
                substitute_name=notice.substitute_name,
                substitute_email=notice.substitute_email,
            )
        else:
            defaults["status"] = (
                AttendanceStatus.LATE if now > meeting.late_after else AttendanceStatus.PRESENT
            )
        attendance, _created = Attendance.objects.update_or_create(
            meeting=meeting, member=member, defaults=defaults
        )
    return attendance


def attendance_undo_check_in(*, meeting: Meeting, member: User) -> None:
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.is_completed:
            raise ValidationError(_("The record of this meeting is completed; use a correction."))
        meeting.attendances.filter(member=member).delete()


def attendance_set(
    *,
    meeting: Meeting,
    member: User,
    status: str,
    by: User,
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
        attendance = meeting.attendances.select_for_update().filter(member=member).first()
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
        if meeting.is_completed and status == AttendanceStatus.ABSENT:
            absence_letters_send(meeting=meeting)
    return attendance


def _on_medical_leave(membership: Membership, day: datetime.date) -> bool:
    return membership.status == Membership.Status.ON_LEAVE and (
        membership.leave_until is None or membership.leave_until >= day
    )


def meeting_record_complete(*, meeting: Meeting, by: User, now=None) -> Meeting:
    """Lock the week's PALMS record. Members nobody checked in become absent, unless they
    announced a substitute (S) or are on approved medical leave (M).

    Two leaders completing at once: the conditional update lets one win; the other gets a clear error.
    """
    now = now or timezone.now()
    if meeting.is_cancelled:
        raise ValidationError(_("A cancelled meeting is a holiday: it has no attendance record."))
    if meeting.starts_at > now:
        raise ValidationError(_("The record can be completed once the meeting has started."))
    with transaction.atomic():
        won = Meeting.objects.filter(
            pk=meeting.pk, record_status=Meeting.RecordStatus.DRAFT, status=Meeting.Status.SCHEDULED
        ).update(record_status=Meeting.RecordStatus.COMPLETED, completed_by=by, completed_at=now)
        if not won:
            raise ValidationError(_("Someone else has just completed this record."))
        record_update(
            meeting, changes={"record_status": (Meeting.RecordStatus.DRAFT, Meeting.RecordStatus.COMPLETED)}
        )
        recorded = set(meeting.attendances.values_list("member_id", flat=True))
        notices = {notice.member_id: notice for notice in meeting.absence_notices.all()}
        missing = []
        for membership in selectors.members_at(meeting):
            if membership.user_id in recorded:
                continue
            notice = notices.get(membership.user_id)
            row = Attendance(meeting=meeting, member_id=membership.user_id, recorded_by=by)
            if notice and notice.has_substitute:
                row.status = AttendanceStatus.SUBSTITUTE
                row.substitute_name, row.substitute_email = notice.substitute_name, notice.substitute_email
            elif _on_medical_leave(membership, meeting.scheduled_on):
                row.status = AttendanceStatus.MEDICAL
            else:
                row.status = AttendanceStatus.ABSENT
            missing.append(row)
        Attendance.objects.bulk_create(missing)
        data_changed(chapters=[meeting.chapter_id])
        meeting.refresh_from_db()
        absence_letters_send(meeting=meeting)
    return meeting


def meeting_record_reopen(*, meeting: Meeting) -> Meeting:
    Meeting.objects.filter(pk=meeting.pk).update(
        record_status=Meeting.RecordStatus.DRAFT, completed_by=None, completed_at=None
    )
    record_update(meeting, changes={"record_status": (meeting.record_status, Meeting.RecordStatus.DRAFT)})
    meeting.refresh_from_db()
    return meeting


def _committee_emails(chapter: Chapter) -> list[tuple[str, str]]:
    return list(
        selectors.users_with_capability(chapter, Capability.REVIEW_APPLICATIONS).values_list(
            "email", "language"
        )
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
        count = selectors.absence_count(member=member, chapter=chapter, day=meeting.scheduled_on)
        try:
            with transaction.atomic():
                AbsenceLetter.objects.create(
                    attendance=attendance, number=count, committee_notified=count >= chapter.absence_limit
                )
        except IntegrityError:
            continue  # another run sent it
        window_start = selectors.absence_window(chapter=chapter, day=meeting.scheduled_on)[0]
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
    notice, _created = AbsenceNotice.objects.update_or_create(
        meeting=meeting,
        member=member,
        defaults={"substitute_name": substitute_name.strip(), "substitute_email": substitute_email.strip()},
    )
    return notice


def absence_notice_withdraw(*, member: User, notice_id: int) -> None:
    AbsenceNotice.objects.filter(member=member, pk=notice_id, meeting__starts_at__gt=timezone.now()).delete()


# --- Visitors


def visitor_register(
    *,
    meeting: Meeting,
    first_name: str,
    last_name: str,
    company: str,
    profession: str,
    email: str,
    phone: str = "",
    invited_by: User | None = None,
    now=None,
) -> tuple[Visitor, bool]:
    """Register a visitor for a meeting; registering twice returns the first registration. Returns (visitor, created)."""
    now = now or timezone.now()
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is cancelled. Choose another date."))
    if meeting.starts_at <= now:
        raise ValidationError(_("This meeting has already started. Choose another date."))
    email = email.strip().lower()
    existing = meeting.visitors.filter(email__iexact=email).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            visitor = Visitor.objects.create(
                chapter=meeting.chapter,
                meeting=meeting,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                company=company.strip(),
                profession=profession.strip(),
                email=email,
                phone=phone.strip(),
                invited_by=invited_by,
                consent_given_at=now,
            )
    except IntegrityError:
        return meeting.visitors.get(email__iexact=email), False
    from chapters.tasks import send_visitor_confirmation

    transaction.on_commit(lambda: send_visitor_confirmation.enqueue(visitor_id=visitor.pk))
    return visitor, True


def visitor_check_in(*, visitor: Visitor, kind: str, by: User, now=None) -> Visitor:
    """The host welcomes a guest. A visitor's first visit to the chapter gives the inviting member the credit."""
    if kind not in Visitor.Kind.values:
        raise ValidationError(_("Unknown kind of guest."))
    now = now or timezone.now()
    with transaction.atomic():
        visitor = Visitor.objects.select_for_update().select_related("meeting").get(pk=visitor.pk)
        if visitor.meeting.is_cancelled:
            raise ValidationError(_("This meeting is cancelled."))
        visited_before = (
            Visitor.objects.filter(
                chapter_id=visitor.chapter_id, email__iexact=visitor.email, checked_in_at__isnull=False
            )
            .exclude(pk=visitor.pk)
            .exists()
        )
        visitor.kind = kind
        visitor.checked_in_at = visitor.checked_in_at or now
        visitor.gives_visitor_credit = (
            kind == Visitor.Kind.VISITOR and visitor.invited_by_id is not None and not visited_before
        )
        if visitor.status == Visitor.Status.REGISTERED:
            visitor.status = Visitor.Status.VISITED
        if kind in (Visitor.Kind.VISITOR, Visitor.Kind.RETURNING):
            visitor.follow_up_by_id = visitor.follow_up_by_id or visitor.invited_by_id or by.pk
            visitor.follow_up_due = visitor.follow_up_due or (
                timezone.localtime(now).date() + datetime.timedelta(days=FOLLOW_UP_DAYS)
            )
        visitor.save()
    return visitor


def visitor_undo_check_in(*, visitor: Visitor) -> Visitor:
    with transaction.atomic():
        visitor = Visitor.objects.select_for_update().get(pk=visitor.pk)
        visitor.checked_in_at = None
        visitor.gives_visitor_credit = False
        if visitor.status == Visitor.Status.VISITED:
            visitor.status = Visitor.Status.REGISTERED
            visitor.follow_up_due = None
        visitor.save()
    return visitor


def visitor_update(
    *, visitor: Visitor, status: str, follow_up_by: User | None, follow_up_due, notes: str
) -> Visitor:
    if status not in Visitor.Status.values:
        raise ValidationError(_("Unknown status."))
    if (
        status != Visitor.Status.REGISTERED
        and visitor.checked_in_at is None
        and status != Visitor.Status.NOT_NOW
    ):
        raise ValidationError(_("Check the visitor in at a meeting first."))
    visitor.status = status
    visitor.follow_up_by = follow_up_by
    if follow_up_due != visitor.follow_up_due:
        visitor.follow_up_reminded_on = None
    visitor.follow_up_due = follow_up_due
    visitor.notes = notes
    visitor.save()
    return visitor


def visitor_follow_up_reminders(*, today: datetime.date | None = None) -> int:
    """Remind whoever follows up a visitor when the follow-up is due. Once per due date."""
    today = today or timezone.localdate()
    due = Visitor.objects.filter(
        status=Visitor.Status.VISITED,
        follow_up_due__lte=today,
        follow_up_reminded_on__isnull=True,
        follow_up_by__isnull=False,
    ).select_related("follow_up_by", "chapter", "meeting")
    sent = 0
    for visitor in due:
        updated = Visitor.objects.filter(pk=visitor.pk, follow_up_reminded_on__isnull=True).update(
            follow_up_reminded_on=today
        )
        if not updated:
            continue
        person = visitor.follow_up_by
        queue_email(
            to=[person.email],
            template="visitor_follow_up",
            context={
                "name": person.first_name,
                "visitor": visitor.full_name,
                "company": visitor.company,
                "profession": visitor.profession,
                "email": visitor.email,
                "phone": visitor.phone,
                "date": _human_date(visitor.meeting.scheduled_on, person.language),
                "path": reverse("visitor_detail", args=[visitor.chapter.slug, visitor.pk]),
            },
            language=person.language,
        )
        sent += 1
    return sent


# --- Calendar feeds


def calendar_token_for(*, chapter: Chapter | None = None, user: User | None = None) -> CalendarToken:
    lookup = {"chapter": chapter} if chapter is not None else {"user": user}
    token, _created = CalendarToken.objects.get_or_create(
        **lookup, defaults={"token": secrets.token_urlsafe(32)}
    )
    return token


def calendar_tokens_for(*, chapter: Chapter, user: User) -> tuple[CalendarToken, CalendarToken]:
    """The chapter's and the member's feed tokens, made on first use: one query once they exist."""

    def both() -> dict:
        return {
            ("chapter" if token.chapter_id else "user"): token
            for token in CalendarToken.objects.filter(Q(chapter=chapter) | Q(user=user))
        }

    tokens = both()
    if len(tokens) < 2:
        missing = [
            CalendarToken(token=secrets.token_urlsafe(32), **{kind: owner})
            for kind, owner in (("chapter", chapter), ("user", user))
            if kind not in tokens
        ]
        # A second tab making them at the same moment is not an error: its tokens win.
        CalendarToken.objects.bulk_create(missing, ignore_conflicts=True)
        tokens = both()
    return tokens["chapter"], tokens["user"]


def calendar_token_renew(*, chapter: Chapter | None = None, user: User | None = None) -> CalendarToken:
    token = calendar_token_for(chapter=chapter, user=user)
    token.token = secrets.token_urlsafe(32)
    token.save(update_fields=["token"])
    return token
