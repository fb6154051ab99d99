import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from referrals.models import ThankYou
from referrals.selectors.totals import chapter_totals, member_totals
from referrals.services.thanks import thank_you_create
from tests.referrals.helpers import own_business

TODAY = timezone.localdate


def thank(by, to=None, amount="1500", **kwargs):
    kwargs.setdefault("business_type", "new")
    kwargs.setdefault("closed_on", TODAY())
    thank_you, _ = thank_you_create(thanked_by=by, thanked=to, amount=Decimal(amount), **kwargs)
    return thank_you


def test_a_thank_you_for_a_referral_marks_it_won_in_the_same_transaction(alice, bob):
    referral = own_business(alice, bob)
    thank_you = thank(bob, referral=referral)
    referral.refresh_from_db()
    assert referral.status == "won"
    assert thank_you.thanked == alice and thank_you.currency == "EUR"
    assert referral.status_changes.get().to_status == "won"


def test_only_the_receiver_can_thank_for_a_referral(alice, bob, carol):
    referral = own_business(alice, bob)
    with pytest.raises(ValidationError, match="received"):
        thank(carol, referral=referral)


def test_thanks_to_the_chapter_in_general_have_no_member(bob):
    thank_you = thank(bob, to=None)
    assert thank_you.thanked is None and thank_you.to_chapter == thank_you.from_chapter


def test_thanks_from_another_chapter_count_as_cross_chapter(alice, dave):
    assert thank(dave, to=alice).is_cross_chapter


def test_the_database_refuses_a_zero_amount(alice, bob):
    with pytest.raises(ValidationError):
        thank(bob, to=alice, amount="0")
    thank_you = thank(bob, to=alice)
    with pytest.raises(IntegrityError):
        ThankYou.objects.filter(pk=thank_you.pk).update(amount=Decimal("-1"))


def test_a_double_submitted_thank_you_is_saved_once(alice, bob):
    key = uuid.uuid4()
    thank(bob, to=alice, idempotency_key=key)
    thank(bob, to=alice, idempotency_key=key)
    assert ThankYou.objects.count() == 1


def test_totals_split_given_received_and_periods(world):
    alice, bob, dave = world.alice, world.bob, world.dave
    own_business(alice, bob)
    own_business(alice, dave)
    own_business(bob, alice)
    thank(bob, to=alice, amount="1000")
    thank(alice, to=bob, amount="250")
    totals = member_totals(user=alice)
    six = totals["six_months"]
    assert (six["given_inside"], six["given_outside"], six["received_inside"]) == (1, 1, 1)
    assert six["thanks_received"] == Decimal("1000") and six["thanks_given"] == Decimal("250")
    chapter = chapter_totals(chapter=world.chapter)
    assert chapter["month"]["given_outside"] == 1
    assert chapter["month"]["thanks"] == Decimal("1250")
