import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from members.capabilities import Capability
from members.models import Role
from members.services.roles import role_assign
from tests import factories


def test_the_president_assigns_and_ends_a_role(client, world):
    role = factories.standard_role("visitor_host")
    client.force_login(world.carol)
    page = client.get(f"/c/{world.chapter.slug}/roles/")
    assert page.status_code == 200
    response = client.post(
        f"/c/{world.chapter.slug}/roles/",
        {"role": role.pk, "user": world.alice.pk, "starts_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    assignment = world.alice.role_assignments.get()
    assert world.alice.full_name in client.get(f"/c/{world.chapter.slug}/roles/").content.decode()

    client.post(f"/c/{world.chapter.slug}/roles/{assignment.pk}/end/")
    assignment.refresh_from_db()
    assert assignment.ends_on == timezone.localdate()


def test_the_same_role_cannot_be_assigned_twice(world):
    role = factories.standard_role("visitor_host")
    today = timezone.localdate()
    role_assign(chapter=world.chapter, role=role, user=world.alice, starts_on=today)
    with pytest.raises(ValidationError):
        role_assign(chapter=world.chapter, role=role, user=world.alice, starts_on=today)


def test_a_member_of_another_chapter_cannot_hold_a_role_here(world):
    with pytest.raises(ValidationError):
        role_assign(
            chapter=world.chapter,
            role=factories.standard_role("visitor_host"),
            user=world.dave,
            starts_on=timezone.localdate(),
        )


def test_a_chapter_role_with_capabilities_opens_the_pages_it_allows(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.carol)
    response = client.post(
        f"/c/{world.chapter.slug}/roles/new/",
        {
            "name_nl": "Evenementen",
            "name_en": "Events coordinator",
            "capabilities": [Capability.MANAGE_MEMBERS],
        },
    )
    assert response.status_code == 302
    role = Role.objects.get(chapter=world.chapter)
    assert role.capabilities == [Capability.MANAGE_MEMBERS]

    client.force_login(world.bob)
    assert client.get(f"/c/{world.chapter.slug}/members/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):  # the cached login is dropped at commit
        role_assign(chapter=world.chapter, role=role, user=world.bob, starts_on=timezone.localdate())
    assert client.get(f"/c/{world.chapter.slug}/members/").status_code == 200
    assert client.get(f"/c/{world.chapter.slug}/roles/").status_code == 403
