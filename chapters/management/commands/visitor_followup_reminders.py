from django.core.management.base import BaseCommand

from chapters.services.visitors import visitor_follow_up_reminders


class Command(BaseCommand):
    help = "Remind members whose visitor follow-up is due. Each follow-up is reminded once."

    def handle(self, *args, **options):
        if options["verbosity"] > 0:
            self.stdout.write(f"{visitor_follow_up_reminders()} follow-up reminders queued.")
