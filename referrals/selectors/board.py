"""The chapter board: what was passed since the last meeting."""

import datetime
from decimal import Decimal

from django.db.models import (
    Q,
)
from django.utils import timezone

from chapters.models import Chapter
from referrals.models import Referral, ThankYou
from referrals.selectors.balance import _aware
from referrals.selectors.totals import chapter_totals


def last_meeting_day(chapter: Chapter, today: datetime.date | None = None) -> datetime.date:
    """The most recent meeting day before today (the referrals round reads out what passed since)."""
    today = today or timezone.localdate()
    days_back = (today.weekday() - chapter.meeting_weekday) % 7 or 7
    return today - datetime.timedelta(days=days_back)


def board_context(*, chapter: Chapter, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    since = last_meeting_day(chapter, today)
    in_chapter = Q(giver_chapter=chapter) | Q(receiver_chapter=chapter)
    referrals = (
        Referral.objects.filter(in_chapter, created_at__gte=_aware(since))
        .exclude(status=Referral.Status.WITHDRAWN)
        .select_related("giver", "receiver", "giver_chapter", "receiver_chapter")
        .order_by("giver__first_name", "created_at")
    )
    thanks = (
        ThankYou.objects.filter(
            Q(from_chapter=chapter) | Q(to_chapter=chapter), created_at__gte=_aware(since)
        )
        .select_related("thanked_by", "thanked", "to_chapter", "from_chapter")
        .order_by("thanked_by__first_name", "created_at")
    )
    leads = (
        Referral.objects.filter(
            giver_chapter=chapter,
            kind=Referral.Kind.THIRD_PARTY,
            consent=Referral.Consent.NONE,
            status=Referral.Status.NEW,
        )
        .select_related("giver", "receiver")
        .order_by("created_at")
    )
    round_thanks = list(thanks[:200])
    return {
        "since": since,
        "round_referrals": list(referrals[:200]),
        "round_thanks": round_thanks,
        "round_thanks_total": sum((t.amount for t in round_thanks), Decimal(0)),
        "leads": list(leads[:50]),
        "totals": chapter_totals(chapter=chapter, today=today),
    }
