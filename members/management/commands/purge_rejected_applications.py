from django.core.management.base import BaseCommand

from members.services.application_retention import REJECTED_RETENTION_DAYS, applications_purge_rejected


class Command(BaseCommand):
    help = f"Delete applications rejected more than {REJECTED_RETENTION_DAYS} days ago. Run daily; safe to repeat."

    def handle(self, *args, **options):
        deleted = applications_purge_rejected()
        if options["verbosity"] > 0:
            self.stdout.write(f"{deleted} rejected application(s) deleted.")
