"""Renewal requests waiting for the VP, a member's own request, and terms ending soon."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from chapters.models import Chapter
from members.models import Membership, RenewalRequest


def pending_renewal_requests(*, chapter: Chapter) -> QuerySet[RenewalRequest]:
    return chapter.renewal_requests.filter(status=RenewalRequest.Status.PENDING).select_related(
        "membership__user", "membership__classification", "requested_by"
    )


def decided_renewal_requests(*, chapter: Chapter) -> QuerySet[RenewalRequest]:
    return (
        chapter.renewal_requests.exclude(status=RenewalRequest.Status.PENDING)
        .select_related("membership__user", "decided_by", "renewed_term")
        .order_by("-decided_at", "-pk")
    )


def latest_renewal_request(*, membership: Membership) -> RenewalRequest | None:
    """The term's open request, else its latest declined one (the member sees why they must ask again)."""
    requests = membership.renewal_requests.select_related("decided_by")
    return (
        requests.exclude(status=RenewalRequest.Status.DECLINED).first()
        or requests.order_by("-decided_at").first()
    )


def terms_ending_within(
    *, days: int, today: datetime.date | None = None, chapter: Chapter | None = None
) -> QuerySet[Membership]:
    """Current terms whose renewal date falls in the next `days` days (today included): the people
    the renewal reminders are for (an approved renewal ends the term, so they drop out)."""
    today = today or timezone.localdate()
    terms = Membership.objects.current().filter(
        renewal_due_on__range=(today, today + datetime.timedelta(days=days))
    )
    if chapter is not None:
        terms = terms.filter(chapter=chapter)
    return terms.select_related("user", "chapter").order_by("renewal_due_on", "pk")
