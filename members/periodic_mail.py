"""Mails the periodic jobs send (the weekly summary, reminders): each at most once, logged only
after the mail server accepted it, retried with back-off while the server is down.

A job decides what is due and queues one task per mail; the task calls `send_once`, which holds a
lock on (member, kind, key) while it checks the sent-log, sends and writes the log row, so two
runs of the jobs (or two workers) racing each other still send one mail. A mail that fails
raises before the log row is written; `retry_later` queues the task again, later each time.
"""

import datetime
import logging
import smtplib
from collections.abc import Callable

from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.tasks import Task
from django.utils import timezone

from members.models import SentMail, User

logger = logging.getLogger(__name__)

# The errors of a mail server that is down or refuses for now; a template error is a bug, not retried.
MAIL_SERVER_ERRORS = (smtplib.SMTPException, OSError)
FIRST_RETRY = datetime.timedelta(minutes=5)
LAST_RETRY = datetime.timedelta(hours=6)
MAX_ATTEMPTS = 8  # 5 min, 10, 20, 40, 80, 160, 320, 360: the server has about 16 hours to come back


def already_sent(*, user_ids, kind: str, key: str) -> set[int]:
    return set(
        SentMail.objects.filter(user_id__in=user_ids, kind=kind, key=key).values_list("user_id", flat=True)
    )


def sent_log(*, kinds: list[str], keys: set[str]) -> set[tuple[str, str, int]]:
    """(kind, key, user id) of the mails of `kinds` about `keys` that went out."""
    rows = SentMail.objects.filter(kind__in=kinds, key__in=keys).values_list("kind", "key", "user_id")
    return set(rows)


def send_once(
    *, user: User, kind: str, key: str, build: Callable[[], EmailMessage], meeting_id: int | None = None
) -> bool:
    """Send the mail `build` makes unless the log holds (user, kind, key); True when it went out.

    The log row is written after the server accepted the mail, in the transaction that holds the
    lock: a failure raises and leaves no row. The lock is an advisory one, so no table row is held
    while the mail server talks."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"sent_mail:{user.pk}:{kind}:{key}"]
            )
        if SentMail.objects.filter(user=user, kind=kind, key=key).exists():
            return False
        build().send()
        SentMail.objects.create(user=user, kind=kind, key=key, meeting_id=meeting_id)
    return True


def retry_delay(attempt: int) -> datetime.timedelta:
    return min(FIRST_RETRY * 2**attempt, LAST_RETRY)


def retry_later(task: Task, *, attempt: int, **kwargs) -> bool:
    """Queue `task` again after the back-off for `attempt`; False when it gave up (the next run of
    the jobs queues it anew while it is still due) or the backend cannot defer."""
    if attempt + 1 >= MAX_ATTEMPTS or not task.get_backend().supports_defer:
        logger.warning("mail task %s gave up after %s attempts: %s", task.name, attempt + 1, kwargs)
        return False
    task.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(attempt=attempt + 1, **kwargs)
    return True
