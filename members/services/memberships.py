"""Membership terms: start, change, renew, leave, lapse, drop and transfer."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chapters.models import Chapter
from config.cache import changed
from config.dates import in_year
from members.access import current_q, is_region_admin
from members.models import (
    Classification,
    Membership,
    RoleAssignment,
    User,
)
from members.services.classifications import _check_classification_open, classification_holder
from members.services.dues import dues_line_for_term

MAX_LEAVE_DAYS = 56  # medical leave: at most 8 weeks


TERM_YEARS = 1


def _check_sponsor(*, sponsor: User | None, chapter: Chapter) -> None:
    if sponsor is None:
        return
    is_member = sponsor.memberships.current().filter(chapter=chapter).exists()
    if not is_member:
        raise ValidationError(
            _("The sponsor must be a current member of this chapter."), code="sponsor_other_chapter"
        )


def one_term_later(day: datetime.date) -> datetime.date:
    return in_year(day, day.year + TERM_YEARS)


def _create_term(**fields) -> Membership:
    """Insert a term; the partial unique indexes decide races between two people acting at once."""
    try:
        with transaction.atomic():
            term = Membership.objects.create(**fields)
            changed(chapters=[term.chapter_id], users=[term.user_id])  # their login, their chapter
            return term
    except IntegrityError as error:
        if "one_current_membership_per_person" in str(error):
            raise ValidationError(
                _("This person is already a member of a chapter."), code="already_member"
            ) from error
        if "one_active_member_per_classification" in str(error):
            raise ValidationError(
                _("The classification %(name)s is already taken in this chapter."),
                code="classification_taken",
                params={"name": fields["classification"].name},
            ) from error
        raise


def membership_start(
    *,
    user: User,
    chapter: Chapter,
    classification: Classification,
    starts_on: datetime.date | None = None,
    renewal_due_on: datetime.date | None = None,
    sponsor: User | None = None,
) -> Membership:
    """A new active term: the one way people become members (application, import, new chapter)."""
    starts_on = starts_on or timezone.localdate()
    renewal_due_on = renewal_due_on or one_term_later(starts_on)
    if renewal_due_on <= starts_on:
        raise ValidationError(
            _("The renewal date must be after the start date."), code="renewal_before_start"
        )
    _check_sponsor(sponsor=sponsor, chapter=chapter)
    if user.memberships.current().exists():
        raise ValidationError(_("This person is already a member of a chapter."), code="already_member")
    if classification_holder(chapter=chapter, classification=classification):
        raise ValidationError(
            _("The classification %(name)s is already taken in this chapter."),
            code="classification_taken",
            params={"name": classification.name},
        )
    with transaction.atomic():
        term = _create_term(
            user=user,
            chapter=chapter,
            classification=classification,
            status=Membership.Status.ACTIVE,
            starts_on=starts_on,
            renewal_due_on=renewal_due_on,
            sponsor=sponsor,
        )
        dues_line_for_term(term)
    return term


def _locked_term(membership: Membership) -> Membership:
    return (
        Membership.objects.select_for_update()
        .select_related("chapter", "classification")
        .get(pk=membership.pk)
    )


def _require_current(term: Membership) -> None:
    if not term.is_current:
        raise ValidationError(
            _("This membership is no longer current (%(status)s)."),
            code="not_current",
            params={"status": term.get_status_display()},
        )


@transaction.atomic
def membership_update(
    *,
    membership: Membership,
    classification: Classification,
    starts_on: datetime.date,
    renewal_due_on: datetime.date,
    sponsor: User | None,
) -> Membership:
    term = _locked_term(membership)
    if renewal_due_on <= starts_on:
        raise ValidationError(
            _("The renewal date must be after the start date."), code="renewal_before_start"
        )
    _check_sponsor(sponsor=sponsor, chapter=term.chapter)
    if sponsor is not None and sponsor.pk == term.user_id:
        raise ValidationError(_("A member cannot sponsor themselves."), code="sponsor_self")
    if classification != term.classification and term.is_current:
        holder = classification_holder(chapter=term.chapter, classification=classification)
        if holder is not None and holder.pk != term.pk:
            raise ValidationError(
                _("The classification %(name)s is already taken in this chapter."),
                code="classification_taken",
                params={"name": classification.name},
            )
    term.classification = classification
    term.starts_on = starts_on
    term.renewal_due_on = renewal_due_on
    term.sponsor = sponsor
    try:
        with transaction.atomic():
            term.save()
            changed(chapters=[term.chapter_id], users=[term.user_id])
    except IntegrityError as error:
        raise ValidationError(
            _("The classification %(name)s is already taken in this chapter."),
            code="classification_taken",
            params={"name": classification.name},
        ) from error
    return term


@transaction.atomic
def membership_renew(*, membership: Membership, renewal_due_on: datetime.date | None = None) -> Membership:
    """Close this term and open the next one, starting where this one was due."""
    term = _locked_term(membership)
    _require_current(term)
    starts_on = term.renewal_due_on
    renewal_due_on = renewal_due_on or one_term_later(starts_on)
    if renewal_due_on <= starts_on:
        raise ValidationError(
            _("The renewal date must be after the start date."), code="renewal_before_start"
        )
    term.status = Membership.Status.ENDED
    term.ended_on = starts_on
    term.status_reason = _("Renewed")
    term.save(update_fields=["status", "ended_on", "status_reason", "updated_at"])
    changed(chapters=[term.chapter_id], users=[term.user_id])
    renewed = Membership.objects.create(
        user_id=term.user_id,
        chapter=term.chapter,
        classification=term.classification,
        status=Membership.Status.ON_LEAVE if term.leave_until else Membership.Status.ACTIVE,
        leave_until=term.leave_until,
        leave_approved_by_id=term.leave_approved_by_id,
        starts_on=starts_on,
        renewal_due_on=renewal_due_on,
        sponsor_id=term.sponsor_id,
    )
    dues_line_for_term(renewed)
    return renewed


@transaction.atomic
def membership_put_on_leave(
    *, membership: Membership, until: datetime.date, reason: str, approved_by: User
) -> Membership:
    term = _locked_term(membership)
    today = timezone.localdate()
    if term.status != Membership.Status.ACTIVE:
        raise ValidationError(_("Only active members can go on leave."), code="not_active")
    if until <= today:
        raise ValidationError(_("The leave must end after today."), code="leave_in_past")
    if until > today + datetime.timedelta(days=MAX_LEAVE_DAYS):
        raise ValidationError(
            _("Medical leave lasts at most 8 weeks (until %(date)s at the latest)."),
            code="leave_too_long",
            params={"date": date_format(today + datetime.timedelta(days=MAX_LEAVE_DAYS), "j F Y")},
        )
    term.status = Membership.Status.ON_LEAVE
    term.leave_until = until
    term.leave_approved_by = approved_by
    term.status_reason = reason
    term.save(update_fields=["status", "leave_until", "leave_approved_by", "status_reason", "updated_at"])
    changed(chapters=[term.chapter_id], users=[term.user_id])
    return term


@transaction.atomic
def membership_end_leave(*, membership: Membership) -> Membership:
    term = _locked_term(membership)
    if term.status == Membership.Status.ON_LEAVE:
        term.status = Membership.Status.ACTIVE
        term.leave_until = None
        term.save(update_fields=["status", "leave_until", "updated_at"])
        changed(chapters=[term.chapter_id], users=[term.user_id])
    return term


def _end_roles(*, user_id: int, chapter: Chapter, on: datetime.date) -> None:
    # Saved row by row so the audit log records each role that ends.
    for assignment in RoleAssignment.objects.filter(current_q(on), user_id=user_id, chapter=chapter):
        assignment.ends_on = on
        assignment.save(update_fields=["ends_on"])
    changed(chapters=[chapter.pk], users=[user_id])


def _close_term(*, membership: Membership, status: str, reason: str) -> Membership:
    term = _locked_term(membership)
    _require_current(term)
    today = timezone.localdate()
    term.status = status
    term.ended_on = today
    term.leave_until = None
    term.status_reason = reason
    term.save(update_fields=["status", "ended_on", "leave_until", "status_reason", "updated_at"])
    changed(chapters=[term.chapter_id], users=[term.user_id])
    # Nothing they logged is touched: referrals, thank-yous and attendance keep pointing at them.
    _end_roles(user_id=term.user_id, chapter=term.chapter, on=today)
    return term


@transaction.atomic
def membership_lapse(*, membership: Membership, reason: str = "") -> Membership:
    return _close_term(membership=membership, status=Membership.Status.LAPSED, reason=reason)


@transaction.atomic
def membership_drop(*, membership: Membership, reason: str) -> Membership:
    if not reason.strip():
        raise ValidationError(_("Give a reason for dropping this member."), code="reason_required")
    return _close_term(membership=membership, status=Membership.Status.DROPPED, reason=reason)


@transaction.atomic
def membership_transfer(
    *, membership: Membership, to_chapter: Chapter, by: User, classification: Classification | None = None
) -> Membership:
    """Move a member to another chapter: this term ends today, a new one starts there.

    Only a region admin of the member's region (or a superuser) may move members, and only to a
    chapter of the same region: chapter leaders, even presidents, cannot take or give away members.
    """
    term = _locked_term(membership)
    region_id = term.chapter.region_id
    if not (by.is_superuser or is_region_admin(by, region_id)):
        raise PermissionDenied(_("Only the region admin can move members between chapters."))
    _require_current(term)
    if to_chapter.pk == term.chapter_id:
        raise ValidationError(_("Choose another chapter."), code="same_chapter")
    if to_chapter.region_id != region_id:
        raise ValidationError(_("Choose a chapter of the same region."), code="other_region")
    classification = classification or term.classification
    _check_classification_open(chapter=to_chapter, classification=classification)
    today = timezone.localdate()
    term.status = Membership.Status.ENDED
    term.ended_on = today
    term.leave_until = None
    term.status_reason = _("Moved to %(chapter)s") % {"chapter": to_chapter.name}
    term.save(update_fields=["status", "ended_on", "leave_until", "status_reason", "updated_at"])
    changed(chapters=[term.chapter_id], users=[term.user_id])
    _end_roles(user_id=term.user_id, chapter=term.chapter, on=today)
    renewal_due_on = term.renewal_due_on if term.renewal_due_on > today else one_term_later(today)
    return _create_term(
        user_id=term.user_id,
        chapter=to_chapter,
        classification=classification,
        status=Membership.Status.ACTIVE,
        starts_on=today,
        renewal_due_on=renewal_due_on,
    )


def memberships_end_finished_leave(*, today: datetime.date | None = None) -> int:
    """Members whose leave has passed are active again (run daily; safe to repeat)."""
    today = today or timezone.localdate()
    ended = 0
    for term in Membership.objects.filter(status=Membership.Status.ON_LEAVE, leave_until__lt=today):
        membership_end_leave(membership=term)
        ended += 1
    return ended
