from django.core.management.base import BaseCommand

from chapters.summaries.weekly import summaries_send_due


class Command(BaseCommand):
    help = "Queue the weekly summaries whose time has come (hourly; each member gets one per meeting)."

    def handle(self, *args, **options):
        run = summaries_send_due()
        if options["verbosity"]:
            self.stdout.write(
                f"{run.queued} weekly summaries queued; {len(run.without_email)} members without email"
            )
