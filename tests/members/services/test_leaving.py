"""Leaving the chapter (preview, confirm, login off) and pseudonymising the former member while the
chapter's figures stay the same."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from members.models import Membership, RoleAssignment, User
from members.services.leaving import membership_leave, user_pseudonymise
from referrals.models import Referral
from referrals.selectors.totals import member_totals
from referrals.services.thanks import thank_you_create
from tests import factories
from tests.members.helpers import make_application
from tests.referrals.helpers import own_business


def _term(user) -> Membership:
    return user.memberships.current().get()


def test_leaving_ends_the_term_and_roles_and_disables_the_login(world):
    factories.give_role(world.alice, world.chapter, "visitor_host")
    with pytest.raises(ValidationError):
        membership_leave(membership=_term(world.alice), reason="  ")
    term = membership_leave(membership=_term(world.alice), reason="Ik stop met mijn bedrijf.")
    assert term.status == Membership.Status.LEFT and term.ended_on is not None
    assert not RoleAssignment.objects.filter(user=world.alice, ends_on__isnull=True).exists()
    world.alice.refresh_from_db()
    assert not world.alice.is_active


def test_the_member_sees_what_happens_confirms_and_is_logged_out(client, world):
    client.force_login(world.alice)
    preview = client.get("/profile/membership/leave/").content.decode()
    assert 'data-testid="leave-preview"' in preview and "niet meer inloggen" in preview
    unconfirmed = client.post("/profile/membership/leave/", {"reason": "Verhuisd"})
    assert unconfirmed.status_code == 200 and _term(world.alice)
    response = client.post("/profile/membership/leave/", {"reason": "Verhuisd", "confirm": "on"})
    assert response.status_code == 302
    assert world.alice.memberships.get().status == Membership.Status.LEFT
    assert client.get("/profile/").status_code == 302  # logged out: to the login page


def test_pseudonymising_keeps_the_figures_and_removes_the_person(world):
    alice, bob = world.alice, world.bob
    alice.phone, alice.company, alice.bio = "06-11112222", "Alice Fotografie", "Fotograaf in Utrecht"
    alice.save()
    make_application(world.chapter, email=alice.email, first_name="Alice", member=alice, status="approved")
    own_business(alice, bob)
    thank_you_create(
        thanked_by=bob,
        thanked=alice,
        amount=Decimal("800"),
        business_type="new",
        closed_on=datetime.date.today(),
    )
    before = member_totals(user=alice)
    old_name, old_email = alice.full_name, alice.email
    membership_leave(membership=_term(alice), reason="Gestopt")

    with pytest.raises(PermissionDenied):
        user_pseudonymise(user=alice, by=world.carol)  # the president is not the region admin
    user_pseudonymise(user=alice, by=world.rita)
    user_pseudonymise(user=alice, by=world.rita)  # twice: nothing more happens

    alice.refresh_from_db()
    assert alice.full_name == f"Oud-lid #{alice.pk}" and alice.pseudonymised_at is not None
    assert (alice.phone, alice.company, alice.bio, alice.photo.name) == ("", "", "", "")
    assert not alice.is_active and not alice.has_usable_password()
    assert Referral.objects.filter(giver=alice).count() == 1
    assert member_totals(user=alice) == before
    with connection.cursor() as cursor:
        for trace in (old_name, old_email, "06-11112222", "Fotograaf in Utrecht"):
            cursor.execute(
                "SELECT count(*) FROM auditlog_logentry WHERE object_repr LIKE %s OR changes::text LIKE %s",
                [f"%{trace}%", f"%{trace}%"],
            )
            assert cursor.fetchone()[0] == 0, trace
            cursor.execute("SELECT count(*) FROM members_application WHERE email = %s", [old_email])
            assert cursor.fetchone()[0] == 0
    assert LogEntry.objects.get_for_object(alice).filter(changes__has_key="pseudonymised_at").exists()


def test_a_current_member_cannot_be_pseudonymised(world):
    with pytest.raises(ValidationError):
        user_pseudonymise(user=world.bob, by=world.rita)
    assert User.objects.get(pk=world.bob.pk).full_name == world.bob.full_name


def test_the_region_admin_confirms_on_a_page_that_says_what_happens(client, world):
    term = world.larry.memberships.get()
    client.force_login(world.rita)
    url = f"/c/{world.chapter.slug}/members/{term.pk}/pseudonymise/"
    page = client.get(url).content.decode()
    assert 'data-testid="pseudonymise-preview"' in page and "niet ongedaan" in page
    assert client.post(url, {}).status_code == 200
    assert client.post(url, {"confirm": "on"}).status_code == 302
    world.larry.refresh_from_db()
    assert world.larry.pseudonymised_at is not None
