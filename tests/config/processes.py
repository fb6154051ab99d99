"""Start-up tests run Python in a fresh process, so settings are read from exactly the env given."""

import subprocess
import sys

from django.conf import settings


def run_python(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """`python *args` in the project folder with `env` as its whole environment; output as text."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
