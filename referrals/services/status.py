"""A referral's status changes (won, lost, ...) and the reminders for untouched slips."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.audit import record_update
from members.models import MailTopic, User
from members.selectors.preferences import wants_email
from referrals.cache import referral_changed
from referrals.emails import queue_referral_email
from referrals.models import (
    Referral,
    ReferralStatusChange,
    Testimonial,
)
from referrals.services.notices import notify, notify_about_slip

REMINDER_AFTER = datetime.timedelta(days=3)


class StaleStatus(ValidationError):
    """Someone else (another tab) moved the referral first."""


def referral_set_status(
    *, referral: Referral, by: User, to_status: str, expected_status: str, note: str = "", at=None
) -> Referral:
    """The receiver moves a referral along its pipeline: only forward, or to lost / no fit."""
    if referral.receiver_id != by.pk:
        raise ValidationError(_("Only the member who received the referral can update its progress."))
    if referral.is_lead:
        raise ValidationError(
            _("The giver still has to ask this contact for consent; you cannot act on it yet.")
        )
    if to_status == Referral.Status.LOST and not note.strip():
        raise ValidationError({"note": _("Say why the referral was lost.")})
    probe = Referral(status=expected_status, kind=referral.kind, consent=referral.consent)
    if to_status not in probe.next_statuses():
        raise ValidationError(_("A referral can only move forward, or to lost or no fit."))
    now = at or timezone.now()
    with transaction.atomic():
        # Conditional update: two tabs racing cannot both move it from the same state.
        moved = Referral.objects.filter(pk=referral.pk, status=expected_status).update(
            status=to_status,
            status_changed_at=now,
            lost_reason=note.strip()[:500] if to_status == Referral.Status.LOST else "",
            updated_at=now,
        )
        if not moved:
            referral.refresh_from_db()
            raise StaleStatus(
                _(
                    "Someone already changed this referral to “%(status)s”; the page now shows the latest state."
                )
                % {"status": referral.get_status_display()}
            )
        record_update(referral, changes={"status": (expected_status, to_status)})
        referral_changed(referral)
        ReferralStatusChange.objects.create(
            referral=referral,
            from_status=expected_status,
            to_status=to_status,
            changed_by=by,
            changed_at=now,
            note=note.strip()[:500],
        )
        referral.refresh_from_db()
        if to_status in (Referral.Status.WON, Referral.Status.LOST):
            _notify_giver_of_outcome(referral)
        if to_status == Referral.Status.WON:
            _invite_testimonial(referral)
    return referral


def _notify_giver_of_outcome(referral: Referral) -> None:
    notify_about_slip(
        user=referral.giver,
        referral=referral,
        template="referral_outcome",
        kind="referral_won" if referral.status == Referral.Status.WON else "referral_lost",
        params={"name": referral.receiver.full_name},
    )


def _invite_testimonial(referral: Referral) -> None:
    """A won slip: invite the giver to write a testimonial about the receiver's work.

    The testimonial is the evidence that lets their next slip to that member be a recommendation
    from experience. Not when they wrote one already, nor across chapters (testimonials are given
    inside the chapter).
    """
    giver, receiver = referral.giver, referral.receiver
    if referral.is_cross_chapter:
        return
    if Testimonial.objects.filter(given_by=giver, given_to=receiver).exists():
        return
    notify(
        user=giver,
        kind="testimonial_invite",
        params={"name": receiver.full_name},
        template="testimonial_invite",
        url=f"{reverse('testimonials')}?to={receiver.pk}",
        context={
            "giver": giver.first_name,
            "receiver": receiver.full_name,
            "receiver_first_name": receiver.first_name,
        },
    )


def referrals_send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind receivers of new referrals nobody touched for 3 days. Safe to run again: one reminder each."""
    now = now or timezone.now()
    due = (
        Referral.objects.filter(
            status=Referral.Status.NEW, reminded_at__isnull=True, created_at__lte=now - REMINDER_AFTER
        )
        .filter(Q(kind=Referral.Kind.OWN_BUSINESS) | ~Q(consent__in=Referral.LEAD_CONSENTS))
        .select_related("giver", "receiver")
    )
    sent = 0
    for referral in due:
        with transaction.atomic():
            # Conditional update: a second run (or worker) racing this one sends nothing twice.
            if not Referral.objects.filter(pk=referral.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            if wants_email(referral.receiver, MailTopic.REFERRALS):
                queue_referral_email(
                    referral=referral, recipient=referral.receiver, template="referral_reminder"
                )
            sent += 1
    return sent
