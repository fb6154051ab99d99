"""`make serve`: the one-command production start for a small self-hosted chapter."""

import os

from seeds.management.commands.serve import serve_commands
from tests.config.processes import run_python


def test_serve_refuses_to_start_without_a_secret_key_and_says_how_to_make_one():
    env = {**os.environ, "SECRET_KEY": ""}  # an empty value counts as missing, whatever .env says
    completed = run_python("scripts/serve.py", "--port", "8799", env=env)
    assert completed.returncode != 0
    assert "make serve needs a SECRET_KEY" in completed.stderr
    assert "secrets.token_urlsafe" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_serve_runs_gunicorn_and_the_worker_without_a_development_server_or_autoreloader():
    web, worker = serve_commands("127.0.0.1", 8123, workers=3)
    assert web[1:4] == ["-m", "gunicorn", "config.wsgi"]
    assert web[web.index("--bind") + 1] == "127.0.0.1:8123"
    assert web[web.index("--workers") + 1] == "3"
    assert worker[-2:] == ["db_worker", "--no-reload"]
    assert not any("runserver" in part for command in (web, worker) for part in command)
