"""Applications for membership: submit, interview, approve or reject."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from chapters.models import Chapter
from config.cache import changed
from members.capabilities import Capability
from members.emails import queue_email
from members.models import (
    Application,
    Classification,
    User,
)
from members.selectors.memberships import users_with_capability
from members.services.classifications import _check_classification_open
from members.services.memberships import membership_start
from members.services.users import user_invite
from referrals.models import Notice


def _notify_committee(application: Application) -> None:
    """A notice in the app and an email to everyone who decides applications, in their language.

    Notices are rows of referrals.models (the data layer, which members may write); the notice
    service itself lives in referrals, a layer above, so it is not called from here.
    """
    chapter = application.chapter
    path = reverse("application_detail", kwargs={"chapter_slug": chapter.slug, "pk": application.pk})
    for user in users_with_capability(chapter, Capability.REVIEW_APPLICATIONS):
        with override(user.language):
            if application.classification:
                profession = application.classification.name
            else:
                profession = _("in their own words: %(profession)s") % {"profession": application.profession}
            text = _("New application: %(name)s (%(profession)s)") % {
                "name": application.full_name,
                "profession": profession,
            }
        Notice.objects.create(user=user, text=text[:300], url=path)
        queue_email(
            to=[user.email],
            template="application_committee_notice",
            context={
                "name": application.full_name,
                "company": application.company,
                "profession": profession,
                "chapter": chapter.name,
                "path": path,
            },
            language=user.language,
        )
        changed(users=[user.pk])  # the notice badge


def application_submit(
    *,
    chapter: Chapter,
    classification: Classification | None,
    first_name: str,
    last_name: str,
    email: str,
    company: str,
    references: str,
    phone: str = "",
    website: str = "",
    motivation: str = "",
    language: str = "nl",
    profession: str = "",
) -> Application:
    """A visitor applies, for an open classification or with a profession in their own words; the
    committee is told. Sending the same form twice keeps the first application."""
    email = User.objects.normalize_email(email).lower()
    existing = chapter.applications.filter(email__iexact=email, status__in=Application.OPEN_STATUSES).first()
    if existing:
        return existing
    if classification is not None:
        _check_classification_open(chapter=chapter, classification=classification)
        profession = ""
    elif not profession.strip():
        raise ValidationError(
            _("Choose your profession from the list, or describe it here if none of them fits."),
            code="profession_required",
        )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                chapter=chapter,
                classification=classification,
                profession=profession.strip(),
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
            _notify_committee(application)
    except IntegrityError:
        # The same form arrived twice at the same moment: the first one stands.
        return chapter.applications.get(email__iexact=email, status__in=Application.OPEN_STATUSES)
    return application


def _locked_application(application: Application) -> Application:
    locked = (
        Application.objects.select_for_update(of=("self",))
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
    if classification is None:
        raise ValidationError(
            _("Choose the classification for this applicant first."), code="classification_missing"
        )
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


@transaction.atomic
def application_classify(*, application: Application, classification: Classification) -> Application:
    """The committee maps an applicant's own words (or a changed mind) to an open classification."""
    locked = _locked_application(application)
    _check_classification_open(chapter=locked.chapter, classification=classification)
    locked.classification = classification
    locked.save(update_fields=["classification"])
    return locked
