"""Visitors: registration, check-in at the door and the host's follow-up."""

import datetime
from typing import NotRequired, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chapters.models import (
    AttendanceStatus,
    Meeting,
    MemberDayFigures,
    Visitor,
)
from chapters.models.figures import visitor_cells
from chapters.selectors.meetings import check_in_refusal
from chapters.services.attendance import attendance_set
from chapters.services.schedule import _human_date
from chapters.tasks import send_visitor_confirmation
from config.cache import changed
from members.emails import queue_email
from members.models import MailTopic, User
from members.selectors.memberships import current_members
from members.selectors.preferences import wants_email

FOLLOW_UP_DAYS = 3


class VisitorDetails(TypedDict):
    """Who the guest is, as a registration (by the visitor or by their host) gives it."""

    first_name: str
    last_name: str
    company: str
    profession: str
    email: str
    phone: NotRequired[str]


def _new_visitor(
    *, meeting: Meeting, invited_by: User | None, now: datetime.datetime, **details: Unpack[VisitorDetails]
) -> Visitor:
    """The unsaved registration, its details trimmed; the guest consented when they gave them."""
    return Visitor(
        chapter=meeting.chapter,
        meeting=meeting,
        first_name=details["first_name"].strip(),
        last_name=details["last_name"].strip(),
        company=details["company"].strip(),
        profession=details["profession"].strip(),
        email=details["email"].strip().lower(),
        phone=details.get("phone", "").strip(),
        invited_by=invited_by,
        consent_given_at=now,
    )


def visitor_register(
    *, meeting: Meeting, invited_by: User | None = None, now=None, **details: Unpack[VisitorDetails]
) -> tuple[Visitor, bool]:
    """Register a visitor for a meeting; registering twice returns the first registration. Returns (visitor, created)."""
    now = now or timezone.now()
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is cancelled. Choose another date."))
    if meeting.starts_at <= now:
        raise ValidationError(_("This meeting has already started. Choose another date."))
    visitor = _new_visitor(meeting=meeting, invited_by=invited_by, now=now, **details)
    existing = meeting.visitors.filter(email__iexact=visitor.email).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            visitor.save(force_insert=True)
            changed(chapters=[visitor.chapter_id], users=[visitor.invited_by_id])  # visitor credits in scores
    except IntegrityError:
        return meeting.visitors.get(email__iexact=visitor.email), False
    transaction.on_commit(lambda: send_visitor_confirmation.enqueue(visitor_id=visitor.pk))
    return visitor, True


def visitor_check_in(*, visitor: Visitor, kind: str, by: User, now=None) -> Visitor:
    """The host welcomes a guest. A visitor's first visit to the chapter gives the inviting member the credit."""
    if kind not in Visitor.Kind.values:
        raise ValidationError(_("Unknown kind of guest."))
    now = now or timezone.now()
    with transaction.atomic():
        visitor = Visitor.objects.select_for_update().select_related("meeting__chapter").get(pk=visitor.pk)
        if refusal := check_in_refusal(visitor.meeting, now):
            raise ValidationError(refusal)
        visited_before = (
            _same_person(
                Visitor.objects.filter(chapter_id=visitor.chapter_id, checked_in_at__isnull=False), visitor
            )
            .exclude(pk=visitor.pk)
            .exists()
        )
        counted = visitor_cells(visitor)
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
        MemberDayFigures.objects.add(visitor_cells(visitor), minus=counted)
        changed(chapters=[visitor.chapter_id], users=[visitor.invited_by_id])  # visitor credits in scores
    return visitor


def _same_person(visitors, visitor: Visitor):
    """The same guest: by email, or by name for walk-ins who gave no email."""
    if visitor.email:
        return visitors.filter(email__iexact=visitor.email)
    return visitors.filter(
        email="", first_name__iexact=visitor.first_name, last_name__iexact=visitor.last_name
    )


def visitor_walk_in(
    *,
    meeting: Meeting,
    by: User,
    kind: str,
    first_name: str,
    last_name: str,
    profession: str,
    company: str = "",
    email: str = "",
    invited_by: User | None = None,
    substitute_for: User | None = None,
    now=None,
) -> Visitor:
    """A guest nobody registered arrives: registered and checked in at once, so they are in the
    visitor round and the host's pipeline; the first-visit credit as at any check-in. A substitute
    records the member they stand in for as S. Adding the same guest twice checks in the first one.
    The guest consented at the door (the form asks); an email is optional."""
    now = now or timezone.now()
    email = email.strip().lower()
    if refusal := check_in_refusal(meeting, now):
        raise ValidationError(refusal)
    if email and current_members(meeting.chapter).filter(email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s belongs to a member of this chapter: check the member in instead.")
            % {"email": email}
        )
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        guest = _new_visitor(
            meeting=meeting,
            invited_by=invited_by,
            now=now,
            first_name=first_name,
            last_name=last_name,
            company=company,
            profession=profession,
            email=email,
        )
        guest.kind = kind
        visitor = _same_person(meeting.visitors.all(), guest).first()
        if visitor is None:
            visitor = guest
            visitor.save()
        visitor = visitor_check_in(visitor=visitor, kind=kind, by=by, now=now)
        if kind == Visitor.Kind.SUBSTITUTE and substitute_for is not None:
            attendance_set(
                meeting=meeting,
                member=substitute_for,
                status=AttendanceStatus.SUBSTITUTE,
                substitute_name=visitor.full_name,
                substitute_email=visitor.email,
                by=by,
            )
    return visitor


def visitor_undo_check_in(*, visitor: Visitor) -> Visitor:
    with transaction.atomic():
        visitor = Visitor.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=visitor.pk)
        counted = visitor_cells(visitor)
        visitor.checked_in_at = None
        visitor.gives_visitor_credit = False
        if visitor.status == Visitor.Status.VISITED:
            visitor.status = Visitor.Status.REGISTERED
            visitor.follow_up_due = None
        visitor.save()
        MemberDayFigures.objects.add(visitor_cells(visitor), minus=counted)
        changed(chapters=[visitor.chapter_id], users=[visitor.invited_by_id])  # visitor credits in scores
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
    changed(chapters=[visitor.chapter_id], users=[visitor.invited_by_id])  # visitor credits in scores
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
        if not wants_email(person, MailTopic.VISITORS):
            continue  # marked as reminded all the same: they chose not to hear of it by mail
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
            unsubscribe=(person.pk, MailTopic.VISITORS),
        )
        sent += 1
    return sent
