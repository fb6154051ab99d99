import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from referrals.models import OneToOne
from referrals.selectors.one_to_ones import one_to_one_suggestions
from referrals.selectors.totals import member_totals
from referrals.services.one_to_ones import one_to_one_confirm, one_to_one_log
from tests import factories

TODAY = timezone.localdate


def test_either_member_logs_a_one_to_one_and_the_other_confirms_it(alice, bob):
    one_to_one, created = one_to_one_log(logged_by=alice, partner=bob, met_on=TODAY())
    assert created and one_to_one.confirmed_at is None
    with pytest.raises(ValidationError):
        one_to_one_confirm(one_to_one=one_to_one, by=alice)
    one_to_one = one_to_one_confirm(one_to_one=one_to_one, by=bob)
    assert one_to_one.confirmed_at is not None


def test_a_one_to_one_logged_by_both_counts_once(alice, bob):
    first, _ = one_to_one_log(logged_by=alice, partner=bob, met_on=TODAY(), texts={"outcome": "Goed gesprek"})
    second, created = one_to_one_log(logged_by=bob, partner=alice, met_on=TODAY())
    assert second.pk == first.pk and not created
    assert OneToOne.objects.count() == 1
    assert second.confirmed_at is not None
    assert member_totals(user=alice)["month"]["one_to_ones"] == 1


def test_suggestions_put_never_met_members_first_and_match_networks(world):
    alice, bob, carol = world.alice, world.bob, world.carol
    alice.ideal_referral = "Eigenaren van een bakkerij of horeca"
    alice.save()
    bob.gains_networks = "Ken veel mensen in de horeca"
    bob.save()
    one_to_one_log(logged_by=alice, partner=carol, met_on=TODAY() - datetime.timedelta(days=30))
    suggestions = one_to_one_suggestions(user=alice, chapter=world.chapter)
    people = [membership.user for membership, _ in suggestions["next_up"]]
    assert people[-1] == carol and bob in people
    assert [(m.user, words) for m, words in suggestions["networkers"]] == [(bob, ["horeca"])]


def test_a_one_to_one_with_a_member_of_another_region_is_refused(world):
    stranger = factories.make_member(world.far_chapter, "Gerrit")
    with pytest.raises(ValidationError):
        one_to_one_log(logged_by=world.alice, partner=stranger, met_on=TODAY())
