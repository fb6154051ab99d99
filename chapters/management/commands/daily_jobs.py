from django.core.management import call_command
from django.core.management.base import BaseCommand

# Each job is idempotent: running them twice in a day sends nothing twice.
JOBS = [
    "generate_meetings",  # plan meetings 12 weeks ahead
    "end_finished_leave",  # medical leave that has passed ends by itself
    "send_absence_letters",
    "visitor_followup_reminders",
    "visitor_meeting_reminders",  # registered visitors, two working days before their meeting
    "send_referral_reminders",  # new referrals untouched for 3 days
    "consent_requests_daily",  # contacts asked "Mag ik je doorgeven?": remind at 7 days, expire at 30
    "send_weekly_summaries",  # hourly: the summary before each meeting, once per member
    "send_reminders",  # renewals (60/30/7 days), rota turns (3 days), one-to-ones to confirm
    # closed slips' contacts and former members after the chapter's periods, visitors and rejected
    # applications after 90 days
    "retention_daily",
    "prune_task_results",  # finished tasks (their arguments) older than 7 days
    "onboarding_overdue",  # overdue onboarding items reach the mentor coordinator
]


class Command(BaseCommand):
    help = "Run the periodic jobs (a scheduler such as cron calls this daily; `make run` every hour)."

    def handle(self, *args, **options):
        for job in JOBS:
            call_command(job, verbosity=options["verbosity"])
