"""Leaving a chapter, and afterwards pseudonymising the former member.

Leaving ends the term today with the member's reason, ends their roles (the seat opens) and
disables their login. Pseudonymising replaces who they were ("Oud-lid #12") and clears how to reach
them, while every row that counts keeps pointing at the same person: slips, thank-yous,
one-to-ones and attendance still add up in the chapter's reports, as they do after a contact's
erasure. The audit log records that it happened, and keeps none of the data.
"""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from config.cache import changed
from members.access import is_region_admin
from members.audit import record_update, rename_in_log, scrub_logged_fields
from members.models import PROFILE_FIELDS, Application, Membership, RenewalRequest, User
from members.services.memberships import _close_term
from referrals.models import Notice

# What pseudonymising blanks on the user (names and email get a stand-in instead).
CLEARED_FIELDS = tuple(name for name in PROFILE_FIELDS if name not in ("first_name", "last_name")) + (
    "weekly_ask",
)
APPLICATION_FIELDS = (
    "phone",
    "company",
    "website",
    "references",
    "motivation",
    "interview_notes",
    "profession",
)
REPLACEMENT = "—"


@transaction.atomic
def membership_leave(*, membership: Membership, reason: str) -> Membership:
    """The member leaves: the term ends today, roles end, open renewal requests lapse, login stops."""
    if not reason.strip():
        raise ValidationError(_("Tell us why you leave; the chapter keeps it with your term."), code="reason")
    term = _close_term(membership=membership, status=Membership.Status.LEFT, reason=reason.strip())
    term.renewal_requests.filter(status=RenewalRequest.Status.PENDING).update(
        status=RenewalRequest.Status.DECLINED,
        decided_at=timezone.now(),
        decision_reason=_("The member left the chapter."),
    )
    User.objects.filter(pk=term.user_id).update(is_active=False)
    changed(chapters=[term.chapter_id], users=[term.user_id])
    return term


def pseudonym(user: User) -> tuple[str, str, str]:
    """First name, last name and email a pseudonymised person gets, in the site's language."""
    with override(settings.LANGUAGE_CODE):
        first_name = _("Former member")
    return first_name, f"#{user.pk}", f"former-member-{user.pk}@pseudonymised.invalid"


def _check_may_pseudonymise(user: User, by: User) -> Membership:
    """The person's last term, which must be over; `by` is a superuser or that region's admin."""
    last_term = user.memberships.select_related("chapter").order_by("-starts_on", "-pk").first()
    if last_term is None:
        raise ValidationError(_("This person was never a member."), code="never_member")
    if user.memberships.current().exists():
        raise ValidationError(
            _("%(name)s is still a member; they must leave first."),
            code="still_member",
            params={"name": user.full_name},
        )
    if not (by.is_superuser or is_region_admin(by, last_term.chapter.region_id)):
        raise PermissionDenied(_("Only the region admin can pseudonymise a former member."))
    return last_term


@transaction.atomic
def user_pseudonymise(*, user: User, by: User) -> User:
    """Replace a former member's personal data by "Former member #id"; doing it twice changes nothing."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.pseudonymised_at is not None:
        return locked
    _check_may_pseudonymise(locked, by)
    pseudonymise_locked(locked)
    # Their name is on other members' pages (slips, thank-yous, one-to-ones): every page forgets it.
    changed(everything=True)
    return locked


def pseudonymise_locked(locked: User) -> None:
    """The pseudonymising itself, on a user row the caller holds locked in its transaction.

    The caller has checked the person may be pseudonymised, and tells the page cache afterwards.
    """
    first_name, last_name, email = pseudonym(locked)
    photo_name = locked.photo.name if locked.photo else ""
    now = timezone.now()
    # A queryset update, so the audit log does not copy the values it removes.
    User.objects.filter(pk=locked.pk).update(
        first_name=first_name,
        last_name=last_name,
        email=email,
        photo="",
        is_active=False,
        password=make_password(None),  # unusable: no login, no password reset
        pseudonymised_at=now,
        **dict.fromkeys(CLEARED_FIELDS, ""),
    )
    applications = Application.objects.filter(member=locked) | Application.objects.filter(
        email__iexact=locked.email
    )
    application_pks = list(applications.values_list("pk", flat=True))
    old_names = {locked.full_name, locked.email}
    old_names.update(application.full_name for application in applications)
    old_names.update(applications.values_list("email", flat=True))
    Application.objects.filter(pk__in=application_pks).update(
        first_name=first_name, last_name=last_name, email=email, **dict.fromkeys(APPLICATION_FIELDS, "")
    )
    Notice.objects.filter(user=locked).delete()
    scrub_logged_fields(
        User,
        pks=[locked.pk],
        fields=[
            "first_name",
            "last_name",
            "email",
            "photo",
            "search_document",
            "networks_document",
            *CLEARED_FIELDS,
        ],
        replacement=REPLACEMENT,
    )
    scrub_logged_fields(
        Application,
        pks=application_pks,
        fields=["first_name", "last_name", "email", *APPLICATION_FIELDS],
        replacement=REPLACEMENT,
    )
    rename_in_log(old_names=sorted(old_names, key=len, reverse=True), new_name=f"{first_name} {last_name}")
    locked.refresh_from_db()
    record_update(locked, changes={"pseudonymised_at": ("", now.isoformat())})
    if photo_name:
        transaction.on_commit(lambda: default_storage.delete(photo_name))
