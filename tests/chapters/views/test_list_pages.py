import datetime

from chapters.models import RotaSlot
from chapters.services.attendance import meeting_record_complete
from tests import factories
from tests.chapters.helpers import make_meeting, make_visitor


def test_list_pages_stay_bounded(client, world, carol, django_assert_max_num_queries):
    members = [factories.make_member(world.chapter, f"Lid{n}") for n in range(15)]
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(days=1), venue="Zaal De Linde")
    make_visitor(meeting, "Vera", last_name="Gastvrij")
    meeting_record_complete(meeting=meeting, by=carol)
    upcoming = make_meeting(world.chapter, starts_in=datetime.timedelta(days=6))
    RotaSlot.objects.create(meeting=upcoming, kind="feature", member=members[-1])
    client.force_login(carol)
    # Each page, and what it must show of the rows behind it.
    for url, shows in (
        (f"/c/{world.chapter.slug}/attendance/", members[-1].full_name),
        (f"/c/{world.chapter.slug}/visitors/", "Vera Gastvrij"),
        (f"/c/{world.chapter.slug}/rotas/", members[-1].full_name),
        (f"/c/{world.chapter.slug}/meetings/{meeting.pk}/check-in/", members[-1].full_name),
        (f"/c/{world.chapter.slug}/meetings/{meeting.pk}/", "Zaal De Linde"),
    ):
        with django_assert_max_num_queries(16):
            response = client.get(url)
        assert response.status_code == 200, url
        assert shows in response.content.decode(), (url, shows)
