import datetime

from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from chapters.models import Chapter, Meeting
from tests.chapters.helpers import make_meeting, make_visitor


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


def test_the_daily_jobs_delete_tasks_finished_more_than_a_week_ago(world):
    now = timezone.now()

    def task_row(status, finished_days_ago):
        return DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [], "kwargs": {"to": ["jan@example.nl"]}},
            task_path="members.emails.send_templated_email",
            backend_name="default",
            run_after=now,
            finished_at=now - datetime.timedelta(days=finished_days_ago)
            if finished_days_ago is not None
            else None,
        )

    old_sent, old_failed = task_row("SUCCESSFUL", 8), task_row("FAILED", 8)
    recent, queued = task_row("SUCCESSFUL", 6), task_row("READY", None)

    call_command("daily_jobs", verbosity=0)

    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, queued.pk}
    assert not DBTaskResult.objects.filter(pk__in=[old_sent.pk, old_failed.pk]).exists()


def test_the_daily_jobs_run_the_retention_jobs(world):
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(days=120))
    visitor = make_visitor(meeting, "Vera")
    call_command("daily_jobs", verbosity=0)
    call_command("daily_jobs", verbosity=0)
    visitor.refresh_from_db()
    assert visitor.erased_at is not None and visitor.first_name == ""
