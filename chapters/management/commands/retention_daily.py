from django.core.management.base import BaseCommand

from chapters.reports.palms_import_drafts import palms_drafts_purge
from chapters.services.retention import visitors_erase_expired
from members.services.retention import applications_purge_expired, former_members_pseudonymise_expired
from referrals.services.retention import closed_contacts_erase_expired


class Command(BaseCommand):
    help = (
        "Retention (the privacy page): erase the contacts of slips closed longer than the chapter's "
        "period (default 24 months), visitor registrations and rejected applications after 90 days, "
        "and pseudonymise former members after their chapter's period (default 12 months). Safe to run again."
    )

    def handle(self, *args, **options):
        contacts = closed_contacts_erase_expired()
        visitors = visitors_erase_expired()
        applications = applications_purge_expired()
        former_members = former_members_pseudonymise_expired()
        palms_drafts_purge()  # uploaded PALMS files a day old, confirmed or not
        if options["verbosity"] > 0:
            self.stdout.write(
                f"{contacts} contact(s) of closed referrals erased, {visitors} visitor registration(s) "
                f"erased, {applications} rejected application(s) purged, {former_members} former member(s) "
                "pseudonymised."
            )
