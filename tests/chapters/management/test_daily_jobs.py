import datetime

from django.core.management import call_command
from django.utils import timezone

from chapters.models import Chapter, Meeting


def _meeting_days(chapter: Chapter) -> list[datetime.date]:
    return list(
        Meeting.objects.filter(chapter=chapter)
        .order_by("scheduled_on")
        .values_list("scheduled_on", flat=True)
    )


def test_the_daily_jobs_plan_meetings_and_can_run_twice(world):
    today = timezone.localdate()
    call_command("daily_jobs", verbosity=0)

    # Twelve weekly meetings per active chapter, from its next meeting day (today included) on.
    for chapter in (world.chapter, world.other_chapter, world.far_chapter):
        first = today + datetime.timedelta(days=(chapter.meeting_weekday - today.weekday()) % 7)
        expected = [first + datetime.timedelta(weeks=week) for week in range(12)]
        assert _meeting_days(chapter) == expected, chapter.name
    assert Meeting.objects.count() == 3 * 12
    planned = set(Meeting.objects.values_list("pk", flat=True))

    call_command("daily_jobs", verbosity=0)
    assert set(Meeting.objects.values_list("pk", flat=True)) == planned  # nothing added, nothing replaced
