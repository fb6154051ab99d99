"""Finished background tasks are deleted after a week: their rows hold the tasks' arguments.

The database task backend keeps every task row (arguments, return value, traceback) after it ran.
Emails about people are queued with ids where they can be (referrals/emails.py), but other mails
carry names and addresses in their arguments; pruning bounds how long any of it stays.
`members/management/commands/prune_task_results.py` runs this in the daily jobs.
"""

import datetime

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

FINISHED_TASKS_KEPT = datetime.timedelta(days=7)


def task_results_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete tasks that succeeded or failed more than FINISHED_TASKS_KEPT ago; queued ones stay."""
    cutoff = (now or timezone.now()) - FINISHED_TASKS_KEPT
    deleted, _by_model = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted
