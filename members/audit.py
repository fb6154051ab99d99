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

import ast
import datetime
import json
from collections.abc import Callable

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import JSONField, TextField, Value
from django.db.models.functions import Cast, Replace
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy

from members.models import (
    Application,
    ClassificationLock,
    DuesLine,
    DuesRate,
    Membership,
    Objection,
    RegionAdmin,
    RenewalRequest,
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
    model: type[models.Model],
    *,
    pks: list[int],
    fields: list[str],
    replacement: str,
    object_repr: str | None = None,
) -> int:
    """Overwrite what the log kept of `fields` for these rows (an erasure): the entries stay, the values go.

    Scrubs the before/after pairs (`changes`, and `changes_text` where a version of auditlog kept
    them there) and drops any serialized copy of the row; `object_repr` is the model's __str__,
    which must not name personal data, or `object_repr` replaces it where it does.
    """
    entries = LogEntry.objects.get_for_objects(model.objects.filter(pk__in=pks))
    if object_repr is not None:
        entries.update(object_repr=object_repr)
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


# Counts the daily retention jobs log on the chapter: no field of a model, so their label is here.
RETENTION_COUNTS = {
    "visitors_erased": gettext_lazy("visitor registrations erased after 90 days"),
    "applications_purged": gettext_lazy("rejected applications purged after 90 days"),
    "former_members_pseudonymised": gettext_lazy("former members pseudonymised after the chapter's period"),
}


def record_retention(*, chapter: models.Model, count_name: str, count: int) -> LogEntry:
    """One entry on the chapter saying how many records a retention job erased (never whose)."""
    return LogEntry.objects.log_create(
        chapter,
        action=LogEntry.Action.UPDATE,
        changes={count_name: ["0", str(count)]},
        additional_data={"chapter_id": chapter.pk},
        force_log=True,
    )


def rename_in_log(*, old_names: list[str], new_name: str) -> None:
    """Entries name objects by their __str__, their own ("Alice de Vries @ Domstad") and those their
    foreign keys point at ({"user": [..., "Alice de Vries"]}): the old name becomes the pseudonym in
    every one of them."""
    for old_name in (name for name in old_names if name.strip()):
        in_json = json.dumps(old_name, ensure_ascii=False)[1:-1]  # as jsonb prints it
        LogEntry.objects.filter(object_repr__contains=old_name).update(
            object_repr=Replace("object_repr", Value(old_name), Value(new_name))
        )
        LogEntry.objects.filter(changes_text__contains=old_name).update(
            changes_text=Replace("changes_text", Value(old_name), Value(new_name))
        )
        as_text = Cast("changes", TextField())
        LogEntry.objects.annotate(changes_as_text=as_text).filter(changes_as_text__contains=in_json).update(
            changes=Cast(Replace(as_text, Value(in_json), Value(new_name)), JSONField())
        )


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
    # The search documents are generated from the profile (and would keep its words after an erasure).
    exclude_fields=[
        "password",
        "last_login",
        "weekly_ask_updated_at",
        "search_document",
        "networks_document",
    ],
)
register(Membership, chapter_of=lambda membership: membership.chapter_id, exclude_fields=["updated_at"])
register(RoleAssignment, chapter_of=lambda assignment: assignment.chapter_id)
register(Role, chapter_of=lambda role: role.chapter_id)
register(RegionAdmin, chapter_of=lambda region_admin: None)
register(Application, chapter_of=lambda application: application.chapter_id)
register(ClassificationLock, chapter_of=lambda lock: lock.chapter_id)
register(DuesRate, chapter_of=lambda rate: rate.chapter_id)
register(DuesLine, chapter_of=lambda line: line.chapter_id)
register(RenewalRequest, chapter_of=lambda renewal: renewal.chapter_id)
# Who objected, never why: the reason is for the membership committee only, not the audit page.
register(Objection, chapter_of=lambda objection: objection.application.chapter_id, exclude_fields=["reason"])


# --- Showing an entry: its changes as (label, before, after), in the reader's language.
#
# auditlog's LogEntry.changes_display_dict breaks on an ArrayField of choices (a role's
# capabilities: it joins lazy labels, then looks a list up in a dict) and shows "None" for values
# outside the choices, so the audit page reads the stored changes itself.

# Bookkeeping fields that say nothing to a reader of the log.
HIDDEN_FIELDS = frozenset({"id", "created_at", "updated_at"})


def _stored_list(value: str) -> list | None:
    """A stored list ("['a', 'b']", as auditlog writes an ArrayField), or None if `value` is not one."""
    if not value.startswith("["):
        return None
    try:
        parsed = ast.literal_eval(value)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return parsed if isinstance(parsed, list) else None


def _show_value(field: models.Field | None, value) -> str:
    if value is None or value == "None":
        return ""
    value = value if isinstance(value, str) else str(value)
    if field is None:
        return value
    choice_field = getattr(field, "base_field", field)  # an ArrayField's items carry the choices
    if choice_field.choices:
        labels = {str(code): str(label) for code, label in choice_field.flatchoices}
        items = _stored_list(value)
        if items is not None:
            return ", ".join(labels.get(str(item), str(item)) for item in items)
        return labels.get(value, value)
    if isinstance(field, models.DateTimeField):
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, datetime.UTC)
        return formats.localize(timezone.localtime(moment))
    if isinstance(field, models.DateField):
        try:
            return formats.localize(datetime.date.fromisoformat(value[:10]))
        except ValueError:
            return value
    return value


def entry_changes(entry: LogEntry, model: type[models.Model] | None) -> list[tuple[str, str, str]]:
    """(label, before, after) per changed field; bookkeeping and reverse relations left out."""
    rows = []
    for name, values in (entry.changes_dict or {}).items():
        if name in HIDDEN_FIELDS or not values:
            continue
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
            if field is not None and not field.concrete:
                continue
        label = str(field.verbose_name) if field is not None else str(RETENTION_COUNTS.get(name, name))
        values = values if isinstance(values, list) else [values]
        before, after = (values[0], values[-1]) if len(values) > 1 else (None, values[0])
        rows.append((label, _show_value(field, before), _show_value(field, after)))
    return rows
