"""The chapter board: what was passed since the last meeting."""

import datetime
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
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


# The referrals round reads out every slip: a page is what a reader can take in, never a silent cut.
ROUND_PAGE_SIZE = 100
LEADS_SHOWN = 50


# What a line of the board shows of a slip (its badges included), and of the people on it: the round
# can be a hundred lines, and whole rows of five tables each were most of the board's time.
SLIP_LINE_FIELDS = (
    "giver_chapter",
    "receiver_chapter",
    "kind",
    "consent",
    "status",
    "temperature",
    "recommendation",
    "contact_name",
    "contact_company",
    "contact_erased_at",
    "created_at",
)


def _names(*relations: str) -> list[str]:
    return [f"{relation}__{name}" for relation in relations for name in ("first_name", "last_name")]


def board_context(
    *, chapter: Chapter, today: datetime.date | None = None, referrals_page=1, thanks_page=1
) -> dict:
    today = today or timezone.localdate()
    since = last_meeting_day(chapter, today)
    in_chapter = Q(giver_chapter=chapter) | Q(receiver_chapter=chapter)
    referrals = (
        Referral.objects.filter(in_chapter, created_at__gte=_aware(since))
        .exclude(status=Referral.Status.WITHDRAWN)
        .select_related("giver", "receiver", "giver_chapter")
        .only(*SLIP_LINE_FIELDS, "giver_chapter__name", *_names("giver", "receiver"))
        .order_by("giver__first_name", "created_at")
    )
    thanks = (
        ThankYou.objects.filter(
            Q(from_chapter=chapter) | Q(to_chapter=chapter), created_at__gte=_aware(since)
        )
        .select_related("thanked_by", "thanked")
        .only("amount", "created_at", *_names("thanked_by", "thanked"))
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
        .only("created_at", *_names("giver", "receiver"))
        .order_by("created_at")
    )
    shown_leads = list(leads[:LEADS_SHOWN])
    thanks_summary = thanks.order_by().aggregate(count=Count("pk"), total=Sum("amount"))
    return {
        "since": since,
        "round_referrals": _page(referrals, referrals_page),
        "round_thanks": _page(thanks, thanks_page, count=thanks_summary["count"]),
        "round_thanks_total": thanks_summary["total"] or Decimal(0),
        "leads": shown_leads,
        "leads_count": leads.count() if len(shown_leads) == LEADS_SHOWN else len(shown_leads),
        "totals": chapter_totals(chapter=chapter, today=today),
    }


def _page(queryset, number, count: int | None = None):
    paginator = Paginator(queryset, ROUND_PAGE_SIZE)
    if count is not None:
        paginator.count = count  # known already: saves the COUNT query
    return paginator.get_page(number)
