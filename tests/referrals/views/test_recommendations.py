"""The slip form says why a slip is an introduction; the slip page and the board show which it is."""

from django.urls import reverse

from referrals.models import Referral
from referrals.services.referrals import ReferralData, referral_create
from tests.referrals.helpers import form_fields


def _post(client, bob, **answers):
    data = form_fields(client.get(reverse("referral_create")).content.decode())
    data.update(
        receiver=bob.pk, need="Nieuwe cv-ketel", own_business="on", recommendation="recommend", **answers
    )
    return client.post(reverse("referral_create"), data)


def test_the_form_says_why_recommending_this_member_is_not_offered(client, alice, bob):
    client.force_login(alice)
    page = client.get(reverse("referral_create"), {"to": bob.pk}).content.decode()
    assert "Er staat geen bedankje of testimonial van jou aan Bob" in page
    assert "Ik was zelf klant" in page


def test_a_posted_recommend_without_evidence_is_refused_with_the_reason(client, alice, bob):
    client.force_login(alice)
    response = _post(client, bob)
    assert response.status_code == 200
    assert "Je kunt Bob alleen aanbevelen uit eigen ervaring" in response.content.decode()
    assert not Referral.objects.exists()


def test_with_the_customer_tick_it_is_a_recommendation_and_the_slip_page_says_so(client, alice, bob):
    client.force_login(alice)
    response = _post(client, bob, giver_was_customer="on")
    referral = Referral.objects.get()
    assert response.status_code == 302 and referral.recommendation == "recommend"
    client.force_login(bob)
    page = client.get(reverse("referral_detail", kwargs={"pk": referral.pk})).content.decode()
    assert "Aanbevolen uit ervaring" in page and "De gever was zelf klant." in page


def test_the_board_shows_recommendations_and_introductions(client, world):
    alice, bob = world.alice, world.bob
    referral_create(
        giver=alice,
        receiver=bob,
        data=ReferralData(need="Een", recommendation="recommend", giver_was_customer=True),
    )
    referral_create(giver=bob, receiver=alice, data=ReferralData(need="Twee"))
    client.force_login(world.carol)  # the president reads the board out
    page = client.get(reverse("chapter_board", kwargs={"chapter_slug": world.chapter.slug})).content.decode()
    assert page.count('data-testid="recommendation-badge"') == 2
    assert "Aanbevolen uit ervaring" in page and "Introductie" in page
