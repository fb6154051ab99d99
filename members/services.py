"""Writes that matter for people and their membership. Views call these; they never see a request.

Rule violations raise django.core.exceptions.ValidationError with a message for the user, so a
view can show it next to the form. Database constraints stay the last line of defence: where two
people may act at once, the IntegrityError is turned into the same message.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.formats import date_format
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chapters.models import Chapter, Region
from members.access import current_q
from members.emails import queue_email
from members.models import (
    Application,
    Classification,
    ClassificationLock,
    Membership,
    Role,
    RoleAssignment,
    User,
)

MAX_LEAVE_DAYS = 56  # medical leave: at most 8 weeks
TERM_YEARS = 1


def invitation_path(user: User) -> str:
    """A "set your password" link; it expires after PASSWORD_RESET_TIMEOUT or once used."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("invitation_accept", kwargs={"uidb64": uidb64, "token": token})


def user_invite(*, user: User, invited_by: User | None = None) -> None:
    queue_email(
        to=[user.email],
        template="invitation",
        context={
            "first_name": user.first_name,
            "invited_by": invited_by.full_name if invited_by else "",
            "path": invitation_path(user),
        },
        language=user.language,
    )


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


# --- Profile


PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "company",
    "website",
    "address",
    "service_area",
    "bio",
    "gains_goals",
    "gains_accomplishments",
    "gains_interests",
    "gains_networks",
    "gains_skills",
    "offer",
    "ideal_referral",
)


@transaction.atomic
def user_update_profile(*, user: User, **fields) -> User:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not profile fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(user, name, value)
    user.save(update_fields=list(fields))
    return user


@transaction.atomic
def user_change_email(*, user: User, email: str) -> User:
    email = User.objects.normalize_email(email).lower()
    if email == user.email:
        return user
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError(_("Another account already uses this email address."), code="duplicate_email")
    user.email = email
    try:
        with transaction.atomic():
            user.save(update_fields=["email"])
    except IntegrityError as error:
        raise ValidationError(
            _("Another account already uses this email address."), code="duplicate_email"
        ) from error
    return user


@transaction.atomic
def user_set_weekly_ask(*, user: User, weekly_ask: str) -> User:
    user.weekly_ask = weekly_ask.strip()
    user.weekly_ask_updated_at = timezone.now()
    user.save(update_fields=["weekly_ask", "weekly_ask_updated_at"])
    return user


def user_set_photo(*, user: User, photo: ContentFile | None) -> User:
    """Store an already validated and re-encoded JPEG (members.photos), or remove the photo."""
    old_name = user.photo.name if user.photo else ""
    with transaction.atomic():
        if photo is None:
            user.photo = ""
        else:
            user.photo.save("photo.jpg", photo, save=False)
        user.save(update_fields=["photo"])
    if old_name:
        # Only once the new name is saved: a failure above keeps the old photo working.
        user.photo.storage.delete(old_name)
    return user


# --- Classifications


def classification_holder(*, chapter: Chapter, classification: Classification) -> Membership | None:
    return (
        chapter.memberships.filter(classification=classification, status__in=Membership.CURRENT_STATUSES)
        .select_related("user")
        .first()
    )


def classification_is_locked(*, chapter: Chapter, classification: Classification) -> bool:
    return ClassificationLock.objects.filter(chapter=chapter, classification=classification).exists()


def _check_classification_open(*, chapter: Chapter, classification: Classification) -> None:
    if classification_is_locked(chapter=chapter, classification=classification):
        raise ValidationError(
            _("The classification %(name)s is closed in this chapter."),
            code="classification_locked",
            params={"name": classification.name},
        )
    if classification_holder(chapter=chapter, classification=classification):
        raise ValidationError(
            _("The classification %(name)s is already taken in this chapter."),
            code="classification_taken",
            params={"name": classification.name},
        )


@transaction.atomic
def classification_lock(*, chapter: Chapter, classification: Classification, reason: str = "") -> None:
    ClassificationLock.objects.get_or_create(
        chapter=chapter, classification=classification, defaults={"reason": reason}
    )


@transaction.atomic
def classification_unlock(*, chapter: Chapter, classification: Classification) -> None:
    ClassificationLock.objects.filter(chapter=chapter, classification=classification).delete()


