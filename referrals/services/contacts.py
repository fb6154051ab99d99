"""Outside contacts' data (GDPR): export and erase."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy, override

from chapters.models import Chapter
from config.cache import changed
from config.exports import Exporter
from members.audit import record_update
from members.models import User
from referrals.models import (
    ContactAuditEntry,
    Referral,
)


def contact_export(*, chapter: Chapter, referrals: list[Referral], by: User) -> list[dict]:
    """All we hold about one outside contact, and an audit entry saying who took it."""
    rows = [
        {
            "referral": referral.pk,
            "given_at": referral.created_at.isoformat(),
            "from": referral.giver.full_name,
            "to": referral.receiver.full_name,
            "name": referral.contact_name,
            "company": referral.contact_company,
            "phone": referral.contact_phone,
            "email": referral.contact_email,
            "need": referral.need,
            "consent": referral.consent,
            "consent_recorded_at": referral.consent_recorded_at.isoformat()
            if referral.consent_recorded_at
            else "",
            "status": referral.status,
        }
        for referral in referrals
    ]
    ContactAuditEntry.objects.create(
        chapter=chapter,
        action=ContactAuditEntry.Action.EXPORT,
        performed_by=by,
        referral_ids=[referral.pk for referral in referrals],
        description=_contact_description(referrals),
    )
    return rows


class ContactExporter(Exporter):
    """One outside contact's rows from `contact_export` as CSV: a column per field, a row per slip."""

    csv_delimiter = ","
    csv_bom = False

    def __init__(self, rows: list[dict], filename: str):
        self.filename = filename
        self.contact_rows = rows

    def download_name(self, extension: str) -> str:
        return f"{self.filename}.{extension}"

    def headers(self) -> list:
        return list(self.contact_rows[0]) if self.contact_rows else []

    def rows(self) -> list[list]:
        return [list(row.values()) for row in self.contact_rows]


def _contact_description(referrals: list[Referral]) -> str:
    return ", ".join(f"#{referral.pk}" for referral in referrals)[:200]


ERASED_NEED = gettext_lazy("(erased at the contact's request)")


def contact_erase(*, chapter: Chapter, referrals: list[Referral], by: User | None) -> int:
    """Anonymise the contact on every slip that names them; the slips (and so the counts) stay.

    `by` None: the contact themself (their consent page) or the expiry of their consent request.
    """
    now = timezone.now()
    with transaction.atomic():
        ids = [referral.pk for referral in referrals]
        with override("nl"):
            need = str(ERASED_NEED)
        erased = Referral.objects.filter(pk__in=ids, kind=Referral.Kind.THIRD_PARTY).update(
            contact_name="",
            contact_company="",
            contact_phone="",
            contact_email="",
            need=need,
            contact_erased_at=now,
            updated_at=now,
        )
        for referral in referrals:
            # Only that the contact was erased: the old values must not live on in the log.
            record_update(referral, changes={"contact_erased_at": (None, now)})
            changed(
                chapters=[referral.giver_chapter_id, referral.receiver_chapter_id],
                users=[referral.giver_id, referral.receiver_id],
            )
        ContactAuditEntry.objects.create(
            chapter=chapter,
            action=ContactAuditEntry.Action.ERASE,
            performed_by=by,
            performed_at=now,
            referral_ids=ids,
            description=_contact_description(referrals),
        )
    return erased
