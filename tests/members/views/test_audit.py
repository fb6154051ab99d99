"""The chapter's audit page shows an entry of every audited record type, unfiltered and filtered."""

import pytest
from auditlog.models import LogEntry
from django.test import Client

from members.audit import CHAPTER_OF
from tests.members.audit_records import ADMIN_ONLY, BUILDERS, audited_role, make_one_of_each


def test_every_audited_type_has_a_builder_here():
    assert set(CHAPTER_OF) == set(BUILDERS) | ADMIN_ONLY


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


@pytest.mark.parametrize("model", list(BUILDERS), ids=_label)
def test_the_audit_page_shows_an_entry_of_every_audited_type(client: Client, world, model):
    instance = BUILDERS[model](world)
    entry = LogEntry.objects.get_for_object(instance).latest("timestamp")
    assert entry.additional_data == {"chapter_id": world.chapter.pk}
    link = f"?type={_label(model)}&amp;object={instance.pk}"
    client.force_login(world.carol)

    for query in ({}, {"type": _label(model)}, {"type": _label(model), "object": instance.pk}):
        response = client.get(f"/c/{world.chapter.slug}/audit/", query)
        assert response.status_code == 200, query
        assert link in response.content.decode(), query


def test_the_audit_page_shows_every_type_together(client: Client, world):
    records = make_one_of_each(world)
    client.force_login(world.carol)

    content = client.get(f"/c/{world.chapter.slug}/audit/").content.decode()

    for model, instance in records.items():
        assert f"?type={_label(model)}&amp;object={instance.pk}" in content


def test_a_custom_roles_capabilities_read_as_their_names(client: Client, world):
    audited_role(world)
    client.force_login(world.carol)

    content = client.get(f"/c/{world.chapter.slug}/audit/", {"type": "members.role"}).content.decode()

    assert "Chapterinstellingen wijzigen, De bijeenkomst leiden" in content
    assert "members.RoleAssignment.None" not in content
