"""The report pages read from the replica alias (here a TEST MIRROR of the default database: same
server, another connection, so the tests commit for real), the rest from the primary; an author's
reads stay on the primary right after a write; a replica that is down or behind is skipped."""

import time

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config import db_router
from members.models import User

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(autouse=True)
def replica_on(_no_connection_outlives_its_test, settings, monkeypatch):
    """Replica reads on; its connection closed before the leak check looks (hence the dependency)."""
    settings.REPLICA_READS = True
    monkeypatch.setattr(db_router, "health", db_router.ReplicaHealth())
    yield
    _close_replica_connection()


def _close_replica_connection() -> None:
    """Close the mirror's connection and wait for its server process to end: a closed connection's
    backend lingers a few milliseconds, which the leak check would count."""
    connections["replica"].close()
    with connections["default"].cursor() as cursor:
        for _ in range(50):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
                " AND backend_start > (SELECT backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid())"
            )
            if not cursor.fetchone()[0]:
                return
            time.sleep(0.02)


@pytest.fixture
def replica_unreachable(monkeypatch):
    connections["replica"].close()
    monkeypatch.setitem(connections["replica"].settings_dict, "PORT", "1")
    yield
    connections["replica"].close()


def _table_queries(alias: str, client, url: str, status: int = 200) -> list[str]:
    """The SQL the page sent to `alias` that reads the app's tables (not the replica's lag check)."""
    with CaptureQueriesContext(connections[alias]) as captured:
        response = client.get(url)
    assert response.status_code == status
    return [q["sql"] for q in captured.captured_queries if "pg_is_in_recovery" not in q["sql"]]


def _palms(world) -> str:
    return reverse("report_palms", kwargs={"chapter_slug": world.chapter.slug})


def test_the_palms_report_reads_from_the_replica(client, world):
    client.force_login(world.carol)
    assert _table_queries("replica", client, _palms(world))
    assert db_router.health.usable and db_router.health.lag_seconds == 0


def test_the_member_home_reads_from_the_primary(client, world):
    client.force_login(world.alice)
    assert not _table_queries("replica", client, reverse("home"))


def test_the_login_before_a_report_is_read_from_the_primary(client, world):
    client.force_login(world.carol)
    replica_sql = " ".join(_table_queries("replica", client, _palms(world)))
    assert "django_session" not in replica_sql and "members_roleassignment" not in replica_sql


def test_a_post_keeps_its_authors_reports_on_the_primary_for_the_window(client, world, settings):
    client.force_login(world.carol)
    client.post(reverse("referral_create"), {})
    assert db_router.RECENT_WRITE_COOKIE in client.cookies
    assert not _table_queries("replica", client, _palms(world))
    wrote_at = float(client.cookies[db_router.RECENT_WRITE_COOKIE].value)
    client.cookies[db_router.RECENT_WRITE_COOKIE] = str(wrote_at - settings.REPLICA_READ_YOUR_WRITES_SECONDS)
    assert _table_queries("replica", client, _palms(world))


def test_a_forged_recent_write_cookie_only_means_reading_the_primary(client, world):
    client.force_login(world.carol)
    client.cookies[db_router.RECENT_WRITE_COOKIE] = "not a time"
    assert _table_queries("replica", client, _palms(world))


@pytest.mark.usefixtures("replica_unreachable")
def test_reports_answer_from_the_primary_when_the_replica_is_down(client, world):
    client.force_login(world.carol)
    assert _table_queries("default", client, _palms(world))
    assert db_router.health.usable is False


@pytest.mark.usefixtures("replica_unreachable")
def test_a_replica_lost_during_a_report_is_replaced_by_the_primary(client, world, settings):
    # The last check (cached) still says "usable": the report's own query is the first to fail.
    db_router.health.checked_at, db_router.health.usable = time.monotonic(), True
    client.force_login(world.carol)
    assert _table_queries("default", client, _palms(world))
    assert db_router.health.usable is False


def test_a_replica_behind_the_threshold_is_skipped(client, world, settings, monkeypatch):
    monkeypatch.setattr(db_router, "replica_lag_seconds", lambda: settings.REPLICA_MAX_LAG_SECONDS + 1)
    client.force_login(world.carol)
    assert not _table_queries("replica", client, _palms(world))
    assert _table_queries("default", client, _palms(world))


def test_the_replica_check_is_cached_between_requests(client, world, settings, monkeypatch):
    checks = []

    def lag():
        checks.append(1)
        return 0.0

    monkeypatch.setattr(db_router, "replica_lag_seconds", lag)
    client.force_login(world.carol)
    for _ in range(3):
        client.get(_palms(world))
    assert len(checks) == 1
    db_router.health.checked_at -= settings.REPLICA_CHECK_SECONDS
    client.get(_palms(world))
    assert len(checks) == 2


def test_without_replica_reads_every_page_uses_the_primary(client, world, settings):
    settings.REPLICA_READS = False
    client.force_login(world.carol)
    assert not _table_queries("replica", client, _palms(world))
    assert db_router.RECENT_WRITE_COOKIE not in client.post(reverse("referral_create"), {}).cookies


def test_a_row_read_from_the_replica_is_saved_on_the_primary(world):
    with db_router.replica_reads():
        carol = User.objects.get(pk=world.carol.pk)
    assert carol._state.db == "replica"
    carol.first_name = "Caroline"
    carol.save(update_fields=["first_name"])
    assert User.objects.using("default").get(pk=carol.pk).first_name == "Caroline"
