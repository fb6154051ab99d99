"""The privacy page: what Kring keeps about whom, for how long, and how to get it or have it erased.

Public (contacts and visitors have no account); the periods are read from the code that enforces
them, so the text cannot promise what the daily jobs do not do.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from chapters.models import Chapter
from chapters.services.retention import VISITOR_RETENTION
from config.backup import BACKUP_KEEP_DAYS
from config.tasks import FINISHED_TASKS_KEPT
from members.services.retention import APPLICATION_RETENTION
from referrals.models import ContactConsentRequest


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    context = {
        "contact_months": Chapter._meta.get_field("contact_retention_months").default,
        "consent_days": ContactConsentRequest.VALID_DAYS,
        "visitor_days": VISITOR_RETENTION.days,
        "application_days": APPLICATION_RETENTION.days,
        "former_member_months": Chapter._meta.get_field("former_member_retention_months").default,
        "backup_days": BACKUP_KEEP_DAYS,
        "task_days": FINISHED_TASKS_KEPT.days,
    }
    return render(request, "referrals/privacy.html", context)
