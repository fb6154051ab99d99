"""The member home's and the board's figures, read in SQL: what they count and what they leave out."""

import datetime
from decimal import Decimal

from django.utils import timezone

from members.services.users import user_set_weekly_ask
from referrals.models import Referral
from referrals.selectors.balance import give_take_balance
from referrals.selectors.home import home_context
from referrals.selectors.totals import chapter_totals
from referrals.services.one_to_ones import one_to_one_log
from referrals.services.referrals import ReferralData, referral_create, referral_withdraw
from referrals.services.thanks import thank_you_create
from tests.referrals.helpers import own_business


def _local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _thanks(thanked_by, thanked, amount: str, closed_on: datetime.date):
    thank_you_create(
        thanked_by=thanked_by,
        thanked=thanked,
        amount=Decimal(amount),
        business_type="new",
        closed_on=closed_on,
    )


def test_the_balance_counts_slips_and_thanks_per_month_in_the_site_time_zone(world):
    alice, bob = world.alice, world.bob
    today = timezone.localdate()
    month_start = today.replace(day=1)
    last_month = (month_start - datetime.timedelta(days=1)).replace(day=1)
    # Half past midnight on the 1st is still the previous month in UTC: it counts in this month.
    own_business(alice, bob, created_at=_local(month_start, 0, 30))
    own_business(alice, bob, created_at=_local(last_month, 12))
    own_business(bob, alice, created_at=_local(last_month, 13))
    withdrawn = own_business(alice, bob, created_at=_local(last_month, 14))
    referral_withdraw(referral=withdrawn, by=alice)
    own_business(alice, bob, created_at=_local(month_start - datetime.timedelta(days=200), 12))  # too old
    _thanks(bob, alice, "1000", month_start)  # business alice brought bob: "brought" on her chart
    _thanks(alice, bob, "250.50", last_month)  # business bob brought alice: "closed" on her chart

    months = {month.month: month for month in give_take_balance(user=alice, today=today)}

    assert len(months) == 6
    assert (months[month_start].given, months[month_start].received) == (1, 0)
    assert (months[last_month].given, months[last_month].received) == (1, 1)
    assert (months[month_start].thanks_given, months[month_start].thanks_received) == (Decimal(1000), 0)
    assert (months[last_month].thanks_given, months[last_month].thanks_received) == (0, Decimal("250.50"))
    assert sum(month.given for month in months.values()) == 2


def test_the_home_counts_notices_one_to_ones_and_answers_to_my_ask(world):
    alice, bob, carol = world.alice, world.bob, world.carol
    today = timezone.localdate()
    user_set_weekly_ask(user=alice, weekly_ask="Een bakker in Utrecht")
    alice.refresh_from_db()
    for giver in (bob, bob, carol):
        referral_create(
            giver=giver,
            receiver=alice,
            data=ReferralData(need="Brood voor de lunch", answers_ask_of=alice.pk),
        )
    own_business(bob, alice)  # not an answer to the ask
    one_to_one_log(logged_by=bob, partner=alice, met_on=today)  # alice has to confirm it
    one_to_one_log(logged_by=alice, partner=carol, met_on=today)  # carol has to, not alice

    context = home_context(user=alice, chapter=world.chapter)

    assert context["ask_answers"] == 2  # bob twice and carol: two members
    assert context["one_to_ones_this_month"] == 2
    assert context["one_to_ones_to_confirm"] == 1
    assert context["unread_notice_count"] == alice.notices.filter(read_at__isnull=True).count() > 0


def test_the_board_totals_split_inside_and_outside_per_period(world):
    alice, bob, dave = world.alice, world.bob, world.dave
    today = timezone.localdate()
    week_start = today - datetime.timedelta(days=today.weekday())
    before_the_week = week_start - datetime.timedelta(days=1)
    own_business(alice, bob, created_at=_local(today, 7))
    own_business(alice, dave, created_at=_local(today, 7, 5))  # to another chapter
    own_business(dave, bob, created_at=_local(before_the_week, 9))  # from another chapter
    withdrawn = own_business(bob, alice, created_at=_local(today, 7, 10))
    referral_withdraw(referral=withdrawn, by=bob)
    _thanks(bob, alice, "400", today)
    _thanks(dave, alice, "999", today)  # thanked from the other chapter: that chapter's TYFCB
    one_to_one_log(logged_by=alice, partner=bob, met_on=today)

    totals = chapter_totals(chapter=world.chapter, today=today)

    assert totals["week"] == {
        "given_inside": 1,
        "given_outside": 1,
        "received_outside": 1 if before_the_week >= week_start else 0,
        "thanks": Decimal("400"),
        "one_to_ones": 1,
    }
    assert totals["six_months"]["received_outside"] == 1
    assert Referral.objects.filter(status=Referral.Status.WITHDRAWN).count() == 1
