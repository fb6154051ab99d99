"""Retention of closed slips: their outside contact's details go after the chapter's period.

A slip that is won, lost, no fit or withdrawn keeps its contact for `Chapter.contact_retention_months`
(default 24) after its last status change; then the contact is erased with the same erasure as a
request from the contact (referrals/services/contacts.py). The slip, its status and its counts stay.
"""

import datetime

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from chapters.models import Chapter
from config.dates import months_before
from referrals.models import ContactConsentRequest, Referral
from referrals.services.contacts import ERASED_AFTER_RETENTION, contact_erase

CLOSED_STATUSES = (
    Referral.Status.WON,
    Referral.Status.LOST,
    Referral.Status.NO_FIT,
    Referral.Status.WITHDRAWN,
)
# Slips erased per transaction: a first run on years of data does not hold one long lock.
BATCH = 200


def expired_closed_slips(*, chapter: Chapter, now: datetime.datetime):
    """The chapter's closed third-party slips whose contact is past the retention period."""
    cutoff = months_before(now, chapter.contact_retention_months)
    return (
        Referral.objects.filter(
            giver_chapter=chapter,
            kind=Referral.Kind.THIRD_PARTY,
            status__in=CLOSED_STATUSES,
            contact_erased_at__isnull=True,
        )
        .annotate(closed_at=Coalesce(F("status_changed_at"), F("created_at")))
        .filter(closed_at__lte=cutoff)
        .order_by("pk")
    )


def closed_contacts_erase_expired(*, now: datetime.datetime | None = None) -> int:
    """Erase the contacts of closed slips past their chapter's period. Safe to run again.

    Each batch is one erasure with one entry in the contacts' audit log (the slips' ids, so the
    count): a second run finds nothing left to erase.
    """
    now = now or timezone.now()
    erased = 0
    for chapter in Chapter.objects.order_by("pk"):
        while True:
            with transaction.atomic():
                batch = list(
                    expired_closed_slips(chapter=chapter, now=now).select_for_update(of=("self",))[:BATCH]
                )
                if not batch:
                    break
                # A request still open on a closed slip has nothing left to ask about.
                ContactConsentRequest.objects.filter(
                    referral__in=batch, state=ContactConsentRequest.State.PENDING
                ).update(state=ContactConsentRequest.State.EXPIRED)
                count = contact_erase(
                    chapter=chapter, referrals=batch, by=None, erased_need=ERASED_AFTER_RETENTION
                )
            if not count:  # nothing could be erased: never loop on the same batch
                break
            erased += count
    return erased
