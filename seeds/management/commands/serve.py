import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from seeds.management.commands._processes import (
    background_commands,
    check_port_is_free,
    child_env,
    hold_data_dir_lock,
    manage_command,
    supervise,
)


def default_workers() -> int:
    # Gunicorn's rule of thumb is 2 × cores; a small chapter needs no more than four.
    return min(4, 2 * (os.cpu_count() or 1))


def serve_commands(host: str, port: int, workers: int) -> list[list[str]]:
    """The processes `make serve` runs: gunicorn, then the background worker."""
    gunicorn = [
        *manage_command()[:1],
        "-m",
        "gunicorn",
        "config.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"{host}:{port}",
        "--access-logfile",
        "-",
    ]
    return [gunicorn, *background_commands()]


class Command(BaseCommand):
    help = (
        "What `make serve` does: a production start on one machine (migrate, collectstatic, "
        "gunicorn, the worker and the periodic jobs). Needs SECRET_KEY; DEBUG must be off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="0.0.0.0")  # noqa: S104 - a server listens for its proxy
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=default_workers())

    def handle(self, *args, host: str, port: int, workers: int, **options):
        if settings.DEBUG:
            raise CommandError("`serve` is the production start: set DEBUG=false (make serve does).")
        lock_file = hold_data_dir_lock()  # noqa: F841 - held until this process exits
        check_port_is_free(host, port)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("daily_jobs", verbosity=0)
        env = child_env()
        env["DEBUG"] = "false"

        def started():
            database = (
                "the embedded PostgreSQL" if hasattr(settings, "EMBEDDED_DATABASE_URL") else "DATABASE_URL"
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Kring serves http://{host}:{port}/ with {workers} gunicorn workers, the background "
                    f"worker and hourly jobs on {database}  (Ctrl-C stops it)"
                )
            )

        supervise(serve_commands(host, port, workers), env, on_start=started, write=self.stdout.write)
