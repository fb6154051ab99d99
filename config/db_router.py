"""Report pages read from a streaming replica; every other read, every write and anyone who just
wrote use the primary.

Django asks the router per query without the request, so the request's choice travels in a context
variable: `config.middleware.ReplicaReadsMiddleware` turns it on for the GETs of the report views
(REPLICA_READ_VIEWS), unless the visitor wrote something less than REPLICA_READ_YOUR_WRITES_SECONDS
ago (a cookie the same middleware sets on every POST), so a member never misses their own slip.
The login, session and membership are loaded by middleware before the view, from the primary.

A replica that cannot be reached, or whose replay is more than REPLICA_MAX_LAG_SECONDS behind, is
skipped; the check is one query per process every REPLICA_CHECK_SECONDS. The lag bound plus the
check interval stays within the read-your-writes window, so a write is on the replica by the time
its author's reads go there again. Without a `replica` alias (REPLICA_DATABASE_URL) or with
REPLICA_READS off, the router sends everything to the primary.
"""

import contextlib
import contextvars
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA = "replica"
# URL names whose GETs read from the replica: PALMS, the chapter reports and scores, the network,
# the region comparison.
REPLICA_READ_VIEWS = frozenset(
    {
        "report_palms",
        "report_overview",
        "report_chapter_light",
        "report_network",
        "report_scores",
        "my_score",
        "region_reports",
    }
)
RECENT_WRITE_COOKIE = "kring_wrote"

# Seconds behind the primary: 0 when everything received is replayed (an idle primary makes the
# last replay timestamp old without any lag) or when the server is no standby (the test mirror).
LAG_SQL = """
    SELECT CASE
        WHEN NOT pg_is_in_recovery() THEN 0
        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
        ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
    END
"""

_replica_wanted = contextvars.ContextVar("kring_replica_wanted", default=False)


@dataclass
class ReplicaHealth:
    checked_at: float = float("-inf")  # time.monotonic() of the last check
    usable: bool = False
    lag_seconds: float | None = None


health = ReplicaHealth()


def replica_configured() -> bool:
    return bool(settings.REPLICA_READS) and REPLICA in settings.DATABASES


def replica_lag_seconds() -> float:
    """How far the replica's replay is behind; raises DatabaseError when it cannot be reached."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(LAG_SQL)
        (lag,) = cursor.fetchone()
    return float(lag or 0)


def mark_replica_down() -> None:
    """Skip the replica until the next check (a query on it has just failed)."""
    health.checked_at, health.usable, health.lag_seconds = time.monotonic(), False, None
    # A broken connection may fail to close; it is dropped all the same.
    with contextlib.suppress(DatabaseError):
        connections[REPLICA].close()


def replica_usable() -> bool:
    if time.monotonic() - health.checked_at < settings.REPLICA_CHECK_SECONDS:
        return health.usable
    try:
        lag = replica_lag_seconds()
    except DatabaseError as error:
        logger.warning("Replica unreachable, reports read from the primary: %s", error)
        mark_replica_down()
        return False
    usable = lag <= settings.REPLICA_MAX_LAG_SECONDS
    if not usable:
        logger.warning("Replica %.1f s behind, reports read from the primary", lag)
    health.checked_at, health.usable, health.lag_seconds = time.monotonic(), usable, lag
    return usable


def wrote_recently(cookies: dict[str, str]) -> bool:
    """Whether the recent-write cookie is younger than the read-your-writes window."""
    try:
        written_at = float(cookies.get(RECENT_WRITE_COOKIE, ""))
    except ValueError:
        return False
    return 0 <= time.time() - written_at < settings.REPLICA_READ_YOUR_WRITES_SECONDS


def replica_wanted() -> bool:
    return _replica_wanted.get()


def want_replica(wanted: bool) -> None:
    """For the current request (the middleware resets it afterwards)."""
    _replica_wanted.set(wanted)


@contextmanager
def replica_reads(wanted: bool = True) -> Iterator[None]:
    """Reads inside go to the replica (when usable), as in a report view; writes stay on the primary."""
    token = _replica_wanted.set(wanted)
    try:
        yield
    finally:
        _replica_wanted.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _replica_wanted.get() and replica_configured() and replica_usable():
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        # Explicit: Django would otherwise save a row read from the replica back to the replica.
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: a row read there may refer to one read here.
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA, None} or None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None
