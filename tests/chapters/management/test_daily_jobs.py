from django.core.management import call_command

from chapters.models import Meeting


def test_the_daily_jobs_plan_meetings_and_can_run_twice(world):
    call_command("daily_jobs", verbosity=0)
    planned = Meeting.objects.filter(chapter=world.chapter).count()
    assert planned >= 8

    call_command("daily_jobs", verbosity=0)
    assert Meeting.objects.filter(chapter=world.chapter).count() == planned
