"""Who is logged in, and with which rights, is cached (members.backends); never a stale right.

Every change to a user, their membership, roles, region-admin terms or notices must reach their
very next request. The writes go through the services, views and admin that make them in
production, and their generations are bumped at commit, as in production
(django_capture_on_commit_callbacks runs the commit callbacks a test's transaction never runs).
"""

import datetime
import pickle

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from members.backends import MemberBackend
from members.models import Membership, RoleAssignment, User
from members.services.memberships import membership_lapse
from members.services.roles import role_assign, role_end
from referrals.services.notices import notices_mark_read
from tests import factories
from tests.referrals.helpers import own_business

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Around a write: its transaction's commit callbacks (the generation bumps) run at the end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def members_admin(world) -> str:
    return reverse("members_admin", kwargs={"chapter_slug": world.chapter.slug})


def test_a_repeated_home_visit_needs_no_query_at_all(client, world, django_assert_max_num_queries):
    client.force_login(world.alice)
    client.get(reverse("home"))
    with django_assert_max_num_queries(0):
        response = client.get(reverse("home"))  # session, login and panels all from the cache
    assert response.status_code == 200 and world.alice.first_name in response.content.decode()


def test_a_new_role_works_on_the_next_request(client, world, committed):
    client.force_login(world.alice)
    assert client.get(members_admin(world)).status_code == 403
    with committed():
        role_assign(
            chapter=world.chapter,
            role=factories.standard_role("president"),
            user=world.alice,
            starts_on=timezone.localdate(),
        )
    assert client.get(members_admin(world)).status_code == 200


def test_an_ended_role_stops_working_on_the_next_request(client, world, committed):
    assignment = factories.give_role(world.alice, world.chapter, "president")
    client.force_login(world.alice)
    assert client.get(members_admin(world)).status_code == 200
    with committed():
        role_end(assignment=assignment, ends_on=timezone.localdate() - datetime.timedelta(days=1))
    assert client.get(members_admin(world)).status_code == 403


def test_a_role_losing_a_capability_in_the_admin_loses_it_for_its_holders(
    client, world, admin_client, committed
):
    assignment = factories.give_role(world.alice, world.chapter, "president")
    client.force_login(world.alice)
    assert client.get(members_admin(world)).status_code == 200
    role = assignment.role
    with committed():
        response = admin_client.post(
            reverse("admin:members_role_change", args=[role.pk]),
            {
                "chapter": "",
                "code": role.code,
                "name_nl": role.name_nl,
                "name_en": role.name_en,
                "capabilities": "",
                "sort_order": role.sort_order,
            },
        )
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.capabilities == []
    assert client.get(members_admin(world)).status_code == 403


def test_a_lapsed_membership_closes_the_member_pages_at_once(client, world, committed):
    client.force_login(world.alice)
    assert client.get(reverse("referral_list")).status_code == 200
    with committed():
        membership_lapse(membership=Membership.objects.get(user=world.alice, status="active"))
    assert client.get(reverse("referral_list")).status_code == 403


def test_an_account_deactivated_in_the_admin_is_logged_out(client, world, admin_client, committed):
    client.force_login(world.alice)
    assert client.get(reverse("referral_list")).status_code == 200
    alice = world.alice
    with committed():
        response = admin_client.post(
            reverse("admin:members_user_change", args=[alice.pk]),
            {
                "email": alice.email,
                "first_name": alice.first_name,
                "last_name": alice.last_name,
                "language": alice.language,
                "phone": "",
                "company": "",
                "website": "",
            },
        )
    assert response.status_code == 302
    assert client.get(reverse("referral_list")).status_code == 302  # to the login page


def test_a_password_reset_elsewhere_ends_this_session(client, world, committed):
    client.force_login(world.alice)
    assert client.get(reverse("referral_list")).status_code == 200
    elsewhere = Client()
    link = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(world.alice.pk)),
            "token": default_token_generator.make_token(world.alice),
        },
    )
    form_url = elsewhere.get(link)["Location"]  # Django swaps the token for a session value first
    with committed():
        response = elsewhere.post(
            form_url,
            {
                "new_password1": "een-heel-ander-wachtwoord-2026",
                "new_password2": "een-heel-ander-wachtwoord-2026",
            },
        )
    assert response.status_code == 302
    assert User.objects.get(pk=world.alice.pk).check_password("een-heel-ander-wachtwoord-2026")
    assert client.get(reverse("referral_list")).status_code == 302  # the old session is over
    client.force_login(User.objects.get(pk=world.alice.pk))  # a new log-in works as ever
    assert client.get(reverse("referral_list")).status_code == 200


