"""The chapter sets how long closed referrals keep their contact's details."""

from django.urls import reverse

from tests.chapters.permission_rows import _settings


def test_the_president_sets_the_retention_period_and_a_form_without_it_keeps_it(client, world):
    client.force_login(world.carol)
    url = reverse("chapter_settings", args=[world.chapter.slug])
    page = client.get(url).content.decode()
    assert 'name="contact_retention_months" value="24"' in page

    assert client.post(url, {**_settings(world), "contact_retention_months": "121"}).status_code == 200
    assert client.post(url, {**_settings(world), "contact_retention_months": "12"}).status_code == 302
    world.chapter.refresh_from_db()
    assert world.chapter.contact_retention_months == 12

    client.post(url, _settings(world))
    world.chapter.refresh_from_db()
    assert world.chapter.contact_retention_months == 12


def test_the_president_sets_when_former_members_are_pseudonymised(client, world):
    client.force_login(world.carol)
    url = reverse("chapter_settings", args=[world.chapter.slug])
    assert 'name="former_member_retention_months" value="12"' in client.get(url).content.decode()
    refused = client.post(url, {**_settings(world), "former_member_retention_months": "0"})
    assert refused.status_code == 200 and "former_member_retention_months" in refused.content.decode()
    assert client.post(url, {**_settings(world), "former_member_retention_months": "6"}).status_code == 302
    world.chapter.refresh_from_db()
    assert world.chapter.former_member_retention_months == 6
