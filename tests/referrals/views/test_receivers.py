"""Every page that looks a member up by id or by text shows only members the user may reach:
current members of the user's region (their own chapter and the region's other chapters)."""

import pytest
from django.test import Client

from tests import factories


@pytest.fixture
def far(world):
    """A current member of a chapter in another region."""
    return factories.make_member(world.far_chapter, "Fenna", last_name="Verweg", company="Verweg Hoveniers")


def _shows(content: str, member) -> bool:
    return member.last_name in content or member.company in content


def test_the_slip_form_prefilled_with_a_far_members_id_shows_nothing_of_them(client: Client, world, far):
    client.force_login(world.alice)

    response = client.get("/referrals/new/", {"to": far.pk})

    assert response.status_code == 200
    assert not _shows(response.content.decode(), far)


def test_the_slip_form_prefilled_with_a_former_members_id_shows_nothing_of_them(client: Client, world):
    client.force_login(world.alice)

    content = client.get("/referrals/new/", {"to": world.larry.pk}).content.decode()

    assert world.larry.last_name not in content


def test_the_slip_form_prefilled_with_a_member_of_another_chapter_of_the_region_shows_them(
    client: Client, world
):
    client.force_login(world.alice)

    content = client.get("/referrals/new/", {"to": world.dave.pk}).content.decode()

    assert world.dave.company in content


def test_a_slip_posted_to_a_far_member_is_refused_without_naming_them(client: Client, world, far):
    client.force_login(world.alice)

    response = client.post(
        "/referrals/new/",
        {"receiver": far.pk, "own_business": "on", "need": "Een tuin", "recommendation": "recommend"},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Kies een huidig lid uit je regio." in content
    assert not _shows(content, far)
    assert not far.referrals_received.exists()


def test_the_receiver_search_finds_no_far_member(client: Client, world, far):
    client.force_login(world.alice)

    content = client.get("/referrals/receivers/", {"q": "Verweg"}).content.decode()

    assert far.company not in content
    assert f'value="{far.pk}"' not in content


def test_the_one_to_one_form_prefilled_with_a_far_members_id_shows_nothing_of_them(
    client: Client, world, far
):
    far.offer = "Ontwerp van stadstuinen"
    far.ideal_referral = "Architecten met daktuinen"
    far.save()
    client.force_login(world.alice)

    response = client.get("/one-to-ones/new/", {"partner": far.pk})

    assert response.status_code == 200
    content = response.content.decode()
    assert not _shows(content, far)
    assert "stadstuinen" not in content and "daktuinen" not in content


@pytest.mark.parametrize("url", ["/thanks/new/", "/one-to-ones/new/", "/referrals/new/", "/testimonials/"])
def test_forms_never_offer_a_far_or_former_member(client: Client, world, far, url):
    client.force_login(world.alice)

    content = client.get(url).content.decode()

    assert not _shows(content, far)
    assert world.larry.last_name not in content


def test_a_thank_you_posted_to_a_far_member_is_refused(client: Client, world, far):
    client.force_login(world.alice)

    response = client.post(
        "/thanks/new/",
        {"thanked": far.pk, "amount": "100", "business_type": "new", "closed_on": "2026-01-05"},
    )

    assert response.status_code == 200
    assert not far.thanks_received.exists()


def test_a_testimonial_posted_to_a_far_member_is_refused(client: Client, world, far):
    client.force_login(world.alice)

    response = client.post("/testimonials/", {"given_to": far.pk, "given_on": "2026-01-05", "text": "Top"})

    assert response.status_code == 200
    assert not _shows(response.content.decode(), far)
    assert not far.testimonials_received.exists()
