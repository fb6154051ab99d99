"""Builders for this app's tests (the shared ones are in tests/factories.py)."""

import datetime
import itertools

from django.utils import timezone

from chapters.models import Chapter
from members.models import Application, Classification
from tests import factories

_counter = itertools.count(1)


def make_application(chapter: Chapter, classification: Classification | None = None, **fields) -> Application:
    n = next(_counter)
    defaults = {
        "first_name": "Vera",
        "last_name": f"Visser{n}",
        "email": f"vera.{n}@example.nl",
        "company": f"Visser {n} Advies",
        "references": "Jan (06-12345678), Petra (petra@example.nl)",
        "consent_given_at": timezone.now(),
    }
    defaults.update(fields)
    return Application.objects.create(
        chapter=chapter, classification=classification or factories.make_classification(), **defaults
    )


def make_ready_application(
    chapter: Chapter, classification: Classification | None = None, **fields
) -> Application:
    """Interviewed and proposed, with the objection window over: ready to approve."""
    now = timezone.now()
    defaults = {
        "status": Application.Status.PROPOSED,
        "interviewed_on": timezone.localdate() - datetime.timedelta(days=10),
        "interview_notes": "Goed gesprek.",
        "proposed_at": now - datetime.timedelta(days=8),
        "objections_until": now - datetime.timedelta(days=1),
    }
    defaults.update(fields)
    return make_application(chapter, classification, **defaults)
