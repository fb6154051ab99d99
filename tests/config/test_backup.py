import stat

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from config.backup import BackupError, connection_uri, dump, restore

CHECKSUMS = """
SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {table} t
"""


def _fingerprint(database: dict, name: str) -> dict[str, tuple[int, str]]:
    """Row count and an md5 of every row (in a fixed order) of every table."""
    with psycopg.connect(connection_uri(database, name)) as db:
        tables = [
            row[0]
            for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        ]
        return {
            table: db.execute(CHECKSUMS.format(table=psycopg.sql.Identifier(table).as_string(db))).fetchone()
            for table in tables
        }


@pytest.fixture
def empty_database():
    database = connection.settings_dict
    name = f"{database['NAME']}_restored"
    with psycopg.connect(connection_uri(database, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(connection_uri(database, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_demo_data_restores_into_an_empty_database_row_for_row(tmp_path, empty_database):
    database = connection.settings_dict
    assert database["NAME"].startswith("test_")
    call_command("seed_demo", verbosity=0)

    backup = dump(database, tmp_path / "kring.dump")
    restore(database, backup, name=empty_database)

    original = _fingerprint(database, database["NAME"])
    restored = _fingerprint(database, empty_database)
    assert original["members_user"][0] >= 50
    assert restored == original


@pytest.mark.django_db(transaction=True)
def test_a_restore_refuses_a_database_that_already_has_data(tmp_path):
    database = connection.settings_dict
    assert database["NAME"].startswith("test_")
    backup = dump(database, tmp_path / "kring.dump")

    with pytest.raises(BackupError, match="not empty"):
        restore(database, backup)


def test_a_restore_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(BackupError, match="No backup file"):
        restore({"NAME": "unused"}, tmp_path / "nothing.dump")


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_only(tmp_path):
    folder = tmp_path / "backups"
    target = dump(connection.settings_dict, folder / "kring.dump")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
