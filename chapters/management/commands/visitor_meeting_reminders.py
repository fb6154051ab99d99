from django.core.management.base import BaseCommand

from chapters.services.guests import visitor_meeting_reminders


class Command(BaseCommand):
    help = "Remind registered visitors two working days before their meeting. Each visitor is reminded once."

    def handle(self, *args, **options):
        if options["verbosity"] > 0:
            self.stdout.write(f"{visitor_meeting_reminders()} visitor reminders queued.")
