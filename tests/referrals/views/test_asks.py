"""Asks that get answered: a structured weekly ask, the chapter's asks and "I know someone"."""

import pytest
from django.urls import reverse

from members.services.users import user_set_weekly_ask
from referrals import models
from tests.referrals.helpers import form_fields

ASK = "Facility managers van kantoren in Utrecht"


@pytest.fixture
def bob_asks(bob):
    return user_set_weekly_ask(
        user=bob,
        weekly_ask=ASK,
        ask_who="Facility manager, kantoor met 50+ medewerkers, regio Utrecht",
        ask_why="Ik onderhoud klimaatinstallaties",
        ask_intro="Bob denkt mee over lagere energiekosten",
    )


def test_a_member_writes_a_structured_ask_and_home_shows_it(
    client, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    page = client.get(reverse("profile_weekly_ask")).content.decode()
    data = form_fields(page, form_marker='class="weekly-ask"')
    data.update(weekly_ask=ASK, ask_who="Facility managers", ask_why="Omdat", ask_intro="Zeg: bel Alice")
    with django_capture_on_commit_callbacks(execute=True):  # the cached login and home follow the write
        client.post(reverse("profile_weekly_ask"), data)

    alice.refresh_from_db()
    assert (alice.weekly_ask, alice.ask_who, alice.ask_intro) == (ASK, "Facility managers", "Zeg: bel Alice")
    home = client.get(reverse("home")).content.decode()
    assert "Facility managers" in home and "Zeg: bel Alice" in home
    assert "0 leden hebben je vraag beantwoord" in home

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("profile_weekly_ask"), {"weekly_ask": ""})
    alice.refresh_from_db()
    assert (alice.ask_who, alice.ask_why, alice.ask_intro) == ("", "", "")


def test_i_know_someone_opens_a_slip_to_the_asker_that_answers_the_ask(
    client, world, alice, bob, bob_asks, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    asks = client.get(reverse("chapter_asks", args=[world.chapter.slug])).content.decode()
    assert ASK in asks and "regio Utrecht" in asks
    link = f"{reverse('referral_create')}?to={bob.pk}&amp;ask=1"
    assert link in asks

    page = client.get(link.replace("&amp;", "&")).content.decode()
    assert 'data-testid="answering-ask"' in page and "Bob denkt mee" in page
    data = form_fields(page)
    assert data["receiver"] == str(bob.pk) and data["answers_ask"] == str(bob.pk)
    data.update(
        need="Nieuwe klimaatinstallatie",
        contact_name="Jan Smit",
        contact_phone="06-12345678",
        consent="told_them",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("referral_create"), data)

    assert response.status_code == 302
    referral = models.Referral.objects.get()
    assert (referral.receiver, referral.answered_ask) == (bob, ASK)
    client.force_login(bob)
    asks = client.get(reverse("chapter_asks", args=[world.chapter.slug])).content.decode()
    assert "1 lid heeft geantwoord" in asks
    assert "1 lid heeft je vraag beantwoord" in client.get(reverse("home")).content.decode()


def test_the_ask_is_read_on_the_server_not_taken_from_the_post(client, alice, bob):
    client.force_login(alice)
    data = form_fields(client.get(f"{reverse('referral_create')}?to={bob.pk}&ask=1").content.decode())
    data.update(need="x", own_business="on")
    client.post(reverse("referral_create"), data)
    assert models.Referral.objects.get().answered_ask == ""  # bob has no ask


def test_the_asker_sees_no_button_for_their_own_ask(client, world, bob, bob_asks):
    client.force_login(bob)
    asks = client.get(reverse("chapter_asks", args=[world.chapter.slug])).content.decode()
    assert ASK in asks and 'data-testid="i-know-someone"' not in asks


def test_a_profile_offers_pass_a_referral_log_a_one_to_one_and_i_know_someone(
    client, world, alice, bob, bob_asks
):
    client.force_login(alice)
    page = client.get(reverse("directory_profile", args=[world.chapter.slug, bob.pk])).content.decode()
    assert f"{reverse('referral_create')}?to={bob.pk}" in page
    assert f"{reverse('one_to_one_create')}?partner={bob.pk}" in page
    assert 'data-testid="i-know-someone"' in page and "regio Utrecht" in page


def test_a_testimonial_on_record_makes_the_slip_start_as_a_recommendation(client, world, alice, bob):
    models.Testimonial.objects.create(given_by=alice, given_to=bob, chapter=world.chapter)
    client.force_login(alice)
    data = form_fields(client.get(f"{reverse('referral_create')}?to={bob.pk}").content.decode())
    assert data["recommendation"] == "recommend"


def test_the_slip_page_shows_the_ask_it_answers(client, alice, bob, bob_asks):
    client.force_login(alice)
    data = form_fields(client.get(f"{reverse('referral_create')}?to={bob.pk}&ask=1").content.decode())
    data.update(need="x", own_business="on")
    response = client.post(reverse("referral_create"), data)
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="answered-ask"' in page and ASK in page


def test_choosing_another_receiver_answers_no_ask(client, world, alice, bob, bob_asks):
    client.force_login(alice)
    data = form_fields(client.get(f"{reverse('referral_create')}?to={bob.pk}&ask=1").content.decode())
    data.update(receiver=world.carol.pk, need="x", own_business="on")
    client.post(reverse("referral_create"), data)
    assert models.Referral.objects.get().answered_ask == ""
