import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from members.models import User
from seeds.management.commands.seed_demo import demo_logins_text

# Reminders, letters and meeting planning; each job is idempotent.
JOBS_EVERY_SECONDS = 60 * 60


class Command(BaseCommand):
    help = (
        "What `make run` does: migrate, load the demo data into an empty database, run web server and worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        lock_file = open(settings.DATA_DIR / "run.lock", "a+")  # noqa: SIM115 - held for the whole run
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock_file.seek(0)
            owner = lock_file.read().strip() or "?"
            raise CommandError(
                f"Kring is already running from this folder (process {owner}). "
                "Use that one, or stop it with Ctrl-C in its terminal first."
            ) from None
        lock_file.seek(0)
        lock_file.truncate()
        lock_file.write(str(os.getpid()))
        lock_file.flush()

        host, port = addrport.rsplit(":", 1)
        if not _port_is_free(host, int(port)):
            raise CommandError(f"Port {port} on {host} is in use by another program. Stop it and try again.")

        call_command("migrate", interactive=False, verbosity=0)
        if not User.objects.exists():
            self.stdout.write("Empty database: loading the demo data from seeds/ ...")
            call_command("seed_demo", verbosity=0)
        call_command("daily_jobs", verbosity=0)

        env = os.environ.copy()
        env.setdefault("DEBUG", "true")
        if "CACHE_URL" not in env:
            # One cache for the web server, the worker and the hourly jobs, so a write in any of
            # them invalidates the cached pages; emptied at start (this process wrote without it).
            cache_dir = settings.DATA_DIR / "cache"
            shutil.rmtree(cache_dir, ignore_errors=True)
            env["CACHE_URL"] = f"filecache://{cache_dir}"
        if url := getattr(settings, "EMBEDDED_DATABASE_URL", None):
            # Children use the server this process started; they must not start or stop it.
            env["DATABASE_URL"] = url
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        # Each child gets its own process group, so stopping one also stops runserver's reloader child.
        children = [
            subprocess.Popen([*manage, "db_worker"], env=env, start_new_session=True),
            subprocess.Popen([*manage, "runserver", addrport], env=env, start_new_session=True),
        ]
        signal.signal(signal.SIGTERM, _interrupt)
        signal.signal(signal.SIGINT, _interrupt)
        self.stdout.write(self.style.SUCCESS(f"\nKring runs on http://{addrport}/  (Ctrl-C stops it)"))
        self.stdout.write(demo_logins_text() + "\n")
        next_jobs_at = time.monotonic() + JOBS_EVERY_SECONDS
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
                if time.monotonic() >= next_jobs_at:
                    subprocess.run([*manage, "daily_jobs", "--verbosity", "0"], env=env, check=False)
                    next_jobs_at = time.monotonic() + JOBS_EVERY_SECONDS
        except KeyboardInterrupt:
            self.stdout.write("\nStopping the web server, the worker and the database ...")
        finally:
            for child in children:
                _stop_group(child)
            # The embedded database stops when this process exits (pgserver's "stop" mode).


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _stop_group(child: subprocess.Popen) -> None:
    try:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait(timeout=10)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)


def _port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True
