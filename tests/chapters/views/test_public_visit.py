"""The public visit form names members by first name and classification, never by full name."""

from django.test import Client

from tests import factories
from tests.chapters.helpers import make_meeting


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
