"""Totals of slips, thank-yous and one-to-ones per member and per chapter."""

import datetime

from django.db import connection
from django.db.models import (
    Count,
    F,
    Q,
    Sum,
)
from django.utils import timezone

from chapters.models import Chapter
from members.models import User
from referrals.models import OneToOne, Referral, ThankYou
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
    per week, month and 6 months. One statement, in SQL: built through the ORM its 15 filtered
    aggregates over three tables cost more Python than the board's slips (bench/pages.py)."""
    today = today or timezone.localdate()
    starts = period_starts(today)
    params = {
        "chapter": chapter.pk,
        "today": today,
        "withdrawn": Referral.Status.WITHDRAWN,
        **{f"{period}_day": start for period, start in starts.items()},
        **{f"{period}_moment": _aware(start) for period, start in starts.items()},
    }
    with connection.cursor() as cursor:
        cursor.execute(_CHAPTER_TOTALS_SQL, params)
        values = cursor.fetchone()
    names = ("given_inside", "given_outside", "received_outside", "thanks", "one_to_ones")
    return {
        period: dict(zip(names, values[index * len(names) : (index + 1) * len(names)], strict=True))
        for index, period in enumerate(starts)
    }


def _chapter_period_totals(period: str) -> str:
    since, day = f"%({period}_moment)s", f"%({period}_day)s"
    return f"""
    COUNT(*) FILTER (WHERE slip.created_at >= {since} AND slip."giver_chapter_id" = %(chapter)s
                       AND slip."receiver_chapter_id" = %(chapter)s),
    COUNT(*) FILTER (WHERE slip.created_at >= {since} AND slip."giver_chapter_id" = %(chapter)s
                       AND slip."receiver_chapter_id" <> %(chapter)s),
    COUNT(*) FILTER (WHERE slip.created_at >= {since} AND slip."receiver_chapter_id" = %(chapter)s
                       AND slip."giver_chapter_id" <> %(chapter)s),
    (SELECT COALESCE(SUM(amount), 0) FROM "{ThankYou._meta.db_table}"
      WHERE "from_chapter_id" = %(chapter)s AND closed_on >= {day}),
    (SELECT COUNT(*) FROM "{OneToOne._meta.db_table}"
      WHERE "chapter_id" = %(chapter)s AND met_on BETWEEN {day} AND %(today)s)"""


# The lower bounds let the (chapter, date) indexes skip the chapter's older years.
_CHAPTER_TOTALS_SQL = f"""
SELECT {", ".join(_chapter_period_totals(period) for period in ("week", "month", "six_months"))}
  FROM "{Referral._meta.db_table}" slip
 WHERE (slip."giver_chapter_id" = %(chapter)s OR slip."receiver_chapter_id" = %(chapter)s)
   AND slip.created_at >= %(six_months_moment)s AND slip.status <> %(withdrawn)s
"""
