"""A referral's status changes (won, lost, ...) and the reminders for untouched slips."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from config.cache import changed
from members.audit import record_update
from members.models import MailTopic, User
from members.selectors.preferences import wants_email
from referrals.emails import queue_referral_email
from referrals.models import (
    Referral,
    ReferralStatusChange,
)
from referrals.services.notices import notify_about_slip

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
        changed(
            chapters=[referral.giver_chapter_id, referral.receiver_chapter_id],
            activity_of=[referral.giver_id, referral.receiver_id],
        )
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
    return referral


def _notify_giver_of_outcome(referral: Referral) -> None:
    notify_about_slip(
        user=referral.giver,
        referral=referral,
        template="referral_outcome",
        kind="referral_won" if referral.status == Referral.Status.WON else "referral_lost",
        params={"name": referral.receiver.full_name},
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
