"""Closed slips lose their contact's details after the chapter's retention period; the counts stay."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from referrals.models import ContactAuditEntry, Referral
from referrals.services.retention import closed_contacts_erase_expired, months_before
from referrals.services.status import referral_set_status
from tests.referrals.helpers import own_business, third_party


def _closed(world, *, months_ago: int, status: str = "won"):
    referral = third_party(world.alice, world.bob)
    closed_at = months_before(timezone.now(), months_ago) - datetime.timedelta(days=1)
    Referral.objects.filter(pk=referral.pk).update(status=status, status_changed_at=closed_at)
    return referral


def test_a_slip_closed_longer_than_24_months_ago_loses_its_contact_but_still_counts(world):
    old = _closed(world, months_ago=24)
    recent = _closed(world, months_ago=23, status="lost")

    assert closed_contacts_erase_expired() == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.contact_name, old.contact_phone, old.contact_email) == ("", "", "")
    assert old.contact_erased_at is not None and old.status == "won"
    assert recent.contact_name == "Jan Smit"
    assert Referral.objects.filter(giver=world.alice).count() == 2
    entry = ContactAuditEntry.objects.get(action="erase")
    assert entry.referral_ids == [old.pk] and entry.performed_by is None


def test_an_open_slip_keeps_its_contact_however_old(world):
    referral = third_party(world.alice, world.bob, created_at=timezone.now() - datetime.timedelta(days=900))
    referral_set_status(referral=referral, by=world.bob, to_status="contacted", expected_status="new")
    Referral.objects.filter(pk=referral.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=900)
    )

    assert closed_contacts_erase_expired() == 0
    referral.refresh_from_db()
    assert referral.contact_name == "Jan Smit"


def test_the_chapter_sets_a_shorter_period(world):
    world.chapter.contact_retention_months = 6
    world.chapter.save()
    referral = _closed(world, months_ago=7, status="withdrawn")

    assert closed_contacts_erase_expired() == 1
    referral.refresh_from_db()
    assert referral.contact_erased_at is not None


def test_a_second_run_erases_nothing_twice(world):
    _closed(world, months_ago=30)
    own_business(world.alice, world.bob)

    call_command("retention_daily", verbosity=0)
    assert closed_contacts_erase_expired() == 0
    assert ContactAuditEntry.objects.filter(action="erase").count() == 1


def test_months_before_keeps_the_day_or_takes_the_shorter_months_last():
    moment = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 1) == datetime.datetime(2026, 2, 28, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 24) == datetime.datetime(2024, 3, 31, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 15).date() == datetime.date(2024, 12, 31)
