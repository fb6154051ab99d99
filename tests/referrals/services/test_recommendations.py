"""Recommend only from experience: a thank-you, a testimonial or "I was a customer myself"."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from referrals.models import Referral
from referrals.selectors.referrals import recommendation_evidence
from referrals.services import credits as credit_services
from referrals.services.referrals import ReferralData, referral_create, referral_update
from referrals.services.thanks import thank_you_create
from tests.referrals.helpers import own_business


def _recommend(giver, receiver, **fields):
    data = ReferralData(need="Zoekt een accountant", recommendation="recommend", **fields)
    return referral_create(giver=giver, receiver=receiver, data=data)[0]


def test_recommend_without_evidence_is_refused_with_the_reason(alice, bob):
    with pytest.raises(ValidationError) as refused:
        _recommend(alice, bob)
    assert "only from your own experience" in str(refused.value.message_dict["recommendation"])
    assert not Referral.objects.exists()


def test_an_introduction_needs_no_evidence(alice, bob):
    referral = referral_create(giver=alice, receiver=bob, data=ReferralData(need="x"))[0]
    assert referral.recommendation == "introduce"


def test_i_was_a_customer_myself_is_evidence(alice, bob):
    referral = _recommend(alice, bob, giver_was_customer=True)
    assert (referral.recommendation, referral.giver_was_customer) == ("recommend", True)


def test_a_testimonial_the_giver_wrote_is_evidence(alice, bob, world):
    credit_services.testimonial_add(
        given_by=alice, given_to=bob, chapter=world.chapter, given_on=timezone.localdate()
    )
    assert recommendation_evidence(giver=alice, receiver=bob) == ["testimonial"]
    assert _recommend(alice, bob).recommendation == "recommend"
    assert recommendation_evidence(giver=bob, receiver=alice) == []  # not the other way round


def test_a_thank_you_the_giver_gave_that_member_is_evidence(alice, bob):
    thank_you_create(
        thanked_by=alice,
        thanked=bob,
        amount=Decimal(100),
        business_type="new",
        closed_on=datetime.date.today(),
    )
    assert recommendation_evidence(giver=alice, receiver=bob) == ["thanked"]
    assert _recommend(alice, bob).recommendation == "recommend"


def test_having_been_their_paying_customer_is_evidence(alice, bob):
    slip = own_business(alice, bob)  # alice bought from bob ...
    thank_you_create(  # ... and bob thanked her for the business
        thanked_by=bob,
        thanked=alice,
        amount=Decimal(250),
        business_type="new",
        closed_on=datetime.date.today(),
        referral=slip,
    )
    assert "customer" in recommendation_evidence(giver=alice, receiver=bob)
    assert _recommend(alice, bob).recommendation == "recommend"


def test_changing_a_slip_to_recommend_without_evidence_is_refused(alice, bob):
    referral = own_business(alice, bob)
    data = ReferralData(need=referral.need, recommendation="recommend")
    with pytest.raises(ValidationError, match="own experience"):
        referral_update(referral=referral, by=alice, data=data)
    referral.refresh_from_db()
    assert referral.recommendation == "introduce"


def test_the_receivers_email_says_whether_it_is_a_recommendation(
    alice, bob, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        _recommend(alice, bob, giver_was_customer=True)
        referral_create(giver=alice, receiver=bob, data=ReferralData(need="Iets anders"))
    recommended, introduced = [message.body for message in mailoutbox]
    assert "beveelt je aan uit eigen ervaring" in recommended
    assert "dit is geen aanbeveling uit eigen ervaring" in introduced
