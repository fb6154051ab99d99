"""The public visit form names members by first name and classification, never by full name."""

from django.test import Client
from django.utils import timezone

from tests import factories
from tests.chapters.helpers import make_meeting, visit_form_data


def test_the_public_pages_show_members_first_names_and_classifications_not_last_names(client: Client, world):
    make_meeting(world.chapter)
    fotograaf = factories.make_classification("Fotograaf")
    factories.make_member(world.chapter, "Hanna", last_name="Verborgen-Achternaam", classification=fotograaf)

    visit = client.get(f"/chapters/{world.chapter.slug}/visit/").content.decode()
    assert "Hanna · Fotograaf" in visit

    for url in (f"/chapters/{world.chapter.slug}/", f"/chapters/{world.chapter.slug}/visit/"):
        page = client.get(url).content.decode()
        for last_name in ["Verborgen-Achternaam"] + [
            m.last_name for m in (world.alice, world.bob, world.carol)
        ]:
            assert last_name not in page


def test_visit_registrations_are_limited_per_client_behind_the_proxy(settings, world):
    from django.core.cache import cache

    from chapters.models import Visitor

    settings.BEHIND_PROXY = True
    meeting = make_meeting(world.chapter)
    url = f"/chapters/{world.chapter.slug}/visit/"
    first = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    second = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")
    for _ in range(3):
        assert (
            first.post(url, visit_form_data(meeting, consent="")).status_code == 200
        )  # refused: not counted
    for n in range(5):
        assert first.post(url, visit_form_data(meeting, email=f"v{n}@gast.nl")).status_code == 302
        cache.clear()  # as if each post reached another process

    response = first.post(url, visit_form_data(meeting, email="v9@gast.nl"))
    assert response.status_code == 429
    assert (
        "Te veel bezoekaanmeldingen" in response.content.decode()
        and 'name="email"' in response.content.decode()
    )
    assert Visitor.objects.count() == 5
    assert second.post(url, visit_form_data(meeting, email="w@gast.nl")).status_code == 302


def test_the_public_chapter_page_links_to_registration(client, world):
    make_meeting(world.chapter, starts_in=timezone.timedelta(days=3))
    html = client.get(f"/chapters/{world.chapter.slug}/").content.decode()
    assert f"/chapters/{world.chapter.slug}/visit/" in html
    assert f"/chapters/{world.chapter.slug}/" in client.get("/").content.decode()
