from django.core import mail

from chapters.models import Chapter
from members.models import Membership
from tests import factories


def test_a_region_admin_starts_a_chapter_with_its_first_leadership_team(
    client, world, django_capture_on_commit_callbacks
):
    factories.standard_role("president")
    factories.standard_role("vice_president")
    factories.standard_role("secretary_treasurer")
    accountant = factories.make_classification("Accountant")
    client.force_login(world.rita)
    region = world.chapter.region
    page = client.get(f"/region/{region.slug}/chapters/new/")
    assert page.status_code == 200
    data = {
        "name": "Kring Zeist",
        "slug": "zeist",
        "city": "Zeist",
        "meeting_weekday": "2",
        "meeting_time": "07:00",
        "venue": "",
        "president-first_name": "Paula",
        "president-last_name": "Prins",
        "president-email": "paula@example.nl",
        "president-classification": accountant.pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/region/{region.slug}/chapters/new/", data)
    assert response.status_code == 302
    chapter = Chapter.objects.get(slug="zeist")
    membership = Membership.objects.get(chapter=chapter)
    assert membership.user.email == "paula@example.nl"
    assert membership.user.role_assignments.get().role.code == "president"
    assert mail.outbox[0].to == ["paula@example.nl"]
    assert "Kring Zeist" in client.get(f"/region/{region.slug}/").content.decode()


def test_a_partly_filled_leader_is_a_form_error_and_nothing_is_created(client, world):
    factories.standard_role("president")
    factories.standard_role("vice_president")
    factories.standard_role("secretary_treasurer")
    classification = factories.make_classification()
    client.force_login(world.rita)
    region = world.chapter.region
    response = client.post(
        f"/region/{region.slug}/chapters/new/",
        {
            "name": "Kring Zeist",
            "slug": "zeist",
            "city": "Zeist",
            "meeting_weekday": "2",
            "meeting_time": "07:00",
            "president-first_name": "Paula",
            "president-last_name": "Prins",
            "president-email": "paula@example.nl",
            "president-classification": classification.pk,
            "vice_president-first_name": "Victor",
        },
    )
    assert response.status_code == 200
    assert "Dit veld is verplicht" in response.content.decode()
    assert not Chapter.objects.filter(slug="zeist").exists()


def test_an_admin_of_another_region_gets_404(client, world):
    client.force_login(world.oscar)
    assert client.get(f"/region/{world.chapter.region.slug}/").status_code == 404
