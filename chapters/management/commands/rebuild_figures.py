from django.core.management.base import BaseCommand, CommandError

from chapters.models import Chapter
from chapters.reports.rollups import figures_rebuild, raw_member_day_figures, stored_member_day_figures


class Command(BaseCommand):
    help = (
        "Rebuild the member-day figures (the reports' rollups) from the raw tables: after a bulk load "
        "or a repair by hand. With --check, only tell whether they agree."
    )

    def add_arguments(self, parser):
        parser.add_argument("--chapter", help="only this chapter (its slug)")
        parser.add_argument("--check", action="store_true", help="compare, change nothing")

    def handle(self, *args, chapter=None, check=False, **options):
        scope = None
        if chapter:
            scope = Chapter.objects.filter(slug=chapter).first()
            if scope is None:
                raise CommandError(f"No chapter {chapter!r}.")
        if check:
            stored, raw = stored_member_day_figures(scope), raw_member_day_figures(scope)
            wrong = sorted(key for key in stored.keys() | raw.keys() if stored.get(key) != raw.get(key))
            if wrong:
                raise CommandError(f"{len(wrong)} member-days differ, the first: {wrong[:5]}")
            self.stdout.write(f"The figures agree ({len(raw)} member-days).")
            return
        rows = figures_rebuild(scope)
        self.stdout.write(f"{rows} member-days rebuilt.")
