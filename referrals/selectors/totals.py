"""Totals of slips, thank-yous and one-to-ones per member and per chapter."""

import datetime

from django.db.models import (
    Count,
    F,
    Q,
    Sum,
)
from django.utils import timezone

from chapters.models import Chapter
from members.models import User
from referrals.models import Referral, ThankYou
from referrals.selectors.balance import _aware, month_starts
from referrals.selectors.one_to_ones import one_to_ones_of


def period_starts(today: datetime.date) -> dict[str, datetime.date]:
    return {
        "week": today - datetime.timedelta(days=today.weekday()),
        "month": today.replace(day=1),
        "six_months": month_starts(today)[0],
    }


def member_totals(*, user: User, today: datetime.date | None = None) -> dict:
    """My numbers per week, month and the last 6 months: referrals given/received inside and outside
    the chapter (and how many of them were recommendations from experience), TYFCB thanked to me and
    by me, one-to-ones. Three queries."""
    today = today or timezone.localdate()
    starts = period_starts(today)
    same = Q(giver_chapter=F("receiver_chapter"))
    recommended = Q(recommendation=Referral.Recommendation.RECOMMEND)
    aggregates = {}
    for period, start in starts.items():
        since = Q(created_at__gte=_aware(start))
        aggregates[f"{period}|given_inside"] = Count("pk", filter=since & Q(giver=user) & same)
        aggregates[f"{period}|given_outside"] = Count("pk", filter=since & Q(giver=user) & ~same)
        aggregates[f"{period}|received_inside"] = Count("pk", filter=since & Q(receiver=user) & same)
        aggregates[f"{period}|received_outside"] = Count("pk", filter=since & Q(receiver=user) & ~same)
        aggregates[f"{period}|given_recommended"] = Count("pk", filter=since & Q(giver=user) & recommended)
        aggregates[f"{period}|received_recommended"] = Count(
            "pk", filter=since & Q(receiver=user) & recommended
        )
    counts = (
        Referral.objects.exclude(status=Referral.Status.WITHDRAWN)
        .filter(Q(giver=user) | Q(receiver=user), created_at__gte=_aware(starts["six_months"]))
        .aggregate(**aggregates)
    )
    thanks_aggregates = {}
    for period, start in starts.items():
        since = Q(closed_on__gte=start)
        thanks_aggregates[f"{period}|thanks_received"] = Sum(
            "amount", filter=since & Q(thanked=user), default=0
        )
        thanks_aggregates[f"{period}|thanks_given"] = Sum(
            "amount", filter=since & Q(thanked_by=user), default=0
        )
    thanks = ThankYou.objects.filter(
        Q(thanked=user) | Q(thanked_by=user), closed_on__gte=starts["six_months"]
    ).aggregate(**thanks_aggregates)
    meetings = (
        one_to_ones_of(user)
        .filter(met_on__range=(starts["six_months"], today))
        .aggregate(
            **{
                f"{period}|one_to_ones": Count("pk", filter=Q(met_on__gte=start))
                for period, start in starts.items()
            }
        )
    )
    return _by_period(starts, {**counts, **thanks, **meetings})


def _by_period(starts: dict, values: dict) -> dict[str, dict]:
    result: dict[str, dict] = {period: {} for period in starts}
    for key, value in values.items():
        period, name = key.split("|")
        result[period][name] = value
    return result


def chapter_totals(*, chapter: Chapter, today: datetime.date | None = None) -> dict:
    """The chapter's referrals (given inside/outside, received from outside), TYFCB and one-to-ones
    per week, month and 6 months. Three queries."""
    today = today or timezone.localdate()
    starts = period_starts(today)
    same = Q(giver_chapter=F("receiver_chapter"))
    given_here = Q(giver_chapter=chapter)
    received_here = Q(receiver_chapter=chapter)
    aggregates = {}
    for period, start in starts.items():
        since = Q(created_at__gte=_aware(start))
        aggregates[f"{period}|given_inside"] = Count("pk", filter=since & given_here & same)
        aggregates[f"{period}|given_outside"] = Count("pk", filter=since & given_here & ~same)
        aggregates[f"{period}|received_outside"] = Count("pk", filter=since & received_here & ~same)
    counts = (
        Referral.objects.exclude(status=Referral.Status.WITHDRAWN)
        .filter(given_here | received_here, created_at__gte=_aware(starts["six_months"]))
        .aggregate(**aggregates)
    )
    thanks = ThankYou.objects.filter(
        Q(from_chapter=chapter) | Q(to_chapter=chapter), closed_on__gte=starts["six_months"]
    ).aggregate(
        **{
            f"{period}|thanks": Sum(
                "amount", filter=Q(closed_on__gte=start) & Q(from_chapter=chapter), default=0
            )
            for period, start in starts.items()
        }
    )
    # The lower bound lets the (chapter, met_on) index skip the chapter's older years.
    meetings = chapter.one_to_ones.filter(met_on__range=(starts["six_months"], today)).aggregate(
        **{
            f"{period}|one_to_ones": Count("pk", filter=Q(met_on__gte=start))
            for period, start in starts.items()
        }
    )
    return _by_period(starts, {**counts, **thanks, **meetings})
