"""A won slip invites the giver to write a testimonial, which makes their next slip a recommendation."""

from django.urls import reverse

from referrals import models
from referrals.selectors.referrals import recommendation_evidence
from referrals.services.status import referral_set_status
from tests.referrals.helpers import own_business, third_party


def _win(referral, by):
    referral_set_status(referral=referral, by=by, to_status="won", expected_status="new")


def test_a_won_introduction_invites_the_giver_to_write_a_testimonial(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    referral = third_party(world.alice, world.bob)
    assert referral.recommendation == "introduce"
    with django_capture_on_commit_callbacks(execute=True):
        _win(referral, world.bob)

    invite = world.alice.notices.get(url__startswith=reverse("testimonials"))
    assert invite.url == f"{reverse('testimonials')}?to={world.bob.pk}"
    assert "testimonial" in invite.text and world.bob.full_name in invite.text
    mail = next(message for message in mailoutbox if "testimonial" in message.subject)
    assert mail.to == [world.alice.email] and "Jan Smit" not in mail.body  # no contact in the task row
    assert not world.bob.notices.filter(url__startswith=reverse("testimonials")).exists()


def test_no_invite_when_the_giver_already_wrote_one_or_the_slip_is_lost(world):
    models.Testimonial.objects.create(given_by=world.alice, given_to=world.bob, chapter=world.chapter)
    _win(own_business(world.alice, world.bob), world.bob)
    lost = own_business(world.bob, world.alice)
    referral_set_status(
        referral=lost, by=world.alice, to_status="lost", expected_status="new", note="Te duur"
    )

    assert not world.alice.notices.filter(url__startswith=reverse("testimonials")).exists()
    assert not world.bob.notices.filter(url__startswith=reverse("testimonials")).exists()


def test_no_invite_across_chapters(world):
    referral = own_business(world.alice, world.dave)
    _win(referral, world.dave)
    assert not world.alice.notices.filter(url__startswith=reverse("testimonials")).exists()


def test_the_testimonial_from_the_invite_is_evidence_for_a_recommendation(world, client):
    _win(own_business(world.alice, world.bob), world.bob)
    client.force_login(world.alice)
    page = client.get(f"{reverse('testimonials')}?to={world.bob.pk}").content.decode()
    assert f'value="{world.bob.pk}" selected' in page

    client.post(reverse("testimonials"), {"given_to": world.bob.pk, "given_on": "2026-01-05", "text": "Top"})

    assert recommendation_evidence(giver=world.alice, receiver=world.bob) == ["testimonial"]
