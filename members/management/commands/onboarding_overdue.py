from django.core.management.base import BaseCommand

from members.services.onboarding import onboarding_overdue_notices


class Command(BaseCommand):
    help = "Overdue onboarding items reach the mentor coordinators, once each. Run daily; safe to repeat."

    def handle(self, *args, **options):
        sent = onboarding_overdue_notices()
        if options["verbosity"] > 0:
            self.stdout.write(f"{sent} overdue onboarding item(s) reported.")
