from django.core.management.base import BaseCommand

from members.services.memberships import memberships_end_finished_leave


class Command(BaseCommand):
    help = "Members whose medical leave has passed become active again. Run daily; safe to repeat."

    def handle(self, *args, **options):
        ended = memberships_end_finished_leave()
        if options["verbosity"] > 0:
            self.stdout.write(f"{ended} member(s) back from leave.")
