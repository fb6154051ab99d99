from django.core.management.base import BaseCommand

from referrals.services.status import referrals_send_reminders


class Command(BaseCommand):
    help = (
        "Email receivers about new referrals nobody touched for 3 days. Safe to run again: one reminder each."
    )

    def handle(self, *args, **options):
        sent = referrals_send_reminders()
        if options["verbosity"] > 0:
            self.stdout.write(f"{sent} reminder(s) queued.")
