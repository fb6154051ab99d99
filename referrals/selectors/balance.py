"""A member's give/take balance month by month."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from django.utils.formats import date_format

from members.models import User
from referrals.models import Referral, ThankYou

BALANCE_MONTHS = 6


def month_starts(today: datetime.date, months: int = BALANCE_MONTHS) -> list[datetime.date]:
    first = today.replace(day=1)
    starts = []
    for _ in range(months):
        starts.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return starts[::-1]


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class BalanceMonth:
    month: datetime.date
    given: int = 0
    received: int = 0
    thanks_given: Decimal = Decimal(0)
    thanks_received: Decimal = Decimal(0)

    @property
    def label(self) -> str:
        return date_format(self.month, "M")


def give_take_balance(*, user: User, today: datetime.date | None = None) -> list[BalanceMonth]:
    """Referrals given and received, and TYFCB thanked by and to me, per month for the last 6 months.

    One statement (a UNION of both sums), in SQL: built through the ORM it cost 7 ms of Python for
    a sub-millisecond query, on every member home. "TYFCB received" is business others closed
    thanks to me (they thanked me).
    """
    today = today or timezone.localdate()
    starts = month_starts(today)
    months = {start: BalanceMonth(start) for start in starts}
    params = {
        "user": user.pk,
        "since": _aware(starts[0]),
        "first_day": starts[0],
        "zone": timezone.get_current_timezone_name(),
        "withdrawn": Referral.Status.WITHDRAWN,
    }
    with connection.cursor() as cursor:
        cursor.execute(_BALANCE_SQL, params)
        rows = cursor.fetchall()
    for source, month_start, first, second in rows:
        month = months.get(month_start)
        if month is None:
            continue
        if source == "referrals":
            month.given, month.received = int(first), int(second)
        else:
            # I thanked others for business they brought me; others thanked me for business I brought.
            month.thanks_given, month.thanks_received = second, first
    return list(months.values())


_BALANCE_SQL = f"""
SELECT 'referrals', date_trunc('month', created_at AT TIME ZONE %(zone)s)::date,
       COUNT(*) FILTER (WHERE giver_id = %(user)s), COUNT(*) FILTER (WHERE receiver_id = %(user)s)
  FROM "{Referral._meta.db_table}"
 WHERE (giver_id = %(user)s OR receiver_id = %(user)s) AND created_at >= %(since)s
   AND status <> %(withdrawn)s
 GROUP BY 2
UNION ALL
SELECT 'thanks', date_trunc('month', closed_on)::date,
       COALESCE(SUM(amount) FILTER (WHERE thanked_by_id = %(user)s), 0),
       COALESCE(SUM(amount) FILTER (WHERE thanked_id = %(user)s), 0)
  FROM "{ThankYou._meta.db_table}"
 WHERE (thanked_by_id = %(user)s OR thanked_id = %(user)s) AND closed_on >= %(first_day)s
 GROUP BY 2
"""


@dataclass
class Bar:
    x: int
    y: int
    height: int
    value: object
    css: str


def balance_chart(months: list[BalanceMonth], *, height: int = 80) -> dict:
    """Bar geometry for the inline SVG (no chart library; heights relative to the busiest month)."""
    width_per_month = 44

    def bars(first: str, second: str, css_first: str, css_second: str) -> list[Bar]:
        top = max([getattr(m, first) for m in months] + [getattr(m, second) for m in months] + [1])
        out = []
        for index, month in enumerate(months):
            for offset, (attr, css) in enumerate(((first, css_first), (second, css_second))):
                value = getattr(month, attr)
                bar_height = round(float(value) / float(top) * height) if value else 0
                out.append(
                    Bar(
                        index * width_per_month + 6 + offset * 16, height - bar_height, bar_height, value, css
                    )
                )
        return out

    return {
        "width": width_per_month * len(months),
        "height": height,
        "label_y": height + 14,
        "labels": [(index * width_per_month + 22, month.label) for index, month in enumerate(months)],
        "referrals": bars("given", "received", "bar-given", "bar-received"),
        "thanks": bars("thanks_given", "thanks_received", "bar-given", "bar-received"),
        "totals": {
            "given": sum(m.given for m in months),
            "received": sum(m.received for m in months),
            "thanks_given": sum((m.thanks_given for m in months), Decimal(0)),
            "thanks_received": sum((m.thanks_received for m in months), Decimal(0)),
        },
    }
