"""The referral part of a member's home page, and the unread-notice count."""

from django.db.models import (
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from chapters.models import Chapter
from members.models import User
from referrals.models import Notice, OneToOne
from referrals.selectors.asks import ask_answer_count_expression
from referrals.selectors.balance import balance_chart, give_take_balance
from referrals.selectors.referrals import waiting_for


def home_context(*, user: User, chapter: Chapter) -> dict:
    """What the member home shows from this app (waiting referrals, give/take balance, ...). Four queries."""
    today = timezone.localdate()
    waiting = list(waiting_for(user=user)[:6])
    balance = give_take_balance(user=user, today=today)
    month_start = today.replace(day=1)
    mine = Q(member_low=OuterRef("pk")) | Q(member_high=OuterRef("pk"))
    # One query for three counts (the navigation's notice badge reads the first from the context).
    counts = (
        User.objects.filter(pk=user.pk)
        .annotate(
            unread=_subquery_count(Notice.objects.filter(user=OuterRef("pk"), read_at__isnull=True)),
            this_month=_subquery_count(
                OneToOne.objects.filter(mine, met_on__gte=month_start, met_on__lte=today)
            ),
            to_confirm=_subquery_count(
                OneToOne.objects.filter(mine, confirmed_at__isnull=True).exclude(logged_by=OuterRef("pk"))
            ),
            ask_answers=ask_answer_count_expression(),
        )
        .values("unread", "this_month", "to_confirm", "ask_answers")
        .get()
    )
    return {
        "referrals_waiting": waiting,
        "balance": balance_chart(balance),
        "one_to_ones_this_month": counts["this_month"],
        "one_to_ones_to_confirm": counts["to_confirm"],
        "unread_notice_count": counts["unread"],
        # "N members answered your ask": only while there is an ask.
        "ask_answers": counts["ask_answers"] if user.weekly_ask else None,
    }


def _subquery_count(queryset: QuerySet):
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]
    return Coalesce(Subquery(counted), 0)


def unread_notice_count(user: User) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).count()
