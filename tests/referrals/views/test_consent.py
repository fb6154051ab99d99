"""The contact's page, opened without an account from Kring's email."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from referrals.models import ContactConsentRequest, Referral
from referrals.services.consent import consent_request_send
from tests.referrals.helpers import third_party


@pytest.fixture
def link(alice, bob):
    referral = third_party(alice, bob, consent="none")
    token = consent_request_send(referral=referral, by=alice)
    return referral, reverse("contact_consent", kwargs={"token": token})


def test_the_page_names_giver_and_receiver_shows_the_stored_data_and_nothing_else(client, link, world):
    referral, url = link
    other = third_party(world.bob, world.alice, contact_name="Piet Geheim", contact_email="piet@geheim.nl")
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert world.alice.full_name in page and world.bob.full_name in page
    assert "Jan Smit" in page and "06-12345678" in page  # their own data, to see and erase
    assert other.contact_name not in page and "piet@geheim.nl" not in page
    assert "Ja, bel me" in page and "Nee, dank je" in page
    assert response["Referrer-Policy"] == "same-origin"


def test_saying_yes_by_email_first_is_shown_and_a_second_answer_is_refused(client, link):
    referral, url = link
    response = client.post(url, {"answer": "email"})
    assert response.status_code == 200
    assert "Dank je!" in response.content.decode()
    response = client.post(url, {"answer": "no"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Je eerste antwoord blijft staan." in page and "Your first answer stands." in page
    referral.refresh_from_db()
    assert referral.contact_preference == "email" and referral.contact_email


def test_no_thanks_erases_and_the_page_shows_nothing_is_stored(client, link):
    referral, url = link
    response = client.post(url, {"answer": "no"})
    page = response.content.decode()
    assert "Jan Smit" not in page and 'data-testid="stored-nothing"' in page
    referral.refresh_from_db()
    assert referral.contact_erased_at and not referral.contact_name


def test_the_contact_erases_their_details_from_the_page(client, link):
    referral, url = link
    client.post(url, {"answer": "erase"})
    referral.refresh_from_db()
    assert referral.contact_erased_at and not referral.contact_phone


def test_a_link_with_a_nul_byte_is_a_bad_request_that_answers_nothing(client, link):
    response = client.get("/consent/%00%27--/")
    assert response.status_code == 400
    assert "Jan Smit" not in response.content.decode()
    assert client.post("/consent/%00%27--/", {"answer": "call"}).status_code == 400
    assert not Referral.objects.filter(consent="contact_yes").exists()


@pytest.mark.parametrize("token", ["x" * 43, "kort", "a" * 44, "%27--"])
def test_a_forged_or_garbage_link_says_so_in_both_languages(client, token, link):
    response = client.get(f"/consent/{token}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Deze link is niet geldig." in page and "This link is not valid." in page
    assert "Jan Smit" not in page
    assert client.post(f"/consent/{token}/", {"answer": "call"}).status_code == 404
    assert not Referral.objects.filter(consent="contact_yes").exists()


def test_an_expired_link_says_so_in_both_languages(client, link):
    _referral, url = link
    ContactConsentRequest.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(url)
    assert response.status_code == 410
    page = response.content.decode()
    assert "Deze link is verlopen" in page and "This link has expired" in page
    assert "Jan Smit" not in page
    assert client.post(url, {"answer": "call"}).status_code == 410


def test_a_replaced_link_says_so(client, link, alice):
    referral, url = link
    consent_request_send(referral=referral, by=alice)
    response = client.get(url)
    assert response.status_code == 410
    assert "niet meer geldig" in response.content.decode()


@override_settings(RATE_LIMITS={"consent_per_ip": (3, 3600)})
def test_the_page_is_rate_limited(client, link):
    _referral, url = link
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert "Te veel pogingen" in client.get(url).content.decode()


def test_the_receiver_sees_the_lead_waiting_without_details_then_the_details_after_yes(client, link, bob):
    referral, url = link
    client.force_login(bob)
    detail = reverse("referral_detail", kwargs={"pk": referral.pk})
    page = client.get(detail).content.decode()
    assert "Wacht op het ja van het contact" in page
    assert "06-12345678" not in page and "jan@smitbouw.nl" not in page
    listing = client.get(reverse("referral_list")).content.decode()
    assert "Wacht op het ja van het contact" in listing
    client.logout()
    client.post(url, {"answer": "call"})
    client.force_login(bob)
    page = client.get(detail).content.decode()
    assert "06-12345678" in page and "Ze worden liefst gebeld." in page


def test_ask_them_for_me_on_the_form_needs_an_email_address(client, alice, bob):
    client.force_login(alice)
    response = client.post(
        reverse("referral_create"),
        {
            "idempotency_key": "0d1f7a0e-5b4a-4b8e-9a55-6f0a1c2b3d4e",
            "receiver": bob.pk,
            "need": "Warmtepomp",
            "contact_name": "Jan Smit",
            "contact_phone": "06-12345678",
            "consent": "ask",
            "recommendation": "introduce",
            "temperature": "1",
        },
    )
    assert response.status_code == 200
    assert "Kring vraagt het contact per e-mail: vul het e-mailadres in." in response.content.decode()
    assert not Referral.objects.exists()
