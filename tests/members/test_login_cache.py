"""Who is logged in, and with which rights, is cached (members.backends); never a stale right.

Every change to a user, their membership, roles, region-admin terms or notices must reach their
very next request.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Membership, RegionAdmin, RoleAssignment
from tests import factories
from tests.referrals.helpers import own_business

pytestmark = pytest.mark.django_db


def members_admin(world) -> str:
    return reverse("members_admin", kwargs={"chapter_slug": world.chapter.slug})


def test_a_repeated_home_visit_needs_no_query_at_all(client, world, django_assert_max_num_queries):
    client.force_login(world.alice)
    client.get(reverse("home"))
    with django_assert_max_num_queries(0):
        response = client.get(reverse("home"))  # session, login and panels all from the cache
    assert response.status_code == 200 and world.alice.first_name in response.content.decode()


def test_a_new_role_works_on_the_next_request(client, world):
    client.force_login(world.alice)
    assert client.get(members_admin(world)).status_code == 403
    factories.give_role(world.alice, world.chapter, "president")
    assert client.get(members_admin(world)).status_code == 200


def test_an_ended_role_stops_working_on_the_next_request(client, world):
    assignment = factories.give_role(world.alice, world.chapter, "president")
    client.force_login(world.alice)
    assert client.get(members_admin(world)).status_code == 200
    assignment.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    assignment.save()
    assert client.get(members_admin(world)).status_code == 403


def test_a_role_losing_a_capability_loses_it_for_its_holders(client, world):
    assignment = factories.give_role(world.alice, world.chapter, "president")
    client.force_login(world.alice)
    assert client.get(members_admin(world)).status_code == 200
    role = assignment.role
    role.capabilities = []
    role.save()
    assert client.get(members_admin(world)).status_code == 403


def test_a_lapsed_membership_closes_the_member_pages_at_once(client, world):
    client.force_login(world.alice)
    assert client.get(reverse("referral_list")).status_code == 200
    membership = Membership.objects.get(user=world.alice, status="active")
    membership.status = Membership.Status.LAPSED
    membership.ended_on = timezone.localdate()
    membership.save()
    assert client.get(reverse("referral_list")).status_code == 403


def test_a_deactivated_account_is_logged_out(client, world):
    client.force_login(world.alice)
    assert client.get(reverse("referral_list")).status_code == 200
    world.alice.is_active = False
    world.alice.save()
    assert client.get(reverse("referral_list")).status_code == 302  # to the login page


def test_a_password_changed_elsewhere_ends_this_session(client, world):
    client.force_login(world.alice)
    assert client.get(reverse("referral_list")).status_code == 200
    world.alice.set_password("een-heel-ander-wachtwoord-2026")
    world.alice.save()
    assert client.get(reverse("referral_list")).status_code == 302


def test_a_region_admin_term_counts_at_once(client, world):
    client.force_login(world.bob)
    assert client.get(members_admin(world)).status_code == 403
    RegionAdmin.objects.create(region=world.chapter.region, user=world.bob, starts_on=timezone.localdate())
    assert client.get(members_admin(world)).status_code == 200


def test_the_notice_badge_counts_a_new_notice_at_once(client, world):
    client.force_login(world.alice)
    assert 'data-testid="notice-count"' not in client.get(reverse("referral_list")).content.decode()
    own_business(world.bob, world.alice)
    assert 'data-testid="notice-count"' in client.get(reverse("referral_list")).content.decode()


def test_a_role_ending_today_by_the_calendar_needs_no_write(client, world, monkeypatch):
    """Rights that start or end with the date: the cached login is at most a minute old."""
    from config import fragment_cache

    start = timezone.localdate() + datetime.timedelta(days=1)
    RoleAssignment.objects.create(
        user=world.alice, chapter=world.chapter, role=factories.standard_role("president"), starts_on=start
    )
    client.force_login(world.alice)
    assert client.get(members_admin(world)).status_code == 403
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    monkeypatch.setattr(fragment_cache, "clock_seconds", lambda: tomorrow.timestamp())
    assert client.get(members_admin(world)).status_code == 200
