"""The daily retention job pseudonymises former members the chapter's number of months after their
membership ended: once, counted on the chapter, and the chapter's figures stay the same."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.dates import months_before
from members.models import Application, Membership, User
from members.services.leaving import membership_leave
from members.services.retention import former_members_pseudonymise_expired
from referrals.models import Referral
from referrals.selectors.totals import member_totals
from tests import factories
from tests.members.helpers import make_application
from tests.referrals.helpers import own_business


def _left(user, *, months_ago: int, days: int = 0) -> Membership:
    """`user` left their chapter `months_ago` months (and `days` days) ago."""
    term = membership_leave(membership=user.memberships.current().get(), reason="Gestopt")
    ended_on = months_before(timezone.localdate(), months_ago) - datetime.timedelta(days=days)
    Membership.objects.filter(pk=term.pk).update(ended_on=ended_on)
    return term


def _pseudonymised(user) -> bool:
    return User.objects.get(pk=user.pk).pseudonymised_at is not None


def test_who_left_longer_ago_than_the_chapters_period_is_pseudonymised_and_counted(world):
    alice, bob = world.alice, world.bob
    own_business(alice, bob)
    before = member_totals(user=bob)
    old_name = alice.full_name
    _left(alice, months_ago=12)  # the default period: exactly 12 months is due
    recent = factories.make_member(world.chapter, "Rens")
    _left(recent, months_ago=11, days=27)

    assert former_members_pseudonymise_expired() == 1

    assert _pseudonymised(alice) and not _pseudonymised(recent)
    alice.refresh_from_db()
    assert alice.full_name == f"Oud-lid #{alice.pk}" and not alice.is_active
    assert Referral.objects.filter(giver=alice, receiver=bob).count() == 1
    assert member_totals(user=bob) == before
    counted = LogEntry.objects.get_for_object(world.chapter).latest("pk")
    assert counted.changes == {"former_members_pseudonymised": ["0", "1"]}
    assert old_name not in f"{counted.object_repr} {counted.changes_text} {counted.additional_data}"

    entries = LogEntry.objects.count()
    assert former_members_pseudonymise_expired() == 0  # again: nothing more, no new entry
    assert LogEntry.objects.count() == entries


def test_the_chapters_own_period_counts_and_the_last_chapter_decides(world):
    world.chapter.former_member_retention_months = 3
    world.chapter.save(update_fields=["former_member_retention_months"])
    _left(world.alice, months_ago=3)
    _left(world.dave, months_ago=3)  # another chapter, keeping the default 12 months
    assert former_members_pseudonymise_expired() == 1
    assert _pseudonymised(world.alice) and not _pseudonymised(world.dave)


def test_members_again_applicants_role_holders_and_staff_are_kept(world):
    again = factories.make_member(world.chapter, "Terug")
    _left(again, months_ago=24)
    Membership.objects.create(
        user=again,
        chapter=world.other_chapter,
        classification=factories.make_classification(),
        starts_on=timezone.localdate(),
        renewal_due_on=timezone.localdate() + datetime.timedelta(days=365),
    )
    applicant = factories.make_member(world.chapter, "Aanvrager")
    _left(applicant, months_ago=24)
    make_application(world.chapter, email=applicant.email, status=Application.Status.PENDING)
    host = factories.make_member(world.chapter, "Gastheer")
    factories.give_role(host, world.chapter, "visitor_host")
    _left(host, months_ago=24)
    factories.give_role(host, world.chapter, "visitor_host")  # appointed again after leaving
    staff = factories.make_member(world.chapter, "Beheer", is_staff=True)
    _left(staff, months_ago=24)
    never_ended = world.larry  # lapsed, no end date recorded: nothing to count from

    assert former_members_pseudonymise_expired() == 0
    for user in (again, applicant, host, staff, never_ended):
        assert not _pseudonymised(user), user.first_name


def test_the_daily_job_runs_it_and_the_period_has_a_sane_range(world):
    _left(world.alice, months_ago=13)
    call_command("retention_daily", verbosity=0)
    assert _pseudonymised(world.alice)
    for months in (0, 121):
        with pytest.raises(IntegrityError), transaction.atomic():
            type(world.chapter).objects.filter(pk=world.chapter.pk).update(
                former_member_retention_months=months
            )
