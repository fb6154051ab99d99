import datetime

from django.utils import timezone

from chapters.models import Attendance, RotaSlot
from chapters.services.attendance import meeting_record_complete
from chapters.services.calendar_tokens import calendar_token_for
from chapters.services.rotas import rota_fill, rota_swap
from tests import factories
from tests.chapters.helpers import add_agenda, make_meeting, make_visitor


def test_the_member_home_shows_the_next_meeting_and_my_turn(client, world):
    meeting = make_meeting(world.chapter)
    RotaSlot.objects.create(meeting=meeting, kind="feature", member=world.alice)
    client.force_login(world.alice)
    html = client.get("/").content.decode()
    assert 'data-testid="next-meeting-panel"' in html
    assert "Hotel Karel V" in html
    assert "/me/absences/" in html


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


def test_tapping_a_name_on_the_check_in_screen_marks_present_in_place(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=20))
    add_agenda(meeting)
    client.force_login(carol)
    url = f"/c/{world.chapter.slug}/meetings/{meeting.pk}/check-in/{world.alice.pk}/"
    response = client.post(url, {"action": "in"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="checkin-{world.alice.pk}"' in html and "<html" not in html
    assert Attendance.objects.get(meeting=meeting, member=world.alice).status == "P"
    client.post(url, {"action": "undo"}, headers={"HX-Request": "true"})
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_a_tap_on_a_completed_record_swaps_back_the_row_with_the_error(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(hours=1))
    add_agenda(meeting)
    meeting_record_complete(meeting=meeting, by=carol)
    client.force_login(carol)
    url = f"/c/{world.chapter.slug}/meetings/{meeting.pk}/check-in/{world.alice.pk}/"
    response = client.post(url, {"action": "undo"}, headers={"HX-Request": "true"})
    assert response.status_code == 200  # htmx swaps only a 2xx, and never follows to a whole page here
    assert "HX-Refresh" not in response.headers
    html = response.content.decode()
    assert html.lstrip().startswith('<li class="list-group-item') and f'id="checkin-{world.alice.pk}"' in html
    assert "<html" not in html
    assert "De presentielijst van deze bijeenkomst is afgerond; gebruik een correctie." in html
    assert Attendance.objects.get(meeting=meeting, member=world.alice).status == "A"


def test_a_failed_guest_check_in_swaps_back_the_guest_row_with_the_error(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=20))
    visitor = make_visitor(meeting, "Vera")
    client.force_login(carol)
    url = f"/c/{world.chapter.slug}/meetings/{meeting.pk}/check-in/guests/{visitor.pk}/"
    response = client.post(url, {"kind": "stowaway"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="guest-{visitor.pk}"' in html and "<html" not in html
    assert "Onbekende soort gast." in html
    visitor.refresh_from_db()
    assert visitor.checked_in_at is None


def test_another_chapters_meeting_is_not_found(client, world, carol):
    other = make_meeting(world.other_chapter)
    client.force_login(carol)
    assert client.get(f"/c/{world.chapter.slug}/meetings/{other.pk}/").status_code == 404


def test_rota_fill_gives_turns_to_who_waited_longest(world):
    past = make_meeting(world.chapter, starts_in=-datetime.timedelta(days=7))
    RotaSlot.objects.create(meeting=past, kind="feature", member=world.alice)
    upcoming = [make_meeting(world.chapter, starts_in=datetime.timedelta(weeks=w, days=1)) for w in range(3)]
    assert rota_fill(chapter=world.chapter, kind="feature", weeks=3) == 3
    order = [m.rota_slots.get(kind="feature").member for m in upcoming]
    assert order == [world.bob, world.carol, world.alice]  # never had a turn first, alice last


def test_two_turns_can_be_swapped(world):
    first, second = (
        make_meeting(world.chapter, starts_in=datetime.timedelta(weeks=w, days=1)) for w in range(2)
    )
    a = RotaSlot.objects.create(meeting=first, kind="feature", member=world.alice)
    b = RotaSlot.objects.create(meeting=second, kind="feature", member=world.bob)
    rota_swap(chapter=world.chapter, first_slot_id=a.pk, second_slot_id=b.pk)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.member, b.member) == (world.bob, world.alice)


def test_calendar_feeds_list_the_meetings_and_my_turns(client, world):
    meeting = make_meeting(world.chapter)
    RotaSlot.objects.create(meeting=meeting, kind="feature", member=world.alice)
    chapter_token = calendar_token_for(chapter=world.chapter).token
    member_token = calendar_token_for(user=world.alice).token
    body = client.get(f"/ical/chapter/{chapter_token}.ics").content.decode()
    assert body.count("BEGIN:VEVENT") == 1
    member_body = client.get(f"/ical/member/{member_token}.ics").content.decode()
    assert "feature" in member_body or "hoofdpresentatie" in member_body.lower()
    assert client.get("/ical/member/wrong.ics").status_code == 404


def test_announcing_an_absence_from_the_personal_page(client, world):
    meeting = make_meeting(world.chapter)
    client.force_login(world.alice)
    response = client.post(
        "/me/absences/", {"meeting": meeting.pk, "substitute_name": "Sam Vervanger", "substitute_email": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == "/me/absences/"
    assert meeting.absence_notices.get().substitute_name == "Sam Vervanger"
    assert "Sam Vervanger" in client.get("/me/absences/").content.decode()
    response = client.post(
        "/me/absences/",
        {"meeting": meeting.pk, "substitute_name": world.bob.full_name, "substitute_email": ""},
    )
    # A member of the chapter cannot be the substitute: the form comes back with the reason.
    assert response.status_code == 200
    assert "Een vervanger mag geen lid van deze kring zijn." in response.content.decode()
    assert meeting.absence_notices.get().substitute_name == "Sam Vervanger"


def test_the_public_chapter_page_links_to_registration(client, world):
    make_meeting(world.chapter, starts_in=timezone.timedelta(days=3))
    html = client.get(f"/chapters/{world.chapter.slug}/").content.decode()
    assert f"/chapters/{world.chapter.slug}/visit/" in html
    assert f"/chapters/{world.chapter.slug}/" in client.get("/").content.decode()
