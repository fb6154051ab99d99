"""Which meetings there are, which one covers a moment, and who is expected at one."""

import datetime

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from chapters.models import (
    Chapter,
    Meeting,
    RotaSlot,
)
from members.models import Membership, User


def members_at(meeting: Meeting) -> QuerySet[Membership]:
    """The memberships a meeting's record covers: current members who had joined by that day."""
    return (
        meeting.chapter.memberships.current()
        .filter(starts_on__lte=meeting.scheduled_on)
        .select_related("user", "classification")
        .order_by("user__first_name", "user__last_name")
    )


def expected_members(meeting: Meeting) -> QuerySet[Membership]:
    """The memberships the record charges with an absence when nobody records them: `members_at`,
    minus members who have not activated their account yet (an invitation leaves the password
    unusable until it is accepted), unless the chapter counts those too."""
    memberships = members_at(meeting)
    if not meeting.chapter.absences_before_activation:
        memberships = memberships.exclude(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
    return memberships


def is_expected(membership: Membership, meeting: Meeting) -> bool:
    """`expected_members` for one membership of `members_at(meeting)`, without a query."""
    return meeting.chapter.absences_before_activation or not membership.user.password.startswith(
        UNUSABLE_PASSWORD_PREFIX
    )


def on_medical_leave(membership: Membership, day: datetime.date) -> bool:
    return membership.status == Membership.Status.ON_LEAVE and (
        membership.leave_until is None or membership.leave_until >= day
    )


def upcoming_meetings(chapter: Chapter, now=None) -> QuerySet[Meeting]:
    now = now or timezone.now()
    return chapter.meetings.filter(ends_at__gte=now).order_by("starts_at")


def next_meeting(chapter: Chapter, now=None) -> Meeting | None:
    """The next meeting that has not ended yet, cancelled ones included (members should see those)."""
    return upcoming_meetings(chapter, now).first()


def meeting_window(meeting: Meeting) -> tuple[datetime.datetime | None, datetime.datetime]:
    """The stretch of time whose slips belong to this meeting: after the end of the previous
    (non-cancelled) meeting, up to and including this meeting's end. None = since the beginning."""
    previous = (
        meeting.chapter.meetings.filter(status=Meeting.Status.SCHEDULED, ends_at__lt=meeting.ends_at)
        .order_by("-ends_at")
        .values_list("ends_at", flat=True)
        .first()
    )
    return previous, meeting.ends_at


# Check-in (at the door, and "is here"/"absent" in the runner) is open from an hour before the
# start until an hour after the end, and only while the record is a draft.
CHECK_IN_OPENS_BEFORE = datetime.timedelta(minutes=60)
CHECK_IN_CLOSES_AFTER = datetime.timedelta(minutes=60)


def check_in_window(meeting: Meeting) -> tuple[datetime.datetime, datetime.datetime]:
    """From when until when taps record who came (both ends included)."""
    return meeting.starts_at - CHECK_IN_OPENS_BEFORE, meeting.ends_at + CHECK_IN_CLOSES_AFTER


def check_in_refusal(meeting: Meeting, now: datetime.datetime | None = None) -> str:
    """Why a check-in at `now` is refused, in the user's language; empty when it is allowed.
    Every path that records who came (check-in taps, guests, the runner) asks this."""
    now = now or timezone.now()
    if meeting.is_cancelled:
        return _("This meeting is cancelled: attendance does not count.")
    if meeting.is_completed:
        return _("The record of this meeting is completed; use a correction.")
    opens, closes = check_in_window(meeting)
    if now < opens:
        local = timezone.localtime(opens, meeting.chapter.zone)
        return _("Check-in opens an hour before the meeting: on %(date)s from %(time)s.") % {
            "date": formats.date_format(local.date(), "j F"),
            "time": formats.time_format(local.time(), "H:i"),
        }
    if now > closes:
        return _(
            "This meeting is over: check-in is closed. Set a member's attendance on the record, "
            "or complete it."
        )
    return ""


def covering_meeting(*, chapter: Chapter, when: datetime.datetime) -> Meeting | None:
    """The first non-cancelled meeting that had not ended at `when` (its window holds `when`)."""
    return (
        chapter.meetings.filter(status=Meeting.Status.SCHEDULED, ends_at__gte=when)
        .order_by("ends_at")
        .first()
    )


def week_is_locked(*, chapter: Chapter, when: datetime.datetime) -> bool:
    """True once the record of the meeting that covers `when` is completed.

    The covering meeting is the first non-cancelled meeting ending at or after `when`: a slip
    written on Wednesday belongs to next Tuesday's meeting, one passed during the meeting to that
    meeting (see `meeting_window`). Cancelled weeks are skipped, so a holiday week's slips go to the
    next meeting. With no meeting planned after `when`, nothing is locked.
    """
    meeting = covering_meeting(chapter=chapter, when=when)
    return meeting is not None and meeting.is_completed


def my_next_turns(*, user: User, chapter: Chapter, now=None) -> dict[str, RotaSlot]:
    now = now or timezone.now()
    slots = (
        RotaSlot.objects.filter(
            member=user,
            meeting__chapter=chapter,
            meeting__ends_at__gte=now,
            meeting__status=Meeting.Status.SCHEDULED,
        )
        .select_related("meeting")
        .order_by("meeting__starts_at")
    )
    turns: dict[str, RotaSlot] = {}
    for slot in slots:
        turns.setdefault(slot.kind, slot)
    return turns
