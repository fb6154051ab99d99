"""Pipeline fixes: the header badge follows a status change; "thank the giver" once, then on purpose."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from referrals.models import ThankYou
from referrals.services.thanks import thank_you_create
from tests.referrals.helpers import form_fields, own_business


def test_the_header_badge_changes_with_the_pipeline(client, alice, bob):
    referral = own_business(alice, bob)
    client.force_login(bob)
    page = client.get(reverse("referral_detail", kwargs={"pk": referral.pk})).content.decode()
    assert re.search(r'id="referral-status-badge"><span class="badge status-new">Nieuw', page)

    response = client.post(
        reverse("referral_status", kwargs={"pk": referral.pk}),
        {"to_status": "won", "expected_status": "new"},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert 'id="pipeline"' in html
    badge = re.search(
        r'<span id="referral-status-badge" hx-swap-oob="true">(.*?)</span>\s*</span>', html, re.S
    )
    assert badge and "Gewonnen" in badge.group(1) and "Nieuw" not in badge.group(1)


def _thank(bob, referral, **kwargs):
    return thank_you_create(
        thanked_by=bob,
        thanked=None,
        amount=Decimal("800"),
        business_type="new",
        closed_on=timezone.localdate(),
        referral=referral,
        **kwargs,
    )


def test_thank_the_giver_disappears_once_the_slip_is_thanked(client, alice, bob):
    referral = own_business(alice, bob)
    client.force_login(bob)
    client.post(
        reverse("referral_status", kwargs={"pk": referral.pk}), {"to_status": "won", "expected_status": "new"}
    )
    page = client.get(reverse("referral_detail", kwargs={"pk": referral.pk})).content.decode()
    assert 'data-testid="thank-giver"' in page

    referral.refresh_from_db()
    _thank(bob, referral)

    page = client.get(reverse("referral_detail", kwargs={"pk": referral.pk})).content.decode()
    assert 'data-testid="thank-giver"' not in page and 'data-testid="another-payment"' in page


def test_a_second_thank_you_for_a_slip_needs_another_payment_ticked(client, alice, bob):
    referral = own_business(alice, bob)
    _thank(bob, referral)
    with pytest.raises(ValidationError, match="another payment"):
        _thank(bob, referral)

    client.force_login(bob)
    url = f"{reverse('thank_you_create')}?referral={referral.pk}"
    page = client.get(url).content.decode()
    assert 'data-testid="already-thanked"' in page
    data = form_fields(page, form_marker='data-keep-draft="thank-you-create"')
    data.update(amount="250", business_type="repeat")
    refused = client.post(url, data)
    assert refused.status_code == 200 and ThankYou.objects.count() == 1

    data["another_payment"] = "on"
    accepted = client.post(url, data)
    assert accepted.status_code == 302 and ThankYou.objects.filter(referral=referral).count() == 2
