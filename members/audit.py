"""The audit log: which writes are recorded, and which chapter each record belongs to.

Why django-auditlog: one LogEntry table for every model (no shadow table per model), models are
registered here without touching their code, its middleware records the acting user, and each
entry keeps the changed fields as before/after pairs that the admin and the chapter's audit page
show. It records saves and deletes through the ORM; a queryset.update() bypasses it, so services
save the rows whose changes matter.

Other apps follow the same pattern from their AppConfig.ready():

    from members.audit import register
    register(Referral, chapter_of=lambda referral: referral.chapter_id, include_fields=[...])

`chapter_of` says which chapter's leaders may read the entry (None: only the Django admin shows it);
it is stored as LogEntry.additional_data["chapter_id"], which the audit page filters on.

A change made with a conditional queryset.update() (one racer wins) is invisible to auditlog's
signals; the winner records it with `record_update(referral, changes={"status": (before, after)})`.
"""

from collections.abc import Callable

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db import models

from members.models import (
    Application,
    ClassificationLock,
    Membership,
    RegionAdmin,
    Role,
    RoleAssignment,
    User,
)

ChapterOf = Callable[[models.Model], int | None]
CHAPTER_OF: dict[type[models.Model], ChapterOf] = {}


def register(model: type[models.Model], *, chapter_of: ChapterOf, **options) -> None:
    """Record every save and delete of `model`; `options` go to auditlog.register (include_fields...)."""
    auditlog.register(model, **options)
    CHAPTER_OF[model] = chapter_of
    # auditlog stores what the instance's get_additional_data() returns in the entry's own INSERT.
    model.get_additional_data = _chapter_data(chapter_of)


def _chapter_data(chapter_of: ChapterOf):
    def get_additional_data(instance) -> dict | None:
        chapter_id = chapter_of(instance)
        return {"chapter_id": chapter_id} if chapter_id is not None else None

    return get_additional_data


def record_update(instance: models.Model, *, changes: dict[str, tuple[object, object]]) -> LogEntry:
    """Record a change auditlog cannot see (a queryset.update()); the actor comes from the request."""
    chapter_of = CHAPTER_OF.get(type(instance))
    chapter_id = chapter_of(instance) if chapter_of else None
    return LogEntry.objects.log_create(
        instance,
        action=LogEntry.Action.UPDATE,
        changes={field: [str(before), str(after)] for field, (before, after) in changes.items()},
        additional_data={"chapter_id": chapter_id} if chapter_id is not None else None,
    )


def scrub_logged_fields(
    model: type[models.Model], *, pks: list[int], fields: list[str], replacement: str
) -> int:
    """Overwrite what the log kept of `fields` for these rows (an erasure): the entries stay, the values go.

    Scrubs the before/after pairs (`changes`, and `changes_text` where a version of auditlog kept
    them there) and drops any serialized copy of the row; `object_repr` is the model's __str__,
    which must not name personal data.
    """
    entries = LogEntry.objects.get_for_objects(model.objects.filter(pk__in=pks))
    scrubbed = 0
    for entry in entries:
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        touched = {field: [replacement, replacement] for field in fields if field in changes}
        if not touched and entry.serialized_data is None and not entry.changes_text:
            continue
        if touched:
            entry.changes = {**changes, **touched}
        entry.changes_text = ""
        entry.serialized_data = None
        entry.save(update_fields=["changes", "changes_text", "serialized_data"])
        scrubbed += 1
    return scrubbed


def _current_chapter_of(user: User) -> int | None:
    return (
        Membership.objects.filter(user_id=user.pk, status__in=Membership.CURRENT_STATUSES)
        .values_list("chapter_id", flat=True)
        .first()
    )


register(
    User,
    chapter_of=_current_chapter_of,
    # Never the password hash; last_login changes at every login and says nothing about a write.
    exclude_fields=["password", "last_login", "weekly_ask_updated_at"],
)
register(Membership, chapter_of=lambda membership: membership.chapter_id, exclude_fields=["updated_at"])
register(RoleAssignment, chapter_of=lambda assignment: assignment.chapter_id)
register(Role, chapter_of=lambda role: role.chapter_id)
register(RegionAdmin, chapter_of=lambda region_admin: None)
register(Application, chapter_of=lambda application: application.chapter_id)
register(ClassificationLock, chapter_of=lambda lock: lock.chapter_id)
