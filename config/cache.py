"""Cached fragments and logins, invalidated explicitly by the code that writes (no signals).

Every chapter and every user has a generation in the cache, each user's login (account, terms,
roles, notices) one of its own, and one generation covers everything. A cached value's key holds
the generations of what it shows; a write service calls `changed()` with the chapters and users it
touches (`activity_of`: users whose slips, thank-yous or one-to-ones changed, not their login), which gives them new generations when its transaction
commits (outside one, at once), so the old entries are never read again and expire after
FRAGMENT_CACHE_SECONDS. What only the clock changes waits at most FRAGMENT_CLOCK_SECONDS.
Generations live in the default cache, which every process must share (CACHE_URL); settings
switch this off without one.
"""

import time
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

EVERYTHING = "kring:gen:all"


def clock_seconds() -> float:
    """The time the clock bucket is cut from (tests hold it still)."""
    return time.time()


def _keys(kind: str, pks: Iterable[int | None]) -> list[str]:
    return [f"kring:gen:{kind}:{pk}" for pk in sorted(set(pks) - {None})]


def cached(name: str, *, chapters=(), users=(), logins=(), build: Callable):
    """`build()`'s result, from the cache while none of these chapters, users and logins changed."""
    if not settings.FRAGMENT_CACHE_SECONDS:
        return build()
    keys = [EVERYTHING, *_keys("chapter", chapters), *_keys("user", users), *_keys("login", logins)]
    generations = cache.get_many(keys)
    if missing := [key for key in keys if key not in generations]:
        # A random generation, never a counter: an evicted key cannot fall back to an old value.
        for key in missing:
            cache.add(key, uuid.uuid4().hex, timeout=None)
        generations = cache.get_many(keys)
    clock = int(clock_seconds() // settings.FRAGMENT_CLOCK_SECONDS)
    parts = [name, translation.get_language() or "", str(clock), *map(str, map(generations.get, keys))]
    key = "kring:fragment:" + ":".join(parts)
    if (value := cache.get(key)) is None:
        value = build()
        cache.set(key, value, timeout=settings.FRAGMENT_CACHE_SECONDS)
    return value


def changed(*, chapters=(), users=(), activity_of=(), everything=False):
    """New generations for these chapters, users (and their logins) and the users in `activity_of`
    (not their logins), or for everything, once the write commits."""
    users, activity_of = list(users), list(activity_of)
    keys = _keys("chapter", chapters) + _keys("user", users + activity_of) + _keys("login", users)
    if settings.FRAGMENT_CACHE_SECONDS and (keys := keys + [EVERYTHING] * everything):
        transaction.on_commit(lambda: cache.set_many(dict.fromkeys(keys, uuid.uuid4().hex), timeout=None))
