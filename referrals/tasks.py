from django.tasks import task

from referrals.services.status import referrals_send_reminders


@task()
def send_referral_reminders() -> int:
    """Remind receivers of new referrals untouched for 3 days (idempotent: one reminder per referral)."""
    return referrals_send_reminders()
