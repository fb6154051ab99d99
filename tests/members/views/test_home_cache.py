"""The member home is served from a cache, and never shows what has since changed.

Its panels are cached per member (config/cache.py); every write to what they show must reach the
next page view, whoever made it and from whichever chapter. The services bump the generations at
commit, as in production: `committed()` runs the commit callbacks a test's transaction never runs.
"""

import datetime

import pytest
from django.urls import reverse

from chapters.models import Attendance
from chapters.services.attendance import meeting_record_complete
from config import cache as fragment_cache
from members.services.users import user_set_language
from referrals.services.notices import notices_mark_read
from referrals.services.status import referral_set_status
from tests.chapters.helpers import make_meeting
from tests.referrals.helpers import own_business, third_party

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def home(client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_visit_is_served_from_the_cache_with_a_handful_of_queries(
    client, world, django_assert_max_num_queries
):
    own_business(world.bob, world.alice, need="Portretten voor het team")
    client.force_login(world.alice)
    first = home(client)
    # session, user with membership and rights, messages: nothing of the panels' own queries
    with django_assert_max_num_queries(3):
        second = home(client)
    assert "Portretten voor het team" in first and "Portretten voor het team" in second


def test_a_referral_passed_to_me_shows_on_my_next_visit(client, world, committed):
    client.force_login(world.alice)
    assert "Een nieuwe website" not in home(client)
    with committed():
        own_business(world.bob, world.alice, need="Een nieuwe website")
    assert "Een nieuwe website" in home(client)


def test_a_referral_from_another_chapter_shows_too(client, world, committed):
    client.force_login(world.alice)
    home(client)
    with committed():
        third_party(world.dave, world.alice, need="Drukwerk voor een beurs")
    assert "Drukwerk voor een beurs" in home(client)


def test_moving_a_referral_along_removes_it_from_my_waiting_slips(client, world, committed):
    referral = own_business(world.bob, world.alice, need="Bruiloftsfotos")
    client.force_login(world.alice)
    assert "Bruiloftsfotos" in home(client)
    with committed():
        referral_set_status(
            referral=referral, by=world.alice, to_status="meeting", expected_status=referral.status
        )
    assert "Bruiloftsfotos" not in home(client)


def test_a_completed_attendance_record_updates_my_absences(client, world, committed):
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(days=1))
    client.force_login(world.alice)
    assert 'data-testid="my-absences"' in home(client)
    before = home(client).split('data-testid="my-absences"')[1][:80]
    with committed():
        meeting_record_complete(meeting=meeting, by=world.carol)
    assert Attendance.objects.filter(meeting=meeting, member=world.alice, status="A").exists()
    after = home(client).split('data-testid="my-absences"')[1][:80]
    assert before != after and "1" in after


def test_reading_my_notices_clears_the_badge_at_once(client, world, committed):
    own_business(world.bob, world.alice)
    client.force_login(world.alice)
    assert 'data-testid="notice-count"' in home(client)
    with committed():
        notices_mark_read(user=world.alice)
    assert 'data-testid="notice-count"' not in home(client)


def test_my_language_is_part_of_the_key(client, world, committed):
    client.force_login(world.alice)
    assert "Volgende bijeenkomst" in home(client)
    with committed():
        user_set_language(user=world.alice, language="en")
    assert "Next meeting" in home(client)


def test_the_clock_moves_the_page_on_without_any_write(client, world, monkeypatch):
    client.force_login(world.alice)
    home(client)
    built = []
    original = fragment_cache.cached

    def counting(name, *, chapters, users, build):
        return original(name, chapters=chapters, users=users, build=lambda: built.append(1) or build())

    monkeypatch.setattr("members.views.home.cached", counting)
    home(client)
    assert built == []
    later = fragment_cache.clock_seconds() + 61
    monkeypatch.setattr(fragment_cache, "clock_seconds", lambda: later)
    home(client)
    assert built == [1]


def test_a_write_shows_only_once_it_commits(client, world, django_capture_on_commit_callbacks):
    """A page built while the write is uncommitted is cached under the old generation: the new
    one, given at commit, never reads it."""
    client.force_login(world.alice)
    assert "Een nieuwe website" not in home(client)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        own_business(world.bob, world.alice, need="Een nieuwe website")
    assert "Een nieuwe website" not in home(client)  # the commit has not happened yet
    for callback in callbacks:
        callback()
    assert "Een nieuwe website" in home(client)


def test_without_a_shared_cache_nothing_is_cached_and_pages_are_current(client, world, settings):
    """The default production set-up (no CACHE_URL) switches fragments off: every page is built."""
    settings.FRAGMENT_CACHE_SECONDS = 0
    client.force_login(world.alice)
    assert "Een nieuwe website" not in home(client)
    own_business(world.bob, world.alice, need="Een nieuwe website")  # no commit callbacks run
    assert "Een nieuwe website" in home(client)
    assert not [key for key in fragment_cache_keys() if ":kring:fragment:" in key or ":kring:gen:" in key]


def fragment_cache_keys() -> list[str]:
    from django.core.cache import cache

    return list(cache._cache)
