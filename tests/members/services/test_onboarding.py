"""Onboarding: approval starts a checklist, the coordinator assigns a mentor, items are ticked once,
overdue items reach the mentor coordinator once, and the new member sees it on their home."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from chapters.models import RotaSlot
from chapters.services.rotas import rota_fill
from members.models import Onboarding, OnboardingItem
from members.services.applications import application_approve
from members.services.onboarding import (
    DEFAULT_STEPS,
    onboarding_assign_mentor,
    onboarding_item_tick,
    onboarding_overdue_notices,
    onboarding_start,
)
from referrals.models import Notice
from tests import factories
from tests.chapters.helpers import make_meeting
from tests.members.helpers import make_ready_application


@pytest.fixture
def coordinator(world):
    user = factories.make_member(world.chapter, "Mira")
    factories.give_role(user, world.chapter, "mentor_coordinator")
    return user


def test_approval_starts_the_checklist_and_tells_the_mentor_coordinator(world, coordinator):
    member = application_approve(application=make_ready_application(world.chapter), decided_by=world.carol)
    onboarding = Onboarding.objects.get(membership__user=member)
    assert onboarding.items.count() == len(DEFAULT_STEPS)
    orientation = onboarding.items.first()
    assert orientation.due_on == onboarding.started_on + datetime.timedelta(days=14)
    assert Notice.objects.filter(user=coordinator, url__endswith="/onboarding/").count() == 1
    assert onboarding_start(membership=onboarding.membership).pk == onboarding.pk
    assert OnboardingItem.objects.count() == len(DEFAULT_STEPS)


def test_the_coordinator_assigns_a_mentor_from_the_chapter(world, coordinator):
    onboarding = onboarding_start(membership=world.bob.memberships.get())
    with pytest.raises(ValidationError):
        onboarding_assign_mentor(onboarding=onboarding, mentor=world.bob)
    with pytest.raises(ValidationError):
        onboarding_assign_mentor(onboarding=onboarding, mentor=world.dave)
    onboarding_assign_mentor(onboarding=onboarding, mentor=world.alice)
    assert Onboarding.objects.get().mentor == world.alice
    notice = Notice.objects.get(user=world.alice, kind="onboarding_mentor")
    assert world.bob.full_name in notice.text


def test_an_item_is_ticked_once_and_overdue_items_are_reported_once(world, coordinator):
    onboarding = onboarding_start(membership=world.bob.memberships.get())
    first, second = onboarding.items.all()[:2]
    onboarding_item_tick(item=first, by=world.bob)
    again = onboarding_item_tick(item=first, by=world.carol)
    assert again.done_by == world.bob
    late = timezone.localdate() + datetime.timedelta(days=100)
    reported = onboarding_overdue_notices(today=late)
    assert reported == len(DEFAULT_STEPS) - 1
    assert onboarding_overdue_notices(today=late) == 0
    call_command("onboarding_overdue", verbosity=0)
    texts = [notice.text for notice in Notice.objects.filter(user=coordinator, kind="onboarding_overdue")]
    assert len(texts) == reported and all("achterstallig" in text for text in texts)
    assert any(second.title_nl in text for text in texts)


def test_the_new_member_sees_the_checklist_on_home_and_ticks_their_own_item(client, world, coordinator):
    onboarding = onboarding_start(membership=world.bob.memberships.get())
    own = onboarding.items.filter(owner="member").first()
    coordinators_item = onboarding.items.filter(owner="coordinator").first()
    client.force_login(world.bob)
    home = client.get("/").content.decode()
    assert 'data-testid="my-onboarding"' in home and "Oriëntatie" in home
    assert client.post(f"/profile/onboarding/{coordinators_item.pk}/done/").status_code == 404
    assert client.post(f"/profile/onboarding/{own.pk}/done/").status_code == 302
    own.refresh_from_db()
    assert own.done_on == timezone.localdate()

    client.force_login(coordinator)
    page = client.get(f"/c/{world.chapter.slug}/onboarding/").content.decode()
    assert 'data-testid="onboarding"' in page and world.bob.full_name in page


def test_rota_fill_skips_a_new_member_until_the_orientation_is_done(world, coordinator):
    for index in range(3):
        make_meeting(world.chapter, starts_in=datetime.timedelta(days=7 * index + 1))
    onboarding = onboarding_start(membership=world.bob.memberships.get())
    rota_fill(chapter=world.chapter, kind="feature", weeks=3)
    assert not world.bob.rota_slots.exists()

    onboarding_item_tick(item=onboarding.items.get(blocks_rota=True), by=coordinator)
    RotaSlot.objects.all().delete()
    rota_fill(chapter=world.chapter, kind="feature", weeks=3)
    assert world.bob.rota_slots.count() == 1


def test_the_coordinator_edits_the_checklist_for_new_members(client, world, coordinator):
    client.force_login(coordinator)
    url = f"/c/{world.chapter.slug}/onboarding/steps/"
    page = client.get(url).content.decode()
    assert "Evaluatie na 90 dagen" in page
    response = client.post(
        url, {"title_nl": "Bezoek een ander chapter", "title_en": "", "due_days": "45", "owner": "member"}
    )
    assert response.status_code == 302
    assert client.post(url, {"title_nl": "Te laat", "due_days": "0", "owner": "member"}).status_code == 200
    step = world.chapter.onboarding_steps.get(title_nl="Bezoek een ander chapter")
    onboarding = onboarding_start(membership=world.bob.memberships.get())
    assert onboarding.items.filter(title_nl="Bezoek een ander chapter").exists()
    assert client.post(f"{url}{step.pk}/remove/").status_code == 302
    assert client.post(f"{url}{step.pk}/remove/").status_code == 302
    assert onboarding.items.filter(title_nl="Bezoek een ander chapter").exists()  # started ones keep it
