import json
import os

from tests.config.processes import run_python

UNREACHABLE = "postgres://postgres@127.0.0.1:1/kring_nowhere"

# Production settings, but static files from static/ (a test run has no collectstatic manifest).
PROBE = """
import django, json
django.setup()
from django.conf import settings
settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
from django.test import Client
client = Client(raise_request_exception=False)
result = {}
for path in ("/healthz", "/"):
    response = client.get(path)
    result[path] = [response.status_code, response.content.decode()]
print(json.dumps(result))
"""


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_pages_answer_a_friendly_503_when_the_database_is_unreachable():
    env = {
        **os.environ,
        "DATABASE_URL": UNREACHABLE,
        "DEBUG": "false",
        "SECRET_KEY": "test-only",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DB_CONNECT_TIMEOUT": "2",
        "LOG_LEVEL": "CRITICAL",
    }
    completed = run_python("-c", PROBE, env=env)
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout.strip().splitlines()[-1])

    status, body = result["/healthz"]
    assert status == 503
    assert json.loads(body) == {"status": "database unavailable"}

    status, body = result["/"]
    assert status == 503
    assert "Kring is even niet bereikbaar" in body
    assert "Wat je eerder hebt opgeslagen is niet verloren" in body
    assert "Traceback" not in body
