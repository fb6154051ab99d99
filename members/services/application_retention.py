"""Rejected applications are deleted after a retention period, as the application's consent promises."""

import datetime

from auditlog.context import disable_auditlog
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from config.cache import changed
from members.audit import rename_in_log, scrub_logged_fields
from members.models import Application

# How long a rejected application is kept (questions, an appeal), then deleted as the consent promises.
REJECTED_RETENTION_DAYS = 90
APPLICATION_DATA_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "company",
    "website",
    "references",
    "motivation",
    "profession",
    "interview_notes",
    "decision_reason",
)


def applications_purge_rejected(*, today: datetime.date | None = None) -> int:
    """Delete rejected applications decided more than REJECTED_RETENTION_DAYS ago, with their
    objections, and blank what the audit log kept of them (run daily; safe to repeat)."""
    now = (
        timezone.now()
        if today is None
        else timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    )
    cutoff = now - datetime.timedelta(days=REJECTED_RETENTION_DAYS)
    with transaction.atomic():
        expired = Application.objects.select_for_update().filter(
            status=Application.Status.REJECTED, decided_at__lt=cutoff
        )
        applications = list(expired.select_related("chapter"))
        if not applications:
            return 0
        pks = [application.pk for application in applications]
        scrub_logged_fields(Application, pks=pks, fields=list(APPLICATION_DATA_FIELDS), replacement="—")
        with override(settings.LANGUAGE_CODE):
            deleted = _("Deleted application #")
        for application in applications:
            # Its own entries and its objections' ("Bob → Vera Visser → Domstad") name it.
            rename_in_log(
                old_names=[str(application), application.email], new_name=f"{deleted}{application.pk}"
            )
        with disable_auditlog():  # a delete entry would copy every field it deletes
            Application.objects.filter(pk__in=pks).delete()
        changed(chapters={application.chapter_id for application in applications})
    return len(applications)
