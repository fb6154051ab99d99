"""Outside contacts' data (GDPR): export and erase."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, override

from chapters.models import Chapter
from config.cache import changed
from config.exports import Exporter
from members.audit import record_update, scrub_logged_fields
from members.models import User
from referrals.cache import referral_changed
from referrals.models import (
    ContactAuditEntry,
    Notice,
    Referral,
    ReferralCorrection,
    ReferralStatusChange,
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
ERASED_AFTER_RETENTION = gettext_lazy("(erased after the retention period)")
# What names the contact on a slip, in its own fields and in the snapshots a correction keeps.
SCRUBBED_FIELDS = ("need", *Referral.CONTACT_FIELDS)


def contact_erase(
    *, chapter: Chapter, referrals: list[Referral], by: User | None, erased_need=ERASED_NEED
) -> int:
    """Anonymise the contact on every slip that names them; the slips (and so the counts) stay.

    `by` None: the contact themself (their consent page), the expiry of their consent request or
    the retention period of closed slips (which passes its own `erased_need`).

    The erasure reaches every row the contact's data was copied into: the corrections' before and
    after snapshots and reasons, the status notes and the reason a slip was lost (free text that
    may name them), the audit log's before/after pairs and the notices about the slip. Emails
    about a slip are queued with ids only and rendered when sent (referrals/emails.py); finished
    task rows are pruned daily (config/tasks.py). Backups age out after 30 days
    (docs/security.md, "Erasure of an outside contact").
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Referral.objects.select_for_update()
            .filter(pk__in=[referral.pk for referral in referrals], kind=Referral.Kind.THIRD_PARTY)
            .values_list("pk", flat=True)
        )
        with override("nl"):
            erased_text = str(erased_need)
        erased = Referral.objects.filter(pk__in=ids).update(
            **dict.fromkeys(Referral.CONTACT_FIELDS, ""),
            need=erased_text,
            contact_erased_at=now,
            updated_at=now,
        )
        Referral.objects.filter(pk__in=ids).exclude(lost_reason="").update(lost_reason=erased_text)
        ReferralStatusChange.objects.filter(referral_id__in=ids).exclude(note="").update(note=erased_text)
        for correction in ReferralCorrection.objects.filter(referral_id__in=ids):
            correction.reason = erased_text
            correction.before = _scrubbed_snapshot(correction.before, erased_text)
            correction.after = _scrubbed_snapshot(correction.after, erased_text)
            correction.save(update_fields=["reason", "before", "after"])
        scrub_logged_fields(
            Referral, pks=ids, fields=[*SCRUBBED_FIELDS, "lost_reason"], replacement=erased_text
        )
        _scrub_notices(ids)
        for referral in referrals:
            if referral.pk not in ids:
                continue
            # Only that the contact was erased: the old values must not live on in the log.
            record_update(referral, changes={"contact_erased_at": (None, now)})
            referral_changed(referral, logins=True)
        ContactAuditEntry.objects.create(
            chapter=chapter,
            action=ContactAuditEntry.Action.ERASE,
            performed_by=by,
            performed_at=now,
            referral_ids=ids,
            description=_contact_description(referrals),
        )
    return erased


def _scrubbed_snapshot(snapshot: dict, erased_text: str) -> dict:
    """A correction's snapshot with the need and contact erased; the other fields (status, temperature) stay."""
    scrubbed = dict(snapshot)
    for field in SCRUBBED_FIELDS:
        if scrubbed.get(field):
            scrubbed[field] = erased_text if field == "need" else ""
    return scrubbed


def _scrub_notices(ids: list[int]) -> None:
    """Notices about these slips written before notices stopped copying the need ("...: <need>"):
    kept as their old text (kind "text") by the migration to kinds."""
    urls = [reverse("referral_detail", kwargs={"pk": pk}) for pk in ids]
    users = set()
    for notice in Notice.objects.filter(url__in=urls, kind="text"):
        text = str(notice.params.get("text", ""))
        if ": " not in text:
            continue
        notice.params = {"text": text.partition(": ")[0]}
        notice.save(update_fields=["params"])
        users.add(notice.user_id)
    if users:
        changed(users=list(users))
