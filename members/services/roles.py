"""Leadership roles: assign, end and create custom roles."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chapters.models import Chapter
from config.cache import changed
from members.models import (
    Role,
    RoleAssignment,
    User,
)


@transaction.atomic
def role_assign(
    *,
    chapter: Chapter,
    role: Role,
    user: User,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> RoleAssignment:
    if role.chapter_id not in (None, chapter.pk):
        raise ValidationError(_("This role belongs to another chapter."), code="role_other_chapter")
    if not user.memberships.current().filter(chapter=chapter).exists():
        raise ValidationError(_("Only current members of this chapter can hold a role."), code="not_member")
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(_("The end date must be on or after the start date."), code="end_before_start")
    # Lock the person's assignments here so a double submit cannot add the same role twice.
    list(RoleAssignment.objects.select_for_update().filter(chapter=chapter, user=user))
    overlapping = RoleAssignment.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on), chapter=chapter, role=role, user=user
    )
    if overlapping.exists():
        raise ValidationError(
            _("%(name)s already holds this role.") % {"name": user.full_name}, code="already_assigned"
        )
    assignment = RoleAssignment.objects.create(
        chapter=chapter, role=role, user=user, starts_on=starts_on, ends_on=ends_on
    )
    changed(chapters=[chapter.pk], users=[user.pk])  # their rights, in their cached login
    return assignment


@transaction.atomic
def role_end(*, assignment: RoleAssignment, ends_on: datetime.date | None = None) -> RoleAssignment:
    ends_on = ends_on or timezone.localdate()
    locked = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.ends_on is not None and locked.ends_on <= ends_on:
        return locked  # already ended: ending again changes nothing
    locked.ends_on = max(ends_on, locked.starts_on)
    locked.save(update_fields=["ends_on"])
    changed(chapters=[locked.chapter_id], users=[locked.user_id])
    return locked


@transaction.atomic
def role_create(*, chapter: Chapter, name_nl: str, name_en: str, capabilities: list[str]) -> Role:
    code = slugify(name_en)[:60] or slugify(name_nl)[:60]
    if (
        Role.objects.filter(code=code).filter(chapter=None).exists()
        or chapter.custom_roles.filter(code=code).exists()
    ):
        raise ValidationError(_("A role with this name already exists."), code="role_exists")
    role = Role.objects.create(
        chapter=chapter, code=code, name_nl=name_nl, name_en=name_en, capabilities=sorted(capabilities)
    )
    changed(chapters=[chapter.pk])
    return role
