"""Rejected applications are purged 90 days after the decision, with the log scrubbed of the applicant."""

import datetime

from auditlog.models import LogEntry
from django.utils import timezone

from members.models import Application, Objection
from members.services.applications import application_reject
from members.services.retention import applications_purge_expired
from tests.members.helpers import make_application


def test_a_rejected_application_is_purged_after_90_days_and_only_counted(world):
    application = make_application(world.chapter, first_name="Quirina", last_name="Zwartvoet")
    Objection.objects.create(application=application, member=world.alice, reason="Concurrent")
    application_reject(application=application, decided_by=world.carol, reason="Past niet")
    Application.objects.filter(pk=application.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=91)
    )
    recent = make_application(world.chapter, status=Application.Status.REJECTED, decided_at=timezone.now())
    approved = make_application(
        world.chapter,
        status=Application.Status.APPROVED,
        decided_at=timezone.now() - datetime.timedelta(days=200),
    )

    assert applications_purge_expired() == 1

    assert not Application.objects.filter(pk=application.pk).exists()
    assert not Objection.objects.exists()
    assert Application.objects.filter(pk__in=[recent.pk, approved.pk]).count() == 2
    for entry in LogEntry.objects.all():
        assert "Zwartvoet" not in f"{entry.object_repr} {entry.changes} {entry.changes_text}"
    counted = LogEntry.objects.filter(additional_data__chapter_id=world.chapter.pk).latest("pk")
    assert counted.changes["applications_purged"] == ["0", "1"]
    assert applications_purge_expired() == 0
