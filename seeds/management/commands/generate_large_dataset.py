import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from config.cache import changed
from members.models import User
from seeds.large_dataset.generator import generate
from seeds.large_dataset.plans import EMAIL_DOMAIN


class Command(BaseCommand):
    help = (
        "Fill an EMPTY database with a large generated dataset for performance work, e.g. "
        "KRING_DATA_DIR=/work/bench-data manage.py generate_large_dataset --chapters 100 --members 4000 --weeks 260. "
        "Refuses a database that holds any other data, so the demo database is never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=int, default=10)
        parser.add_argument("--chapters", type=int, default=100)
        parser.add_argument(
            "--members", type=int, default=4000, help="active members in all chapters together"
        )
        parser.add_argument("--weeks", type=int, default=260, help="weeks of history (260: five years)")
        parser.add_argument("--seed", type=int, default=9)
        parser.add_argument(
            "--scale", type=int, default=1, help="multiplies regions, chapters and members (10: 10x the data)"
        )

    def handle(self, *args, regions, chapters, members, weeks, seed, scale, **options):
        regions, chapters, members = regions * scale, chapters * scale, members * scale
        if self._is_the_developers_database():
            raise CommandError(
                "This is the developer's database (.data/). Point KRING_DATA_DIR (or DATABASE_URL) at a "
                "separate one, e.g. KRING_DATA_DIR=/work/bench-data."
            )
        if User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).exists():
            self.stdout.write("The large dataset is already there: nothing to do.")
            return
        if User.objects.exists():
            raise CommandError("The database is not empty; the generator only fills an empty database.")
        if members < chapters * 4 or chapters < 1 or regions < 1 or weeks < 1:
            raise CommandError(
                "Need at least one region, one chapter, one week and four members per chapter (its leaders)."
            )
        self.stdout.write(
            f"Generating {regions} regions, {chapters} chapters, {members} members, {weeks} weeks "
            f"into {connection.settings_dict['NAME']} ..."
        )
        started = time.monotonic()
        with transaction.atomic():
            result = generate(
                regions=regions,
                chapters=chapters,
                members=members,
                weeks=weeks,
                seed=seed,
                log=self.stdout.write,
            )
            changed(everything=True)
            committing = time.monotonic()
        # The deferred foreign key checks run at the commit: part of the wall time, often a third.
        commit_seconds = round(time.monotonic() - committing, 1)
        for name, count in result["counts"].items():
            self.stdout.write(f"  {name:>12}: {count:,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated in {round(time.monotonic() - started, 1)} s wall time "
                f"({result['seconds']} s writing, {commit_seconds} s committing)."
            )
        )

    @staticmethod
    def _is_the_developers_database() -> bool:
        """The embedded server in .data/ (`make run`'s demo); DATABASE_URL or KRING_DATA_DIR point elsewhere."""
        if getattr(settings, "EMBEDDED_DATABASE_URL", None) is None:
            return False  # DATABASE_URL: the operator chose the database
        if settings.DATABASES["default"].get("NAME", "").startswith("test_"):
            return False
        return settings.DATA_DIR.resolve() == (settings.BASE_DIR / ".data").resolve()
