"""Retention of membership applications: a rejected application is purged 90 days after the decision.

The application and its objections are deleted; what the audit log kept of them (the applicant's
fields, their name as the entry's title) is scrubbed, and one entry on the chapter counts the purge.
"""

import datetime

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from config.cache import changed
from members.audit import record_retention, scrub_logged_fields
from members.models import Application, Objection

APPLICATION_RETENTION = datetime.timedelta(days=90)
APPLICATION_PERSONAL_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "company",
    "website",
    "profession",
    "references",
    "motivation",
    "interview_notes",
    "early_approval_reason",
    "decision_reason",
)


def expired_applications(*, now: datetime.datetime):
    return Application.objects.filter(
        status=Application.Status.REJECTED, decided_at__lte=now - APPLICATION_RETENTION
    ).order_by("pk")


def applications_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete rejected applications decided more than 90 days ago. Safe to run again."""
    now = now or timezone.now()
    purged = 0
    chapter_ids = set(expired_applications(now=now).values_list("chapter_id", flat=True))
    for chapter_id in sorted(chapter_ids):
        with transaction.atomic():
            applications = list(
                expired_applications(now=now)
                .filter(chapter_id=chapter_id)
                .select_for_update(of=("self",))
                .select_related("chapter")
            )
            if not applications:
                continue
            chapter = applications[0].chapter
            pks = [application.pk for application in applications]
            with override(chapter.language):
                erased_name = _("(purged application)")
            scrub_logged_fields(
                Application,
                pks=pks,
                fields=list(APPLICATION_PERSONAL_FIELDS),
                replacement="",
                object_repr=erased_name,
            )
            objection_pks = list(
                Objection.objects.filter(application_id__in=pks).values_list("pk", flat=True)
            )
            scrub_logged_fields(
                Objection,
                pks=objection_pks,
                fields=["application"],
                replacement=erased_name,
                object_repr=erased_name,
            )
            # The deletion itself is not logged row by row: that entry would copy the applicant's fields.
            with disable_auditlog():
                Application.objects.filter(pk__in=pks).delete()
            record_retention(chapter=chapter, count_name="applications_purged", count=len(pks))
            changed(chapters=[chapter.pk])
            purged += len(pks)
    return purged
