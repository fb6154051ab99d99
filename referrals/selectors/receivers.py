"""Whom a member can pass a referral to."""

from django.db.models import (
    Count,
    Q,
    QuerySet,
)

from chapters.models import Chapter
from members.models import Membership, User


def receiver_candidates(*, giver: User, chapter: Chapter, text: str, limit: int = 8) -> QuerySet[Membership]:
    """Current members of the giver's region matching a few letters of name, company or classification.

    Own chapter first; never the giver.
    """
    terms = (
        Membership.objects.current()
        .filter(chapter__region_id=chapter.region_id)
        .exclude(user=giver)
        .select_related("user", "classification", "chapter")
    )
    for word in text.split()[:4]:
        terms = terms.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__company__icontains=word)
            | Q(classification__name_nl__icontains=word)
            | Q(classification__name_en__icontains=word)
        )
    own_first = Count("pk", filter=Q(chapter=chapter))
    return terms.annotate(own=own_first).order_by("-own", "user__first_name", "user__last_name")[:limit]


def region_memberships(*, chapter: Chapter, exclude: User) -> QuerySet[Membership]:
    """Current memberships in the chapter's region but `exclude`'s, with user and chapter."""
    return (
        Membership.objects.current()
        .filter(chapter__region_id=chapter.region_id)
        .exclude(user=exclude)
        .select_related("user", "chapter")
    )


def region_members(*, chapter: Chapter, exclude: User) -> QuerySet[User]:
    return User.objects.filter(
        memberships__chapter__region_id=chapter.region_id,
        memberships__status__in=Membership.CURRENT_STATUSES,
    ).exclude(pk=exclude.pk)
