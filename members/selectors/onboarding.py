"""Onboarding checklists: the chapter's new members for the mentor coordinator, and my own."""

import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from chapters.models import Chapter
from members.models import Membership, Onboarding, OnboardingItem, User

# How long a finished onboarding stays on the coordinator's page.
SHOWN_DAYS = 180


def chapter_onboardings(*, chapter: Chapter) -> QuerySet[Onboarding]:
    since = timezone.localdate() - datetime.timedelta(days=SHOWN_DAYS)
    return (
        chapter.onboardings.filter(membership__status__in=Membership.CURRENT_STATUSES, started_on__gte=since)
        .select_related("membership__user", "mentor")
        .prefetch_related(Prefetch("items", queryset=OnboardingItem.objects.select_related("done_by")))
    )


def my_onboarding(user: User) -> Onboarding | None:
    """The current term's onboarding while it has open items, with its items; None otherwise."""
    onboarding = (
        Onboarding.objects.filter(
            membership__user=user,
            membership__status__in=Membership.CURRENT_STATUSES,
            items__done_on__isnull=True,
        )
        .select_related("mentor")
        .prefetch_related("items")
        .first()
    )
    return onboarding


def mentees_items(user: User) -> QuerySet[OnboardingItem]:
    """Open items of the new members `user` mentors."""
    return OnboardingItem.objects.filter(
        onboarding__mentor=user,
        onboarding__membership__status__in=Membership.CURRENT_STATUSES,
        done_on__isnull=True,
    ).select_related("onboarding__membership__user")
