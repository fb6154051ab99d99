"""Renewal as a request: the member asks, the VP approves (a new term and a dues line) or declines."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from members.models import DuesLine, Membership, RenewalRequest
from members.selectors.renewals import terms_ending_within
from members.services.dues import dues_rate_set
from members.services.renewals import renewal_approve, renewal_decline, renewal_preview, renewal_request
from referrals.models import Notice
from tests import factories


def _term(user) -> Membership:
    return user.memberships.current().get()


@pytest.fixture
def vp(world):
    user = factories.make_member(world.chapter, "Victor")
    factories.give_role(user, world.chapter, "vice_president")
    return user


def test_a_request_notifies_the_vp_and_asking_twice_keeps_one_request(world, vp):
    term = _term(world.alice)
    first = renewal_request(membership=term, requested_by=world.alice)
    second = renewal_request(membership=term, requested_by=world.carol)
    assert first.pk == second.pk and RenewalRequest.objects.count() == 1
    assert Notice.objects.filter(user=vp, url__contains=f"/renewals/requests/{first.pk}/").count() == 1


def test_approval_makes_the_next_term_and_its_dues_line_and_twice_makes_one(world, vp):
    dues_rate_set(chapter=world.chapter, term_months=12, amount=Decimal("500"), vat_rate=Decimal("21"))
    term = _term(world.alice)
    renewal = renewal_request(membership=term, requested_by=world.alice)
    preview = renewal_preview(renewal)
    assert preview.starts_on == term.renewal_due_on and preview.total == Decimal("605.00")

    new_term = renewal_approve(renewal=renewal, decided_by=vp)
    again = renewal_approve(renewal=renewal, decided_by=vp)
    assert again.pk == new_term.pk
    assert (new_term.starts_on, new_term.renewal_due_on) == (preview.starts_on, preview.renewal_due_on)
    assert world.alice.memberships.current().get() == new_term
    assert DuesLine.objects.filter(membership=new_term, total=Decimal("605.00")).count() == 1
    term.refresh_from_db()
    assert term.status == Membership.Status.ENDED
    assert "verlengd" in Notice.objects.get(user=world.alice, kind="renewal_approved").text


@pytest.mark.django_db(transaction=True)
def test_two_vps_approving_at_once_make_one_term(world):
    chapter, alice = world.chapter, world.alice
    vps = [factories.make_member(chapter, f"Vp{n}") for n in range(2)]
    for user in vps:
        factories.give_role(user, chapter, "vice_president")
    renewal = renewal_request(membership=_term(alice), requested_by=alice)
    results, barrier = [], threading.Barrier(2)

    def approve(user):
        barrier.wait()
        try:
            results.append(renewal_approve(renewal=renewal, decided_by=user).pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(user,)) for user in vps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1 and len(results) == 2
    assert alice.memberships.filter(status=Membership.Status.ACTIVE).count() == 1


def test_declining_needs_a_reason_tells_the_member_and_a_new_request_may_follow(world, vp):
    term = _term(world.alice)
    renewal = renewal_request(membership=term, requested_by=world.alice)
    with pytest.raises(ValidationError):
        renewal_decline(renewal=renewal, decided_by=vp, reason=" ")
    renewal_decline(renewal=renewal, decided_by=vp, reason="Contributie van vorig jaar staat open.")
    with pytest.raises(ValidationError):
        renewal_approve(renewal=renewal, decided_by=vp)
    assert _term(world.alice) == term
    again = renewal_request(membership=term, requested_by=world.alice)
    assert again.pk != renewal.pk and again.status == RenewalRequest.Status.PENDING


def test_a_lapsed_member_cannot_ask_to_renew(world):
    lapsed = world.larry.memberships.get()
    with pytest.raises(ValidationError):
        renewal_request(membership=lapsed, requested_by=world.larry)


def test_terms_ending_within_n_days_are_the_reminder_list(world):
    term = _term(world.alice)
    term.renewal_due_on = timezone.localdate() + datetime.timedelta(days=30)
    term.save()
    assert list(terms_ending_within(days=30)) == [term]
    assert list(terms_ending_within(days=29)) == []


def test_the_member_asks_and_the_vp_confirms_on_the_preview_page(client, world, vp):
    client.force_login(world.alice)
    page = client.get("/profile/membership/")
    assert "Vraag verlenging aan" in page.content.decode()
    client.post("/profile/membership/renew/")
    client.post("/profile/membership/renew/")
    renewal = RenewalRequest.objects.get()
    assert "Wacht op de VP" in client.get("/profile/membership/").content.decode()

    client.force_login(vp)
    url = f"/c/{world.chapter.slug}/renewals/requests/{renewal.pk}/"
    preview = client.get(url)
    assert preview.status_code == 200 and 'data-testid="renewal-preview"' in preview.content.decode()
    assert client.post(url, {"decision": "approve", "reason": ""}).status_code == 302
    assert client.post(url, {"decision": "approve", "reason": ""}).status_code == 302
    assert world.alice.memberships.count() == 2


def test_only_the_vp_brings_a_lapsed_member_back_with_a_new_term_from_today(client, world, vp):
    lapsed = world.larry.memberships.get()
    with pytest.raises(ValidationError):
        renewal_request(membership=lapsed, requested_by=world.alice)
    client.force_login(vp)
    response = client.post(f"/c/{world.chapter.slug}/members/{lapsed.pk}/reinstate/")
    renewal = RenewalRequest.objects.get(membership=lapsed)
    assert response["Location"] == f"/c/{world.chapter.slug}/renewals/requests/{renewal.pk}/"
    assert renewal_preview(renewal).starts_on == timezone.localdate()
    new_term = renewal_approve(renewal=renewal, decided_by=vp)
    assert new_term.status == Membership.Status.ACTIVE and new_term.starts_on == timezone.localdate()
    lapsed.refresh_from_db()
    assert lapsed.status == Membership.Status.LAPSED
