from django.core.management.base import BaseCommand

from referrals.services.consent import consent_requests_expire, consent_requests_remind


class Command(BaseCommand):
    help = (
        "Contacts' consent requests: remind the giver after 7 days without an answer; after 30 days "
        "expire the request and erase the contact's details. Safe to run again."
    )

    def handle(self, *args, **options):
        reminded = consent_requests_remind()
        expired = consent_requests_expire()
        if options["verbosity"] > 0:
            self.stdout.write(f"{reminded} reminder(s) queued, {expired} request(s) expired.")
