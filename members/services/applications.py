"""Applications for membership: submit, interview, approve or reject."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from chapters.models import Chapter, Visitor
from config.cache import changed
from members.capabilities import Capability
from members.emails import queue_email
from members.models import (
    Application,
    Classification,
    Objection,
    User,
)
from members.selectors.classifications import open_classifications
from members.selectors.memberships import current_members, users_with_capability
from members.services.classifications import _check_classification_open
from members.services.memberships import membership_start
from members.services.onboarding import onboarding_start
from members.services.users import user_invite
from referrals.models import Notice


def _notify_committee(application: Application) -> None:
    """A notice in the app and an email to everyone who decides applications, in their language.

    Notices are rows of referrals.models (the data layer, which members may write); the notice
    service itself lives in referrals, a layer above, so it is not called from here.
    """
    chapter = application.chapter
    path = reverse("application_detail", kwargs={"chapter_slug": chapter.slug, "pk": application.pk})
    if application.classification:
        kind, params = "application_new", {"profession": application.classification.name}
    else:
        kind, params = "application_new_own_words", {"profession": application.profession}
    params["name"] = application.full_name
    for user in users_with_capability(chapter, Capability.REVIEW_APPLICATIONS):
        with override(user.language):
            if application.classification:
                profession = application.classification.name
            else:
                profession = _("in their own words: %(profession)s") % {"profession": application.profession}
        Notice.objects.create(user=user, kind=kind, params=params, url=path)
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
    if locked.status == Application.Status.PENDING:
        locked.status = Application.Status.INTERVIEWED  # a proposed applicant stays proposed
    locked.save(update_fields=["interview_notes", "interviewed_on", "status"])
    return locked


@transaction.atomic
def application_propose(*, application: Application, proposed_by: User) -> Application:
    """The committee proposes to approve: current members see the applicant and may object until
    the chapter's window (`Chapter.objection_window_days`) has passed."""
    locked = _locked_application(application)
    if locked.status == Application.Status.PROPOSED:
        return locked  # proposing twice keeps the first window
    chapter, classification = locked.chapter, locked.classification
    if classification is None:
        raise ValidationError(
            _("Choose the classification for this applicant first."), code="classification_missing"
        )
    _check_classification_open(chapter=chapter, classification=classification)
    now = timezone.now()
    locked.status = Application.Status.PROPOSED
    locked.proposed_at = now
    locked.proposed_by = proposed_by
    locked.objections_until = now + datetime.timedelta(days=chapter.objection_window_days)
    locked.save(update_fields=["status", "proposed_at", "proposed_by", "objections_until"])
    _notify_members_of_proposal(locked)
    return locked


def _notify_members_of_proposal(application: Application) -> None:
    """Every current member gets an in-app notice that links to the page where they may object."""
    chapter = application.chapter
    path = reverse("proposals", kwargs={"chapter_slug": chapter.slug})
    params = {
        "name": application.full_name,
        "classification": application.classification.name,
        "until": timezone.localtime(application.objections_until).date().isoformat(),
    }
    notices = [
        Notice(user=user, kind="application_proposed", params=params, url=path)
        for user in current_members(chapter).only("pk")
    ]
    Notice.objects.bulk_create(notices)
    changed(chapters=[chapter.pk], users=[notice.user_id for notice in notices])  # their notice badge


def _check_ready_to_approve(locked: Application, early_reason: str) -> None:
    chapter = locked.chapter
    if chapter.interview_required and locked.interviewed_on is None:
        raise ValidationError(
            _("Record the interview before approving; this chapter requires one."), code="interview_required"
        )
    if locked.status != Application.Status.PROPOSED:
        raise ValidationError(
            _("Propose the applicant to the members first, so they can object."), code="not_proposed"
        )
    if timezone.now() < locked.objections_until and not early_reason.strip():
        raise ValidationError(
            _(
                "Members may object until %(until)s. To approve earlier, give the reason for not "
                "waiting; it is recorded with the decision."
            ),
            code="window_open",
            params={"until": formats.date_format(timezone.localtime(locked.objections_until), "j F Y H:i")},
        )


@transaction.atomic
def application_approve(
    *,
    application: Application,
    decided_by: User,
    reason: str = "",
    sponsor: User | None = None,
    starts_on: datetime.date | None = None,
    early_reason: str = "",
) -> User:
    """Admit a proposed applicant after the objection window (or earlier with a recorded reason),
    with an interview unless the chapter waives it: one member and one invitation, even when two
    people approve at once."""
    locked = _locked_application(application)  # the second approver waits here, then sees "decided"
    chapter, classification = locked.chapter, locked.classification
    if classification is None:
        raise ValidationError(
            _("Choose the classification for this applicant first."), code="classification_missing"
        )
    _check_classification_open(chapter=chapter, classification=classification)
    _check_ready_to_approve(locked, early_reason)
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
    term = membership_start(
        user=user, chapter=chapter, classification=classification, starts_on=starts_on, sponsor=sponsor
    )
    onboarding_start(membership=term)
    locked.status = Application.Status.APPROVED
    locked.decision_reason = reason
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.member = user
    if timezone.now() < locked.objections_until:
        locked.early_approval_reason = early_reason.strip()
    locked.save(
        update_fields=[
            "status",
            "decision_reason",
            "decided_by",
            "decided_at",
            "member",
            "early_approval_reason",
        ]
    )
    changed(chapters=[chapter.pk])  # the proposal leaves the members' homes
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
    changed(chapters=[locked.chapter_id])  # a rejected proposal leaves the members' homes
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


def objection_file(*, application: Application, member: User, reason: str) -> Objection:
    """A current member objects to a proposed applicant, within the window; the committee reads it."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for your objection."), code="reason_required")
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("chapter")
            .get(pk=application.pk)
        )
        chapter = locked.chapter
        if not chapter.memberships.current().filter(user=member).exists():
            raise ValidationError(
                _("Only current members of %(chapter)s can object."),
                code="not_a_member",
                params={"chapter": chapter.name},
            )
        if locked.status != Application.Status.PROPOSED or timezone.now() >= locked.objections_until:
            raise ValidationError(
                _(
                    "The objection window for %(name)s has closed. If you still have a concern, "
                    "speak to the membership committee directly."
                ),
                code="window_closed",
                params={"name": locked.full_name},
            )
        try:
            with transaction.atomic():
                objection = Objection.objects.create(application=locked, member=member, reason=reason.strip())
        except IntegrityError:
            raise ValidationError(
                _("You have already objected to %(name)s."),
                code="already_objected",
                params={"name": locked.full_name},
            ) from None
        changed(chapters=[chapter.pk], users=[member.pk])
    return objection


def application_from_visitor(*, visitor: Visitor) -> Application:
    """A visitor in the pipeline becomes an application in one click, prefilled from their visit: the
    classification when their profession names an open one, else their own words for the committee
    to map. References follow at the interview. Clicking twice keeps the one open application."""
    chapter = visitor.chapter
    profession = visitor.profession.strip()
    classification = (
        open_classifications(chapter)
        .filter(Q(name_nl__iexact=profession) | Q(name_en__iexact=profession))
        .first()
    )
    application = application_submit(
        chapter=chapter,
        classification=classification,
        first_name=visitor.first_name,
        last_name=visitor.last_name,
        email=visitor.email,
        company=visitor.company,
        references="",
        phone=visitor.phone,
        profession="" if classification else profession or visitor.company,
    )
    Visitor.objects.filter(pk=visitor.pk).exclude(status=Visitor.Status.APPLIED).update(
        status=Visitor.Status.APPLIED
    )
    changed(chapters=[chapter.pk])
    return application