# --- Membership terms


def _check_sponsor(*, sponsor: User | None, chapter: Chapter) -> None:
    if sponsor is None:
        return
    is_member = sponsor.memberships.filter(chapter=chapter, status__in=Membership.CURRENT_STATUSES).exists()
    if not is_member:
        raise ValidationError(
            _("The sponsor must be a current member of this chapter."), code="sponsor_other_chapter"
        )


def _one_term_later(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + TERM_YEARS)
    except ValueError:  # 29 February
        return day.replace(year=day.year + TERM_YEARS, day=28)


def _create_term(**fields) -> Membership:
    """Insert a term; the partial unique indexes decide races between two people acting at once."""
    try:
        with transaction.atomic():
            return Membership.objects.create(**fields)
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
    renewal_due_on = renewal_due_on or _one_term_later(starts_on)
    if renewal_due_on <= starts_on:
        raise ValidationError(
            _("The renewal date must be after the start date."), code="renewal_before_start"
        )
    _check_sponsor(sponsor=sponsor, chapter=chapter)
    if user.memberships.filter(status__in=Membership.CURRENT_STATUSES).exists():
        raise ValidationError(_("This person is already a member of a chapter."), code="already_member")
    if classification_holder(chapter=chapter, classification=classification):
        raise ValidationError(
            _("The classification %(name)s is already taken in this chapter."),
            code="classification_taken",
            params={"name": classification.name},
        )
    return _create_term(
        user=user,
        chapter=chapter,
        classification=classification,
        status=Membership.Status.ACTIVE,
        starts_on=starts_on,
        renewal_due_on=renewal_due_on,
        sponsor=sponsor,
    )


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
    renewal_due_on = renewal_due_on or _one_term_later(starts_on)
    if renewal_due_on <= starts_on:
        raise ValidationError(
            _("The renewal date must be after the start date."), code="renewal_before_start"
        )
    term.status = Membership.Status.ENDED
    term.ended_on = starts_on
    term.status_reason = _("Renewed")
    term.save(update_fields=["status", "ended_on", "status_reason", "updated_at"])
    return Membership.objects.create(
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
    return term


@transaction.atomic
def membership_end_leave(*, membership: Membership) -> Membership:
    term = _locked_term(membership)
    if term.status == Membership.Status.ON_LEAVE:
        term.status = Membership.Status.ACTIVE
        term.leave_until = None
        term.save(update_fields=["status", "leave_until", "updated_at"])
    return term


def _end_roles(*, user_id: int, chapter: Chapter, on: datetime.date) -> None:
    # Saved row by row so the audit log records each role that ends.
    for assignment in RoleAssignment.objects.filter(current_q(on), user_id=user_id, chapter=chapter):
        assignment.ends_on = on
        assignment.save(update_fields=["ends_on"])


def _close_term(*, membership: Membership, status: str, reason: str) -> Membership:
    term = _locked_term(membership)
    _require_current(term)
    today = timezone.localdate()
    term.status = status
    term.ended_on = today
    term.leave_until = None
    term.status_reason = reason
    term.save(update_fields=["status", "ended_on", "leave_until", "status_reason", "updated_at"])
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
    *, membership: Membership, to_chapter: Chapter, classification: Classification | None = None
) -> Membership:
    """Move a member to another chapter: this term ends today, a new one starts there."""
    term = _locked_term(membership)
    _require_current(term)
    if to_chapter.pk == term.chapter_id:
        raise ValidationError(_("Choose another chapter."), code="same_chapter")
    classification = classification or term.classification
    _check_classification_open(chapter=to_chapter, classification=classification)
    today = timezone.localdate()
    term.status = Membership.Status.ENDED
    term.ended_on = today
    term.leave_until = None
    term.status_reason = _("Moved to %(chapter)s") % {"chapter": to_chapter.name}
    term.save(update_fields=["status", "ended_on", "leave_until", "status_reason", "updated_at"])
    _end_roles(user_id=term.user_id, chapter=term.chapter, on=today)
    renewal_due_on = term.renewal_due_on if term.renewal_due_on > today else _one_term_later(today)
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


