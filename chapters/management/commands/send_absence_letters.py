import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from chapters.models import Meeting
from chapters.services.attendance import absence_letters_send


class Command(BaseCommand):
    help = (
        "Send the absence letters of recently completed meetings that were not sent yet. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days: int, **options):
        since = timezone.localdate() - datetime.timedelta(days=days)
        meetings = Meeting.objects.filter(
            record_status=Meeting.RecordStatus.COMPLETED,
            status=Meeting.Status.SCHEDULED,
            scheduled_on__gte=since,
        ).select_related("chapter")
        sent = sum(absence_letters_send(meeting=meeting) for meeting in meetings)
        if options["verbosity"] > 0:
            self.stdout.write(f"{sent} absence letters queued.")
