"""The cast, as in the house style: alice and bob (members), carol (president) of one chapter,
dave (member of another chapter in the same region), larry (lapsed member), rita (region admin),
oscar (admin of another region) and admin (superuser)."""

import os
import time
from dataclasses import dataclass

import pytest

from chapters.models import Chapter
from members.models import Membership, User
from tests import factories

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be allowed.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass
class World:
    chapter: Chapter
    other_chapter: Chapter
    far_chapter: Chapter
    alice: User
    bob: User
    carol: User
    dave: User
    larry: User
    rita: User
    oscar: User
    admin: User


@pytest.fixture
def world(db) -> World:
    region = factories.make_region("Midden")
    far_region = factories.make_region("Noord")
    chapter = factories.make_chapter(region, "Domstad")
    other_chapter = factories.make_chapter(region, "Eemland")
    far_chapter = factories.make_chapter(far_region, "Groningen")
    carol = factories.make_member(chapter, "Carol", company="Carol Accountancy")
    factories.give_role(carol, chapter, "president")
    return World(
        chapter=chapter,
        other_chapter=other_chapter,
        far_chapter=far_chapter,
        alice=factories.make_member(chapter, "Alice", company="Alice Fotografie"),
        bob=factories.make_member(chapter, "Bob", company="Bob Installatietechniek"),
        carol=carol,
        dave=factories.make_member(other_chapter, "Dave", company="Dave Drukkerij"),
        larry=factories.make_member(chapter, "Larry", status=Membership.Status.LAPSED),
        rita=factories.make_region_admin(region, "Rita"),
        oscar=factories.make_region_admin(far_region, "Oscar"),
        admin=User.objects.create_superuser(
            "admin@example.nl", factories.PASSWORD, first_name="Ad", last_name="Min"
        ),
    )


def _person_of_the_world(name: str):
    """A fixture named after one of the world's people: `alice` is `world.alice`."""
    return pytest.fixture(name=name)(lambda world: getattr(world, name))


alice = _person_of_the_world("alice")  # member
bob = _person_of_the_world("bob")  # member, same chapter
carol = _person_of_the_world("carol")  # chapter president
dave = _person_of_the_world("dave")  # member of another chapter


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch):
    """Rate limits and cached fragments live in the cache; no test may inherit another's.

    The fragments' minute bucket stands still during a test, so a minute turning over between two
    requests cannot change what a test counts (tests that need time to pass move it themselves).
    """
    import time

    from django.core.cache import cache

    started = time.time()
    monkeypatch.setattr("config.cache.clock_seconds", lambda: started)
    cache.clear()
    yield
    cache.clear()


def _end_stray_connections(cursor, opened_since=None) -> list[str]:
    """End every other client connection to the test database (opened since `opened_since`, if
    given); describe each one that was still open, leaving out this check's own bookkeeping
    connections (a browser test's fixtures may open one in another context)."""
    # A connection its thread has just closed can take a moment to leave the server: wait up to 1 s.
    for _attempt in range(20):
        cursor.execute(
            "SELECT /* kring-leak-check */ pid, application_name, state, left(query, 200) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
            " AND (%s::timestamptz IS NULL OR backend_start >= %s::timestamptz)",
            [opened_since, opened_since],
        )
        rows = cursor.fetchall()
        if all("kring-leak-check" in (query or "") for *_rest, query in rows):
            break
        time.sleep(0.05)
    strays = []
    for pid, application, state, query in rows:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        if "kring-leak-check" not in (query or ""):
            strays.append(f"connection {pid} ({application}, {state}): {query}")
    return strays


def _database_clock(request):
    from django.db import connection

    with request.getfixturevalue("django_db_blocker").unblock(), connection.cursor() as cursor:
        cursor.execute("SELECT /* kring-leak-check */ clock_timestamp()")
        return cursor.fetchone()[0]


@pytest.fixture(autouse=True)
def _no_connection_outlives_its_test(request):
    """A test (or its helper thread) that leaves a database connection open fails, naming the leak.

    Browser tests are left to the session check below: the live server's request threads close
    their connections on their own schedule, just after the browser has its answer.
    """
    uses_database = {"db", "transactional_db", "django_db_reset_sequences"} & set(request.fixturenames)
    checked = (uses_database or request.node.get_closest_marker("django_db")) and (
        "live_server" not in request.fixturenames
    )
    # Only connections opened during this test count: an earlier browser test's server threads
    # may still be closing theirs.
    started = _database_clock(request) if checked else None
    yield
    if not checked:
        return
    from django.db import connection

    django_db_blocker = request.getfixturevalue("django_db_blocker")
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        strays = _end_stray_connections(cursor, opened_since=started)
    if strays:
        pytest.fail(
            "this test left database connections open (close them in the thread that opened them,"
            " e.g. connection.close() in a helper thread):\n" + "\n".join(strays),
            pytrace=False,
        )


@pytest.fixture(scope="session", autouse=True)
def _close_stray_connections_before_dropping_the_test_database(django_db_setup, django_db_blocker):
    """A connection still open at the end of the run would make dropping the test database fail.

    End such connections (so the test database can still be dropped) and fail the run, naming them.
    """
    yield
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        strays = _end_stray_connections(cursor)
    if strays:
        pytest.fail(
            "database connections were left open at the end of the test run:\n" + "\n".join(strays),
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def _no_settings_override_outlives_its_test():
    """Every override of a test is undone when it ends. An @override_settings around a test that also
    set a value through the `settings` fixture left the decorator's TASKS in place for every later test
    of that worker: mails were queued on a dummy backend and silently never sent."""
    from django.conf import settings

    before = settings._wrapped
    yield
    assert settings._wrapped is before, "a settings override outlived its test"


@pytest.fixture(autouse=True)
def _dutch_by_default():
    """Requests activate the user's language in the test thread; start each test in Dutch again."""
    from django.utils import translation

    translation.activate("nl")
    yield
    translation.deactivate()


@pytest.fixture
def permission_world(world):
    """The cast plus one member per leadership role of alice's chapter (tests/permissions.py)."""
    from tests.permissions import LEADER_ROLES, PermissionWorld

    users = {
        "member": world.alice,
        "other_chapter_member": world.dave,
        "lapsed": world.larry,
        "region_admin": world.rita,
        "other_region_admin": world.oscar,
        "superuser": world.admin,
    }
    for code in LEADER_ROLES:
        if code == "president":
            users[code] = world.carol
            continue
        leader = factories.make_member(world.chapter, code.replace("_", " ").title().replace(" ", ""))
        factories.give_role(leader, world.chapter, code)
        users[code] = leader
    return PermissionWorld(base=world, users=users)