# --- Applications


def application_submit(
    *,
    chapter: Chapter,
    classification: Classification,
    first_name: str,
    last_name: str,
    email: str,
    company: str,
    references: str,
    phone: str = "",
    website: str = "",
    motivation: str = "",
    language: str = "nl",
) -> Application:
    """A visitor applies. Sending the same form twice keeps the first application."""
    email = User.objects.normalize_email(email).lower()
    existing = chapter.applications.filter(email__iexact=email, status__in=Application.OPEN_STATUSES).first()
    if existing:
        return existing
    _check_classification_open(chapter=chapter, classification=classification)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                chapter=chapter,
                classification=classification,
                first_name=first_name,
                last_name=last_name,
                email=email,
                phone=phone,
                company=company,
                website=website,
                references=references,
                motivation=motivation,
                language=language,
                consent_given_at=timezone.now(),
            )
            queue_email(
                to=[email],
                template="application_received",
                context={"first_name": first_name, "chapter": chapter.name},
                language=language,
            )
    except IntegrityError:
        # The same form arrived twice at the same moment: the first one stands.
        return chapter.applications.get(email__iexact=email, status__in=Application.OPEN_STATUSES)
    return application


def _locked_application(application: Application) -> Application:
    locked = (
        Application.objects.select_for_update()
        .select_related("chapter", "classification")
        .get(pk=application.pk)
    )
    if not locked.is_open:
        raise ValidationError(
            _("This application was already decided (%(status)s)."),
            code="already_decided",
            params={"status": locked.get_status_display()},
        )
    return locked


@transaction.atomic
def application_record_interview(
    *, application: Application, notes: str, interviewed_on: datetime.date
) -> Application:
    locked = _locked_application(application)
    locked.interview_notes = notes
    locked.interviewed_on = interviewed_on
    locked.status = Application.Status.INTERVIEWED
    locked.save(update_fields=["interview_notes", "interviewed_on", "status"])
    return locked


@transaction.atomic
def application_approve(
    *,
    application: Application,
    decided_by: User,
    reason: str = "",
    sponsor: User | None = None,
    starts_on: datetime.date | None = None,
) -> User:
    """Admit the applicant: one member and one invitation, even when two people approve at once."""
    locked = _locked_application(application)  # the second approver waits here, then sees "decided"
    chapter, classification = locked.chapter, locked.classification
    _check_classification_open(chapter=chapter, classification=classification)
    user = User.objects.filter(email__iexact=locked.email).first()
    if user is None:
        user = User.objects.create_user(
            email=locked.email,
            password=None,
            first_name=locked.first_name,
            last_name=locked.last_name,
            phone=locked.phone,
            company=locked.company,
            website=locked.website,
            language=locked.language,
        )
    membership_start(
        user=user, chapter=chapter, classification=classification, starts_on=starts_on, sponsor=sponsor
    )
    locked.status = Application.Status.APPROVED
    locked.decision_reason = reason
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.member = user
    locked.save(update_fields=["status", "decision_reason", "decided_by", "decided_at", "member"])
    user_invite(user=user, invited_by=decided_by)
    return user


@transaction.atomic
def application_reject(*, application: Application, decided_by: User, reason: str) -> Application:
    if not reason.strip():
        raise ValidationError(_("Give a reason for the decision."), code="reason_required")
    locked = _locked_application(application)
    locked.status = Application.Status.REJECTED
    locked.decision_reason = reason
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    queue_email(
        to=[locked.email],
        template="application_rejected",
        context={"first_name": locked.first_name, "chapter": locked.chapter.name},
        language=locked.language,
    )
    return locked


# --- Leadership roles


@transaction.atomic
def role_assign(
    *,
    chapter: Chapter,
    role: Role,
    user: User,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> RoleAssignment:
    if role.chapter_id not in (None, chapter.pk):
        raise ValidationError(_("This role belongs to another chapter."), code="role_other_chapter")
    if not user.memberships.filter(chapter=chapter, status__in=Membership.CURRENT_STATUSES).exists():
        raise ValidationError(_("Only current members of this chapter can hold a role."), code="not_member")
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(_("The end date must be on or after the start date."), code="end_before_start")
    # Lock the person's assignments here so a double submit cannot add the same role twice.
    list(RoleAssignment.objects.select_for_update().filter(chapter=chapter, user=user))
    overlapping = RoleAssignment.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on), chapter=chapter, role=role, user=user
    )
    if overlapping.exists():
        raise ValidationError(
            _("%(name)s already holds this role.") % {"name": user.full_name}, code="already_assigned"
        )
    return RoleAssignment.objects.create(
        chapter=chapter, role=role, user=user, starts_on=starts_on, ends_on=ends_on
    )


