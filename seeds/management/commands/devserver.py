import shutil

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from members.models import User
from seeds.management.commands._processes import (
    background_commands,
    check_port_is_free,
    child_env,
    hold_data_dir_lock,
    manage_command,
    supervise,
)
from seeds.management.commands.seed_demo import demo_logins_text


class Command(BaseCommand):
    help = (
        "What `make run` does: migrate, load the demo data into an empty database, run web server and worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options):
        lock_file = hold_data_dir_lock()  # noqa: F841 - held until this process exits
        host, port = addrport.rsplit(":", 1)
        check_port_is_free(host, int(port))

        call_command("migrate", interactive=False, verbosity=0)
        if not User.objects.exists():
            self.stdout.write("Empty database: loading the demo data from seeds/ ...")
            call_command("seed_demo", verbosity=0)
        call_command("daily_jobs", verbosity=0)

        # Links in mails point at the address this server runs on, unless SITE_URL says otherwise.
        env = child_env(DEBUG="true", SITE_URL=f"http://{addrport}")
        if "CACHE_URL" not in env:
            # One cache for the web server, the worker and the hourly jobs, so a write in any of
            # them invalidates the cached pages; emptied at start (this process wrote without it).
            cache_dir = settings.DATA_DIR / "cache"
            shutil.rmtree(cache_dir, ignore_errors=True)
            env["CACHE_URL"] = f"filecache://{cache_dir}"

        def started():
            self.stdout.write(self.style.SUCCESS(f"\nKring runs on http://{addrport}/  (Ctrl-C stops it)"))
            self.stdout.write(demo_logins_text() + "\n")

        commands = [*background_commands(), manage_command("runserver", addrport)]
        supervise(commands, env, on_start=started, write=self.stdout.write)
