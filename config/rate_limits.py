"""Rate limits of the public forms (visit registration, application, password reset).

One mechanism for all of them: a count of *accepted* posts per client IP address (behind the proxy,
the address the proxy reports: `client_ip`) and, for forms that mail an address the sender types,
per target email address, in a fixed window. The numbers are in settings.RATE_LIMITS.

The count is shared by every process and app server:

- with Redis (CACHE_URL=redis://...) in the cache, with its atomic INCR;
- otherwise in PostgreSQL, in the table of members.models.RateLimitCount, with one atomic upsert
  (the local memory cache of a process without CACHE_URL is no place for a shared count).

A view wraps the work of an accepted post in `counted(limits)`: the post counts, and RateLimited is
raised instead when one limit is used up. When the block raises (the form was refused after all,
or the limit was hit) nothing is counted: in the database the savepoint rolls back, in the cache
the count goes down again. In the database the counted row stays locked until the block ends, so
two posts at once from one client are counted one after the other.
"""

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpRequest

from config.login_throttle import client_ip

# The table of members.models.RateLimitCount (tests/config/test_rate_limits.py checks the name).
TABLE = "kring_rate_limit"


@dataclass(frozen=True)
class Limit:
    rule: str  # a key of settings.RATE_LIMITS, e.g. "reset_per_email"
    value: str  # the client's IP address or the email address
    count: int
    seconds: int

    @property
    def key(self) -> str:
        # Hashed: the table and the cache hold no IP or email address.
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{self.rule}:{self.value}".encode()).hexdigest()
        return f"rate:{self.rule}:{digest[:40]}"


class RateLimited(Exception):
    def __init__(self, limit: Limit):
        super().__init__(limit.rule)
        self.limit = limit


def limits_for(request: HttpRequest, form: str, *, email: str | None = None) -> list[Limit]:
    """The limits of a public form ("visit", "apply", "reset") for this client and target address."""
    rules = settings.RATE_LIMITS
    limits = [Limit(f"{form}_per_ip", client_ip(request) or "unknown", *rules[f"{form}_per_ip"])]
    if email is not None and f"{form}_per_email" in rules:
        limits.append(Limit(f"{form}_per_email", email.strip().lower(), *rules[f"{form}_per_email"]))
    return limits


@contextmanager
def counted(limits: list[Limit]) -> Iterator[None]:
    """Count the block as one accepted post against every limit; RateLimited if one is used up."""
    store = _CacheStore() if settings.RATE_LIMIT_STORE == "cache" else _DatabaseStore()
    with transaction.atomic():
        hit = []
        try:
            for limit in limits:
                hit.append(limit)
                if store.hit(limit) > limit.count:
                    raise RateLimited(limit)
            yield
        except BaseException:
            store.undo(hit)
            raise


class _DatabaseStore:
    def hit(self, limit: Limit) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {TABLE} AS counted (key, hits, expires_at)
                VALUES (%s, 1, now() + make_interval(secs => %s))
                ON CONFLICT (key) DO UPDATE SET
                    hits = CASE WHEN counted.expires_at <= now() THEN 1 ELSE counted.hits + 1 END,
                    expires_at = CASE WHEN counted.expires_at <= now()
                        THEN EXCLUDED.expires_at ELSE counted.expires_at END
                RETURNING hits
                """,
                [limit.key, limit.seconds],
            )
            (hits,) = cursor.fetchone()
            # Windows that ended a day ago: nobody needs them (an index on expires_at).
            cursor.execute(f"DELETE FROM {TABLE} WHERE expires_at < now() - interval '1 day'")
        return hits

    def undo(self, limits: list[Limit]) -> None:
        pass  # the savepoint of counted() rolls the counts back


class _CacheStore:
    def __init__(self):
        self.cache = caches["default"]

    def hit(self, limit: Limit) -> int:
        self.cache.add(limit.key, 0, timeout=limit.seconds)
        try:
            return self.cache.incr(limit.key)
        except ValueError:  # expired between add and incr
            self.cache.add(limit.key, 1, timeout=limit.seconds)
            return 1

    def undo(self, limits: list[Limit]) -> None:
        for limit in limits:
            with suppress(ValueError):  # expired meanwhile
                self.cache.decr(limit.key)
