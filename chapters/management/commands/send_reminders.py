from django.core.management.base import BaseCommand

from chapters.summaries.reminders import reminders_send_due


class Command(BaseCommand):
    help = "Queue the renewal, rota and one-to-one reminders that are due (each is sent once)."

    def handle(self, *args, **options):
        queued = reminders_send_due()
        if options["verbosity"]:
            self.stdout.write(f"{queued} reminders queued")
