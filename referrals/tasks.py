from django.tasks import task

from referrals import services


@task()
def send_referral_reminders() -> int:
    """Remind receivers of new referrals untouched for 3 days (idempotent: one reminder per referral)."""
    return services.referrals_send_reminders()
