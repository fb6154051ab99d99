"""Behind PgBouncer in transaction pooling mode every transaction may get another server connection:
the settings switch off what would outlive a transaction, and the code keeps no session state."""

import json
import os
import re
from pathlib import Path

from django.conf import settings

from tests.config.processes import run_python

SCRIPT = (
    "import json; from config import settings as s;"
    " print(json.dumps({alias: [d.get('DISABLE_SERVER_SIDE_CURSORS', False),"
    " 'prepare_threshold' in d['OPTIONS'] and d['OPTIONS']['prepare_threshold'], d['CONN_MAX_AGE']]"
    " for alias, d in s.DATABASES.items()}))"
)
# Session-level state a pooled server connection would carry to another client: SET without LOCAL,
# session advisory locks, LISTEN, prepared statements, temporary tables, cursors WITH HOLD.
SESSION_STATE = re.compile(
    r"""["']\s*(SET\s+(?!LOCAL\b)[a-z_.]+\s*(TO|=)|LISTEN\s|PREPARE\s|CREATE\s+TEMP|DECLARE\s[^"']*WITH\s+HOLD)"""
    r"|pg_advisory_lock\(|pg_advisory_lock_shared\(|set_config\([^)]*false\)",
)
# Files allowed session state, with why it is safe there.
SESSION_STATE_EXCEPTIONS = {
    # The bulk loader of an empty benchmark database: run against PostgreSQL directly, never through
    # the pooler, and its connection ends with the command.
    "seeds/large_dataset/generator.py",
}


def _databases(**env_overrides) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_POOLER", "REPLICA_DATABASE_URL"}}
    env.update(
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="kring.example.nl",
        DATABASE_URL="postgres://kring@127.0.0.1:6432/kring",
        REPLICA_DATABASE_URL="postgres://kring@127.0.0.1:6433/kring",
        **env_overrides,
    )
    completed = run_python("-c", SCRIPT, env=env)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_behind_pgbouncer_no_cursor_or_prepared_statement_outlives_a_transaction():
    databases = _databases(DATABASE_POOLER="pgbouncer")
    # Persistent connections stay: they are the app's connections to PgBouncer, which are cheap.
    assert databases == {"default": [True, None, 60], "replica": [True, None, 60]}


def test_connected_directly_server_side_cursors_and_prepared_statements_stay_on():
    assert _databases() == {"default": [False, False, 60], "replica": [False, False, 60]}


def test_a_typo_in_the_pooler_stops_start_up():
    env = {
        **os.environ,
        "DATABASE_POOLER": "pgbouncr",
        "SECRET_KEY": "x",
        "DATABASE_URL": "postgres://x@127.0.0.1:1/x",
    }
    completed = run_python("-c", "import config.settings", env=env)
    assert completed.returncode != 0
    assert "DATABASE_POOLER='pgbouncr'" in completed.stderr


def test_the_app_sets_no_session_level_state_on_its_connections():
    root = Path(settings.BASE_DIR)
    offenders = []
    for app in ("config", "members", "chapters", "referrals", "seeds"):
        for path in sorted((root / app).rglob("*.py")):
            relative = str(path.relative_to(root))
            if relative in SESSION_STATE_EXCEPTIONS:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if SESSION_STATE.search(line):
                    offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []


def test_the_session_state_check_catches_what_it_looks_for():
    for sql in ('"SET statement_timeout = 0"', "'LISTEN jobs'", "pg_advisory_lock(1)"):
        assert SESSION_STATE.search(sql), sql
    assert not SESSION_STATE.search('"SET LOCAL statement_timeout = 0"')
    assert SESSION_STATE.search('cursor.execute("SET synchronous_commit TO off")')


def test_uploads_go_to_an_s3_compatible_bucket_when_configured():
    env = {
        **os.environ,
        "SECRET_KEY": "x",
        "DATABASE_URL": "postgres://x@127.0.0.1:1/x",
        "MEDIA_STORAGE": "s3",
        "S3_BUCKET": "kring-uploads",
        "S3_ENDPOINT_URL": "https://s3.example.nl",
    }
    script = "import json; from config import settings as s; print(json.dumps(s.STORAGES['default']))"
    completed = run_python("-c", script, env=env)
    assert completed.returncode == 0, completed.stderr
    storage = json.loads(completed.stdout)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "kring-uploads"
    assert storage["OPTIONS"]["querystring_auth"] is True
    typo = run_python("-c", "import config.settings", env={**env, "MEDIA_STORAGE": "s4"})
    assert "MEDIA_STORAGE='s4'" in typo.stderr
