"""Members bring their guests: a member registers the visitor they invite (the visitor gets the
confirmation with the calendar invite, the visitor hosts and the president are told), and the
visitor is reminded two working days before the meeting."""

import datetime
from typing import Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chapters.models import Meeting, Visitor
from chapters.services.schedule import _human_date
from chapters.services.visitors import VisitorDetails, visitor_register
from members.capabilities import Capability
from members.emails import queue_email
from members.models import User
from members.selectors.memberships import current_members, users_with_capability

REMINDER_WORKING_DAYS = 2


def guest_register(
    *, member: User, meeting: Meeting, **details: Unpack[VisitorDetails]
) -> tuple[Visitor, bool]:
    """A member registers the visitor they invite; the second time returns the first registration.
    Returns (visitor, created). Only a newly registered guest is announced to the hosts."""
    if current_members(meeting.chapter).filter(email__iexact=details["email"].strip()).exists():
        raise ValidationError(_("This is the address of a member of this chapter, not of a guest."))
    with transaction.atomic():
        visitor, created = visitor_register(meeting=meeting, invited_by=member, **details)
        if created:
            _tell_hosts(visitor)
    return visitor, created


def _tell_hosts(visitor: Visitor) -> None:
    """One mail per visitor host (the president and vice president host too), in their language."""
    chapter = visitor.chapter
    for host in users_with_capability(chapter, Capability.HOST_VISITORS).exclude(pk=visitor.invited_by_id):
        queue_email(
            to=[host.email],
            template="visitor_registered_notice",
            context={
                "name": host.first_name,
                "member": visitor.invited_by.full_name,
                "visitor": visitor.full_name,
                "profession": visitor.profession,
                "company": visitor.company,
                "date": _human_date(visitor.meeting.scheduled_on, host.language),
                "path": reverse("visitor_detail", args=[chapter.slug, visitor.pk]),
            },
            language=host.language,
        )


def _working_days_after(day: datetime.date, count: int) -> datetime.date:
    while count:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def visitor_meeting_reminders(*, today: datetime.date | None = None) -> int:
    """Remind registered visitors of a meeting at most two working days ahead. Each registration
    is reminded once (a conditional update claims it), so running twice a day sends nothing twice;
    a day the job did not run is caught up the next day, as long as the meeting is still ahead."""
    today = today or timezone.localdate()
    due = Visitor.objects.filter(
        checked_in_at__isnull=True,
        meeting_reminded_on__isnull=True,
        status=Visitor.Status.REGISTERED,
        meeting__status=Meeting.Status.SCHEDULED,
        meeting__scheduled_on__gt=today,
        meeting__scheduled_on__lte=_working_days_after(today, REMINDER_WORKING_DAYS),
        meeting__starts_at__gt=timezone.now(),
    ).exclude(email="")
    sent = 0
    for visitor in due.select_related("meeting__chapter", "invited_by"):
        claimed = Visitor.objects.filter(pk=visitor.pk, meeting_reminded_on__isnull=True).update(
            meeting_reminded_on=today
        )
        if not claimed:
            continue
        meeting, chapter = visitor.meeting, visitor.meeting.chapter
        local = timezone.localtime(meeting.starts_at, chapter.zone)
        queue_email(
            to=[visitor.email],
            template="visitor_reminder",
            context={
                "name": visitor.first_name,
                "chapter": chapter.name,
                "date": _human_date(local.date(), chapter.language),
                "time": local.strftime("%H:%M"),
                "venue": meeting.venue,
                "online_url": meeting.online_url,
                "invited_by": visitor.invited_by.full_name if visitor.invited_by else "",
                "path": reverse("public_chapter", args=[chapter.slug]),
            },
            language=chapter.language,
        )
        sent += 1
    return sent
