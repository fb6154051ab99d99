"""Cached page fragments that are never stale on data: versions per chapter and per user.

A fragment (the member home's panels) is cached under a key that holds the current *version* of
every chapter and user whose data it shows. Every write to our models bumps the versions of the
chapters and users it touches: saves and deletes through the ORM via signals (connected in
members.apps), queryset.update() and bulk writes by calling `data_changed()` where they happen.
A bump makes the old entries unreachable; they expire after FRAGMENT_CACHE_SECONDS.

What the clock changes (the next meeting once one has ended, "this month") is covered by a time
bucket of FRAGMENT_CLOCK_SECONDS in the key.

The versions live in the default cache, so every app server must share it (CACHE_URL=redis://...);
settings switch fragments off when no shared cache is configured (make run sets a file cache).
"""

import time
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.utils import translation

EVERYTHING = "kring:version:all"


def clock_seconds() -> float:
    """The time the clock bucket is cut from (tests hold it still, so counts never flip mid-test)."""
    return time.time()


def _chapter_key(chapter_id: int) -> str:
    return f"kring:version:chapter:{chapter_id}"


def _user_key(user_id: int) -> str:
    return f"kring:version:user:{user_id}"


def _login_key(user_id: int) -> str:
    return f"kring:version:login:{user_id}"


# Rows whose change alters what a user's login carries (members.backends): the user, their terms,
# roles, region-admin terms and unread notices. Slips and meetings do not, so logging a referral
# leaves the giver's cached login alone.
LOGIN_MODELS = {
    "members.User",
    "members.Membership",
    "members.RoleAssignment",
    "members.RegionAdmin",
    "referrals.Notice",
}


def cached_fragment(
    name: str,
    *,
    chapters: Iterable[int] = (),
    users: Iterable[int] = (),
    logins: Iterable[int] = (),
    build: Callable[[], object],
):
    """`build()`'s result, from the cache while nothing it depends on has changed.

    `chapters` and `users`: any write touching them invalidates it; `logins`: only writes to
    LOGIN_MODELS rows of those users do.
    """
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if not seconds:
        return build()
    version_keys = [
        EVERYTHING,
        *map(_chapter_key, chapters),
        *map(_user_key, users),
        *map(_login_key, logins),
    ]
    versions = cache.get_many(version_keys)
    for key in version_keys:
        if key not in versions:
            # A fresh random version: an evicted counter must never fall back to an old value.
            cache.add(key, uuid.uuid4().hex, timeout=None)
            versions[key] = cache.get(key)
    clock = int(clock_seconds() // settings.FRAGMENT_CLOCK_SECONDS)
    key = ":".join(
        ["kring:fragment", name, translation.get_language() or "", str(clock)]
        + [str(versions[version_key]) for version_key in version_keys]
    )
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=seconds)
    return value


def data_changed(
    *,
    chapters: Iterable[int] = (),
    users: Iterable[int] = (),
    logins: Iterable[int] = (),
    everything: bool = False,
) -> None:
    """Invalidate the fragments showing these chapters' and users' data once the write commits.

    Inside a transaction the keys are collected and bumped together when it commits: a reader
    before the commit still sees the old rows and may cache them, but under the old version. A
    test's transaction never commits, so under test the versions are also bumped at once.
    """
    keys = (
        [_chapter_key(c) for c in set(chapters) if c]
        + [_user_key(u) for u in set(users) if u]
        + [_login_key(u) for u in set(logins) if u]
    )
    if everything:
        keys.append(EVERYTHING)
    if not keys or not settings.FRAGMENT_CACHE_SECONDS:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _bump(keys)  # autocommit: the write is committed already
        return
    pending = connection.__dict__.setdefault("kring_pending_versions", set())
    pending.update(keys)
    # Every call registers the flush (a rolled-back savepoint drops its callbacks); the first
    # flush at commit bumps all the keys collected, the others find nothing left.
    transaction.on_commit(lambda: _bump(connection.__dict__.pop("kring_pending_versions", ())))
    if settings.TESTING:
        _bump(keys)


def _bump(keys: Iterable[str]) -> None:
    if keys:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)


# --- Which chapters and users a saved or deleted row touches


def _related_ids(instance, field: models.ForeignKey) -> tuple[set[int], set[int]] | None:
    """Chapters and users behind a foreign key to a meeting, referral or attendance row."""
    from chapters.models import Attendance, Meeting
    from referrals.models import Referral

    target = field.related_model
    value = getattr(instance, field.attname)
    if value is None or target not in (Meeting, Referral, Attendance):
        return None
    related = getattr(instance, field.name) if field.is_cached(instance) else None
    if target is Meeting:
        chapter_id = (
            related.chapter_id
            if related
            else Meeting.objects.filter(pk=value).values_list("chapter_id", flat=True).first()
        )
        return {chapter_id}, set()
    if target is Referral:
        if related is None:
            related = Referral.objects.only(
                "giver_id", "receiver_id", "giver_chapter_id", "receiver_chapter_id"
            ).get(pk=value)
        return {related.giver_chapter_id, related.receiver_chapter_id}, {
            related.giver_id,
            related.receiver_id,
        }
    if related is None:
        related = (
            Attendance.objects.select_related("meeting")
            .only("member_id", "meeting__chapter_id")
            .get(pk=value)
        )
    return {related.meeting.chapter_id}, {related.member_id}


def touched_by(instance) -> tuple[set[int], set[int]] | None:
    """(chapter ids, user ids) whose fragments a change of `instance` affects; None: can't tell."""
    from chapters.models import Chapter
    from members.models import User

    if isinstance(instance, Chapter):
        return None  # a chapter's own settings: every member's cached login carries them
    chapters, users = set(), set()
    if isinstance(instance, User):
        # Their name and photo show on their chapter's pages (board, slips on others' homes). On
        # another chapter's pages (a cross-chapter slip) a new name waits for the entry to expire.
        users.add(instance.pk)
        chapters.update(instance.memberships.values_list("chapter_id", flat=True))
    foreign_keys = [field for field in instance._meta.concrete_fields if field.many_to_one]
    for field in foreign_keys:
        if field.related_model is Chapter:
            chapters.add(getattr(instance, field.attname))
        elif field.related_model is User:
            users.add(getattr(instance, field.attname))
    if not chapters - {None}:
        # Rows hanging off a meeting, referral or attendance: their chapter is one step away.
        for field in foreign_keys:
            if (related := _related_ids(instance, field)) is not None:
                chapters |= related[0]
                users |= related[1]
    chapters.discard(None)
    users.discard(None)
    return (chapters, users) if chapters or users else None


def on_model_change(sender, instance, **kwargs) -> None:
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login, not a change anyone sees
    if not settings.FRAGMENT_CACHE_SECONDS:
        return
    # A role's capabilities are part of every holder's cached login, and roles change rarely.
    touched = None if sender._meta.label == "members.Role" else touched_by(instance)
    if touched is None:
        data_changed(everything=True)  # regions, schemes, classifications: rare, so drop it all
    else:
        chapters, users = touched
        logins = users if sender._meta.label in LOGIN_MODELS else ()
        data_changed(chapters=chapters, users=users, logins=logins)


def connect_signals() -> None:
    from django.apps import apps

    for app_label in ("members", "chapters", "referrals"):
        for model in apps.get_app_config(app_label).get_models():
            uid = f"fragment-cache-{model._meta.label}"
            models.signals.post_save.connect(on_model_change, sender=model, dispatch_uid=uid + "-save")
            models.signals.post_delete.connect(on_model_change, sender=model, dispatch_uid=uid + "-delete")
