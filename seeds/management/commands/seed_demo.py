import importlib
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from chapters.reports.rollups import figures_rebuild
from config.cache import changed
from seeds.foundation import DEMO_LOGINS, DEMO_PASSWORD

# Each app adds its demo data in its own module; they run in this order and share `ctx`.
LOADERS = [
    "seeds.foundation",
    "seeds.members_demo",
    "seeds.chapters_demo",
    "seeds.referrals_demo",
    "seeds.reports_demo",
]


class Command(BaseCommand):
    help = "Load the demo region, chapters and members. Safe to run again: existing rows are kept."

    def handle(self, *args, **options):
        started = time.monotonic()
        ctx: dict = {}
        with transaction.atomic():
            for module_name in LOADERS:
                importlib.import_module(module_name).load(ctx)
            figures_rebuild()  # the loaders write the counted rows without the services' deltas
            changed(everything=True)  # written without the services: no cached page may survive it
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {time.monotonic() - started:.1f} s."))
            self.stdout.write(demo_logins_text())


def demo_logins_text() -> str:
    return (
        "Demo logins (password for all: {password}):\n"
        "  member         {member}\n"
        "  president      {president}\n"
        "  region admin   {region_admin}"
    ).format(password=DEMO_PASSWORD, **DEMO_LOGINS)
