"""Plain functions that build test data; each returns saved rows."""

import datetime
import itertools

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from chapters.models import Chapter, Region
from members.capabilities import STANDARD_ROLES
from members.models import (
    Classification,
    ClassificationCategory,
    Membership,
    RegionAdmin,
    Role,
    RoleAssignment,
    User,
)

PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)
_password_hash: str | None = None


def _hashed_password() -> str:
    global _password_hash
    if _password_hash is None:
        _password_hash = make_password(PASSWORD)
    return _password_hash


def make_region(name: str | None = None) -> Region:
    n = next(_counter)
    name = name or f"Region {n}"
    return Region.objects.create(name=name, slug=f"region-{n}")


def make_chapter(region: Region | None = None, name: str | None = None, **fields) -> Chapter:
    n = next(_counter)
    region = region or make_region()
    return Chapter.objects.create(
        region=region,
        name=name or f"Chapter {n}",
        slug=f"chapter-{n}",
        city=fields.pop("city", "Utrecht"),
        **fields,
    )


def make_classification(name: str | None = None) -> Classification:
    n = next(_counter)
    category, _ = ClassificationCategory.objects.get_or_create(
        name_nl="Diensten", defaults={"name_en": "Services"}
    )
    return Classification.objects.create(
        category=category, name_nl=name or f"Beroep {n}", name_en=f"{name or 'Profession'} {n}"
    )


def make_user(first_name: str = "Test", last_name: str | None = None, **fields) -> User:
    n = next(_counter)
    last_name = last_name or f"User{n}"
    email = fields.pop("email", f"{first_name.lower()}.{n}@example.nl")
    fields.setdefault("password", _hashed_password())
    return User.objects.create(email=email, first_name=first_name, last_name=last_name, **fields)


def make_member(
    chapter: Chapter,
    first_name: str = "Member",
    *,
    status: str = Membership.Status.ACTIVE,
    classification: Classification | None = None,
    **user_fields,
) -> User:
    user = make_user(first_name, **user_fields)
    today = timezone.localdate()
    Membership.objects.create(
        user=user,
        chapter=chapter,
        classification=classification or make_classification(),
        status=status,
        starts_on=today - datetime.timedelta(days=100),
        renewal_due_on=today + datetime.timedelta(days=265),
    )
    return user


def standard_role(code: str) -> Role:
    name_nl, name_en, capabilities = STANDARD_ROLES[code]
    role, _ = Role.objects.get_or_create(
        chapter=None,
        code=code,
        defaults={"name_nl": name_nl, "name_en": name_en, "capabilities": sorted(capabilities)},
    )
    return role


def give_role(user: User, chapter: Chapter, code: str) -> RoleAssignment:
    today = timezone.localdate()
    return RoleAssignment.objects.create(
        chapter=chapter, role=standard_role(code), user=user, starts_on=today - datetime.timedelta(days=30)
    )


def make_region_admin(region: Region, first_name: str = "Regina") -> User:
    user = make_user(first_name)
    RegionAdmin.objects.create(
        region=region, user=user, starts_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    return user
