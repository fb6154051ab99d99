import datetime

from chapters.models import RotaSlot
from tests.chapters.helpers import make_meeting


def test_the_meeting_list_needs_the_same_queries_for_many_meetings(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.alice)
    url = f"/c/{world.chapter.slug}/meetings/"
    make_meeting(world.chapter)
    client.get(url)  # the first request loads the session and the login into the cache
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    for week in range(2, 12):
        meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(weeks=week))
        RotaSlot.objects.create(meeting=meeting, kind="feature", member=world.bob)
    # the login (cached), count, page of meetings, rota prefetch
    with django_assert_max_num_queries(10) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_another_chapters_meeting_is_not_found(client, world, carol):
    other = make_meeting(world.other_chapter)
    client.force_login(carol)
    assert client.get(f"/c/{world.chapter.slug}/meetings/{other.pk}/").status_code == 404