@transaction.atomic
def role_end(*, assignment: RoleAssignment, ends_on: datetime.date | None = None) -> RoleAssignment:
    ends_on = ends_on or timezone.localdate()
    locked = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.ends_on is not None and locked.ends_on <= ends_on:
        return locked  # already ended: ending again changes nothing
    locked.ends_on = max(ends_on, locked.starts_on)
    locked.save(update_fields=["ends_on"])
    return locked


@transaction.atomic
def role_create(*, chapter: Chapter, name_nl: str, name_en: str, capabilities: list[str]) -> Role:
    code = slugify(name_en)[:60] or slugify(name_nl)[:60]
    if (
        Role.objects.filter(code=code).filter(chapter=None).exists()
        or chapter.custom_roles.filter(code=code).exists()
    ):
        raise ValidationError(_("A role with this name already exists."), code="role_exists")
    return Role.objects.create(
        chapter=chapter, code=code, name_nl=name_nl, name_en=name_en, capabilities=sorted(capabilities)
    )


# --- Region: new chapters


@dataclass
class NewLeader:
    role: Role
    first_name: str
    last_name: str
    email: str
    classification: Classification


@transaction.atomic
def chapter_create(
    *,
    region: Region,
    name: str,
    slug: str,
    city: str,
    meeting_weekday: int,
    meeting_time: datetime.time,
    venue: str = "",
    leaders: list[NewLeader],
    created_by: User,
) -> Chapter:
    """A region admin starts a chapter with its first leadership team (members from day one)."""
    if Chapter.objects.filter(slug=slug).exists():
        raise ValidationError(_("This web address is already in use."), code="slug_taken")
    if region.chapters.filter(name__iexact=name).exists():
        raise ValidationError(_("The region already has a chapter with this name."), code="name_taken")
    chapter = Chapter.objects.create(
        region=region,
        name=name,
        slug=slug,
        city=city,
        meeting_weekday=meeting_weekday,
        meeting_time=meeting_time,
        venue=venue,
    )
    today = timezone.localdate()
    seen_classifications: set[int] = set()
    for leader in leaders:
        if leader.classification.pk in seen_classifications:
            raise ValidationError(
                _("Two leaders cannot share the classification %(name)s.")
                % {"name": leader.classification.name},
                code="classification_taken",
            )
        seen_classifications.add(leader.classification.pk)
        user = User.objects.filter(email__iexact=leader.email).first()
        is_new = user is None
        if is_new:
            user = User.objects.create_user(
                email=leader.email, first_name=leader.first_name, last_name=leader.last_name
            )
        membership_start(user=user, chapter=chapter, classification=leader.classification)
        RoleAssignment.objects.create(
            chapter=chapter,
            role=leader.role,
            user=user,
            starts_on=today,
            ends_on=_one_term_later(today) - datetime.timedelta(days=1),
        )
        if is_new or not user.has_usable_password():
            user_invite(user=user, invited_by=created_by)
    return chapter


# --- CSV import


@transaction.atomic
def members_import(*, chapter: Chapter, rows: list, imported_by: User) -> int:
    """Create the members of already validated rows (members.csv_io); all of them or none."""
    for row in rows:
        user = User.objects.create_user(
            email=row.email,
            first_name=row.first_name,
            last_name=row.last_name,
            company=row.company,
            phone=row.phone,
            website=row.website,
        )
        membership_start(
            user=user,
            chapter=chapter,
            classification=row.classification,
            starts_on=row.starts_on,
            renewal_due_on=row.renewal_due_on,
            sponsor=row.sponsor,
        )
        user_invite(user=user, invited_by=imported_by)
    return len(rows)
