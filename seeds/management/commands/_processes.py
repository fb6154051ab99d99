"""What `make run` (devserver) and `make serve` (serve) share: the folder lock, the port check, and
supervising the web server, the worker and the periodic jobs until Ctrl-C."""

import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable

from django.conf import settings
from django.core.management.base import CommandError

# Reminders, letters and meeting planning; each job is idempotent.
JOBS_EVERY_SECONDS = 60 * 60


def manage_command(*args: str) -> list[str]:
    return [sys.executable, str(settings.BASE_DIR / "manage.py"), *args]


def hold_data_dir_lock():
    """One Kring per data folder; the returned file must stay open for the whole run."""
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
    return lock_file


def check_port_is_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            raise CommandError(
                f"Port {port} on {host} is in use by another program. Stop it, or choose another with PORT=..."
            ) from None


def child_env(**defaults: str) -> dict[str, str]:
    env = os.environ.copy()
    for name, value in defaults.items():
        env.setdefault(name, value)
    if url := getattr(settings, "EMBEDDED_DATABASE_URL", None):
        # Children use the server this process started; they must not start or stop it.
        env["DATABASE_URL"] = url
    return env


def background_commands() -> list[list[str]]:
    """The worker, without Django's autoreloader (only the web server watches the code)."""
    return [manage_command("db_worker", "--no-reload")]


def supervise(commands: list[list[str]], env: dict[str, str], *, on_start: Callable[[], None], write) -> None:
    """Run the commands until one exits or Ctrl-C/SIGTERM; run the periodic jobs every hour."""
    # Each child gets its own process group, so stopping one also stops its own children.
    children = [subprocess.Popen(command, env=env, start_new_session=True) for command in commands]
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    on_start()
    next_jobs_at = time.monotonic() + JOBS_EVERY_SECONDS
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
            if time.monotonic() >= next_jobs_at:
                subprocess.run(manage_command("daily_jobs", "--verbosity", "0"), env=env, check=False)
                next_jobs_at = time.monotonic() + JOBS_EVERY_SECONDS
    except KeyboardInterrupt:
        write("\nStopping the web server, the worker and the database ...")
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