def test_a_password_changed_in_the_admin_ends_this_session(client, world, admin_client, committed):
    client.force_login(world.alice)
    assert client.get(reverse("referral_list")).status_code == 200
    with committed():
        response = admin_client.post(
            reverse("admin:auth_user_password_change", args=[world.alice.pk]),
            {
                "password1": "een-heel-ander-wachtwoord-2026",
                "password2": "een-heel-ander-wachtwoord-2026",
                "usable_password": "true",
            },
        )
    assert response.status_code == 302
    assert client.get(reverse("referral_list")).status_code == 302


def test_a_region_admin_term_added_in_the_admin_counts_at_once(client, world, admin_client, committed):
    client.force_login(world.bob)
    assert client.get(members_admin(world)).status_code == 403
    with committed():
        response = admin_client.post(
            reverse("admin:members_regionadmin_add"),
            {
                "region": world.chapter.region_id,
                "user": world.bob.pk,
                "starts_on": timezone.localdate().isoformat(),
            },
        )
    assert response.status_code == 302
    assert client.get(members_admin(world)).status_code == 200


def test_the_notice_badge_counts_a_new_notice_at_once(client, world, committed):
    client.force_login(world.alice)
    assert 'data-testid="notice-count"' not in client.get(reverse("referral_list")).content.decode()
    with committed():
        own_business(world.bob, world.alice)
    assert 'data-testid="notice-count"' in client.get(reverse("referral_list")).content.decode()


def test_a_role_ending_today_by_the_calendar_needs_no_write(client, world, monkeypatch):
    """Rights that start or end with the date: the cached login is at most a minute old."""
    start = timezone.localdate() + datetime.timedelta(days=1)
    RoleAssignment.objects.create(
        user=world.alice, chapter=world.chapter, role=factories.standard_role("president"), starts_on=start
    )
    client.force_login(world.alice)
    assert client.get(members_admin(world)).status_code == 403
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    monkeypatch.setattr("config.cache.clock_seconds", lambda: tomorrow.timestamp())
    assert client.get(members_admin(world)).status_code == 200


def _cached_logins() -> list[bytes]:
    """Every cached login as stored (the test cache is in this process's memory, pickled)."""
    return [value for key, value in cache._cache.items() if ":kring:fragment:auth:" in key]


def test_the_cached_login_holds_no_password_hash(client, world):
    client.force_login(world.alice)
    assert client.get(reverse("referral_list")).status_code == 200
    password_hash = User.objects.get(pk=world.alice.pk).password
    stored = _cached_logins()
    assert len(stored) == 1
    user, membership, session_auth_hash = pickle.loads(stored[0])
    assert user.email == world.alice.email and membership.chapter_id == world.chapter.pk
    assert session_auth_hash == User.objects.get(pk=world.alice.pk).get_session_auth_hash()
    assert password_hash.encode() not in stored[0] and password_hash.split("$")[-1].encode() not in stored[0]
    assert "password" not in user.__dict__ and password_hash not in str(vars(user))


def test_saving_a_cached_user_never_writes_a_password(world):
    password_hash = User.objects.get(pk=world.alice.pk).password
    MemberBackend().get_user(world.alice.pk)  # fills the cache
    user = MemberBackend().get_user(world.alice.pk)  # from the cache
    assert "password" in user.get_deferred_fields()
    user.first_name = "Alicia"
    user.save()
    saved = User.objects.get(pk=world.alice.pk)
    assert saved.first_name == "Alicia" and saved.password == password_hash


def test_a_service_bumps_the_users_generation_only_when_its_transaction_commits(
    world, django_capture_on_commit_callbacks
):
    """notices_mark_read must invalidate: without its changed() call the badge would stay."""
    MemberBackend().get_user(world.alice.pk)
    before = cache.get(f"kring:gen:login:{world.alice.pk}")
    assert before is not None
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notices_mark_read(user=world.alice)
    assert cache.get(f"kring:gen:login:{world.alice.pk}") == before  # not yet committed
    assert len(callbacks) == 1
    callbacks[0]()
    assert cache.get(f"kring:gen:login:{world.alice.pk}") != before
