import os
import subprocess

from django.conf import settings

from tests.config.processes import run_python


def _import_settings(**env_overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    env.update(env_overrides, DATABASE_URL="postgres://postgres@127.0.0.1:1/unused")
    return run_python("-c", "import config.settings", env=env)


def test_a_typo_in_a_boolean_setting_stops_start_up():
    completed = _import_settings(DEBUG="ture", SECRET_KEY="x")
    assert completed.returncode != 0
    assert "DEBUG='ture' is not a boolean" in completed.stderr


def test_production_refuses_to_start_without_a_secret_key():
    completed = _import_settings(DEBUG="false")
    assert completed.returncode != 0
    assert "SECRET_KEY must be set" in completed.stderr


def test_production_settings_pass_the_deploy_check():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "EMAIL_URL": "smtp+tls://kring:secret@mail.example.nl:587",
        "SECRET_KEY": "a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "kring.example.nl",
        # Checks of generated columns ask the database server what it supports.
        "DATABASE_URL": os.environ.get("DATABASE_URL") or settings.EMBEDDED_DATABASE_URL,
    }
    completed = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_without_a_shared_cache_production_caches_no_fragments_or_logins():
    """No CACHE_URL (the default): each process would have its own cache, which a write in another
    process cannot invalidate, so cached pages and logins are off (tests/members/test_home_cache.py
    shows the pages are then current without any invalidation)."""
    env = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "FRAGMENT_CACHE_SECONDS"}}
    env.update(
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="kring.example.nl",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/unused",
    )
    script = "from config import settings as s; print(s.FRAGMENT_CACHE_SECONDS, s.SESSION_ENGINE)"
    completed = run_python("-c", script, env=env)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == ["0", "django.contrib.sessions.backends.db"]
    with_cache = run_python("-c", script, env={**env, "CACHE_URL": "redis://127.0.0.1:6379/0"})
    assert with_cache.stdout.split() == ["300", "django.contrib.sessions.backends.cached_db"], (
        with_cache.stderr
    )
