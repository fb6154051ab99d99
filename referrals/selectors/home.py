"""The referral part of a member's home page, and the unread-notice count."""

from django.db import connection
from django.utils import timezone

from chapters.models import Chapter
from members.models import User
from referrals.models import Notice, OneToOne, Referral
from referrals.selectors.balance import balance_chart, give_take_balance
from referrals.selectors.referrals import waiting_for


def home_context(*, user: User, chapter: Chapter) -> dict:
    """What the member home shows from this app (waiting referrals, give/take balance, ...). Three queries."""
    today = timezone.localdate()
    waiting = list(waiting_for(user=user)[:6])
    balance = give_take_balance(user=user, today=today)
    params = {
        "user": user.pk,
        "month_start": today.replace(day=1),
        "today": today,
        "withdrawn": Referral.Status.WITHDRAWN,
    }
    # One statement for four counts (the navigation's notice badge reads the first from the context),
    # in SQL: built through the ORM, its four subqueries cost 5 ms of Python on every member home.
    with connection.cursor() as cursor:
        cursor.execute(_COUNTS_SQL, params)
        unread, this_month, to_confirm, ask_answers = cursor.fetchone()
    return {
        "referrals_waiting": waiting,
        "balance": balance_chart(balance),
        "one_to_ones_this_month": this_month,
        "one_to_ones_to_confirm": to_confirm,
        "unread_notice_count": unread,
        # "N members answered your ask": only while there is an ask.
        "ask_answers": ask_answers if user.weekly_ask else None,
    }


_MINE = "(member_low_id = %(user)s OR member_high_id = %(user)s)"
_COUNTS_SQL = f"""
SELECT
  (SELECT COUNT(*) FROM "{Notice._meta.db_table}" WHERE user_id = %(user)s AND read_at IS NULL),
  (SELECT COUNT(*) FROM "{OneToOne._meta.db_table}"
    WHERE {_MINE} AND met_on BETWEEN %(month_start)s AND %(today)s),
  (SELECT COUNT(*) FROM "{OneToOne._meta.db_table}"
    WHERE {_MINE} AND confirmed_at IS NULL AND logged_by_id <> %(user)s),
  -- Members who answered my current ask: slips naming it since I wrote it.
  (SELECT COUNT(DISTINCT giver_id) FROM "{Referral._meta.db_table}"
    WHERE receiver_id = %(user)s AND answered_ask <> '' AND status <> %(withdrawn)s
      AND created_at >= (SELECT weekly_ask_updated_at FROM "{User._meta.db_table}" WHERE id = %(user)s))
"""


def unread_notice_count(user: User) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).count()
