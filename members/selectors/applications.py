"""Open and decided applications for membership."""

from django.db.models import QuerySet

from chapters.models import Chapter
from members.models import Application


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
