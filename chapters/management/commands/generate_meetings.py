from django.core.management.base import BaseCommand

from chapters.models import Chapter
from chapters.services.schedule import meeting_generate_ahead


class Command(BaseCommand):
    help = "Plan every active chapter's meetings for the coming weeks. Safe to run again: existing weeks are kept."

    def add_arguments(self, parser):
        parser.add_argument("--weeks", type=int, default=12)

    def handle(self, *args, weeks: int, **options):
        total = 0
        for chapter in Chapter.objects.filter(is_active=True):
            total += len(meeting_generate_ahead(chapter=chapter, weeks=weeks))
        if options["verbosity"] > 0:
            self.stdout.write(f"{total} meetings planned.")
