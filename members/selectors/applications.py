"""Open and decided applications for membership."""

from django.db.models import QuerySet
from django.utils import timezone

from chapters.models import Chapter
from members.models import Application, Objection, User


def open_applications(*, chapter: Chapter) -> QuerySet[Application]:
    return (
        chapter.applications.filter(status__in=Application.OPEN_STATUSES)
        .select_related("classification")
        .order_by("created_at")
    )


def decided_applications(*, chapter: Chapter) -> QuerySet[Application]:
    return (
        chapter.applications.exclude(status__in=Application.OPEN_STATUSES)
        .select_related("classification", "decided_by")
        .order_by("-decided_at")
    )


def proposed_applications(*, chapter: Chapter) -> QuerySet[Application]:
    """Applicants the committee proposed whose objection window is still open, soonest closing first."""
    return (
        chapter.applications.filter(status=Application.Status.PROPOSED, objections_until__gt=timezone.now())
        .select_related("classification")
        .order_by("objections_until")
    )


def objected_ids(*, chapter: Chapter, user: User) -> set[int]:
    return set(
        Objection.objects.filter(application__chapter=chapter, member=user).values_list(
            "application_id", flat=True
        )
    )
