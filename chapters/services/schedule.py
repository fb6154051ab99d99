"""Planning meetings: creating, moving, cancelling, restoring, and the agenda a meeting starts with."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chapters.models import (
    AgendaTemplate,
    Chapter,
    Meeting,
    MeetingAgendaItem,
    MemberDayFigures,
)
from chapters.models.figures import meeting_cells
from chapters.selectors.agenda import format_seconds
from chapters.selectors.runner import agenda_fit
from config.cache import changed
from members.emails import queue_email
from members.models import MailTopic
from members.selectors.memberships import current_members
from members.selectors.preferences import email_opted_out


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
        changed(chapters=[chapter.pk] if created else [])
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
        changed(chapters=[chapter.pk])
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
    members = list(current_members(meeting.chapter).values_list("pk", "email", "language"))
    opted_out = email_opted_out([pk for pk, _email, _language in members], MailTopic.MEETINGS)
    for pk, email, language in members:
        if pk in opted_out or not email:
            continue
        queue_email(
            to=[email],
            template=template,
            context={**context, "date": _human_date(local, language)},
            language=language,
            unsubscribe=(pk, MailTopic.MEETINGS),
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
        counted = meeting_cells(meeting)
        meeting.status = Meeting.Status.CANCELLED
        meeting.status_reason = reason
        meeting.save(update_fields=["status", "status_reason"])
        MemberDayFigures.objects.add(meeting_cells(meeting), minus=counted)  # its attendance stops counting
        changed(chapters=[meeting.chapter_id])
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
        counted = meeting_cells(meeting)
        meeting.status = Meeting.Status.SCHEDULED
        meeting.status_reason = ""
        meeting.save(update_fields=["status", "status_reason"])
        MemberDayFigures.objects.add(meeting_cells(meeting), minus=counted)
        changed(chapters=[meeting.chapter_id])
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
        changed(chapters=[meeting.chapter_id])
        if notify:
            _tell_members(meeting=meeting, template="meeting_moved", reason=reason)
    return meeting


def meeting_save_notes(*, meeting: Meeting, notes: str) -> Meeting:
    Meeting.objects.filter(pk=meeting.pk).update(notes=notes)
    changed(chapters=[meeting.chapter_id])
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
            counted = meeting_cells(meeting)
            meeting.scheduled_on = day
            meeting.starts_at = starts_at
            meeting.ends_at = starts_at + datetime.timedelta(minutes=chapter.meeting_duration_minutes)
            meeting.venue, meeting.online_url = chapter.venue, chapter.online_url
            meeting.save(update_fields=["scheduled_on", "starts_at", "ends_at", "venue", "online_url"])
            MemberDayFigures.objects.add(meeting_cells(meeting), minus=counted)  # on the new day
            moved += 1
        changed(chapters=[chapter.pk])
    return moved


def agenda_template_set_default(*, template: AgendaTemplate) -> None:
    with transaction.atomic():
        template.chapter.agenda_templates.exclude(pk=template.pk).update(is_default=False)
        AgendaTemplate.objects.filter(pk=template.pk).update(is_default=True)
        changed(chapters=[template.chapter_id])


def meeting_agenda_scale(*, meeting: Meeting) -> list[MeetingAgendaItem]:
    """Fit the agenda into the meeting: the timed sections shrink proportionally (see `agenda_fit`),
    the members' round keeps its time per member. Only before the meeting is opened."""
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.opened_at is not None:
            raise ValidationError(_("The meeting has started: change the agenda by hand."))
        fit = agenda_fit(meeting)
        if not fit.overrun:
            return []
        if not fit.scalable:
            raise ValidationError(
                _("The members' round alone takes %(round)s: make the meeting longer or shorten the round.")
                % {"round": format_seconds(fit.round_seconds)}
            )
        changed_items = []
        for item, seconds in fit.proposal:
            if item.planned_seconds != seconds:
                item.planned_seconds = seconds
                changed_items.append(item)
        MeetingAgendaItem.objects.bulk_update(changed_items, ["planned_seconds"])
        changed(chapters=[meeting.chapter_id])  # the home's next meeting shows the agenda
    return changed_items
