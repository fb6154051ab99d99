"""A member's give/take balance month by month."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DateField,
    DecimalField,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Cast, TruncMonth
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

    One query (a UNION of both sums). "TYFCB received" is business others closed thanks to me (they
    thanked me).
    """
    today = today or timezone.localdate()
    starts = month_starts(today)
    months = {start: BalanceMonth(start) for start in starts}
    number = DecimalField(max_digits=14, decimal_places=2)
    referrals = (
        Referral.objects.filter(Q(giver=user) | Q(receiver=user), created_at__gte=_aware(starts[0]))
        .exclude(status=Referral.Status.WITHDRAWN)
        .annotate(source=Value("referrals"), month=TruncMonth("created_at", output_field=DateField()))
        .values("source", "month")
        .annotate(
            first=Cast(Count("pk", filter=Q(giver=user)), number),
            second=Cast(Count("pk", filter=Q(receiver=user)), number),
        )
        .order_by()
    )
    thanks = (
        ThankYou.objects.filter(Q(thanked_by=user) | Q(thanked=user), closed_on__gte=starts[0])
        .annotate(source=Value("thanks"), month=TruncMonth("closed_on", output_field=DateField()))
        .values("source", "month")
        .annotate(
            first=Sum("amount", filter=Q(thanked_by=user), default=0, output_field=number),
            second=Sum("amount", filter=Q(thanked=user), default=0, output_field=number),
        )
        .order_by()
    )
    for row in referrals.union(thanks, all=True).order_by():
        month = months.get(row["month"])
        if month is None:
            continue
        if row["source"] == "referrals":
            month.given, month.received = int(row["first"]), int(row["second"])
        else:
            # I thanked others for business they brought me; others thanked me for business I brought.
            month.thanks_given, month.thanks_received = row["second"], row["first"]
    return list(months.values())


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
