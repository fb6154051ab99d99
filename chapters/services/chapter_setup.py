"""A region admin starts a new chapter with its first leadership team."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chapters.models import Chapter, Region
from config.cache import changed
from members.models import (
    Classification,
    Role,
    RoleAssignment,
    User,
)
from members.services.memberships import membership_start, one_term_later
from members.services.users import user_invite


@dataclass
class NewLeader:
    role: Role
    first_name: str
    last_name: str
    email: str
    classification: Classification


@transaction.atomic
def chapter_create(
    *,
    region: Region,
    name: str,
    slug: str,
    city: str,
    meeting_weekday: int,
    meeting_time: datetime.time,
    venue: str = "",
    leaders: list[NewLeader],
    created_by: User,
) -> Chapter:
    """A region admin starts a chapter with its first leadership team (members from day one)."""
    if Chapter.objects.filter(slug=slug).exists():
        raise ValidationError(_("This web address is already in use."), code="slug_taken")
    if region.chapters.filter(name__iexact=name).exists():
        raise ValidationError(_("The region already has a chapter with this name."), code="name_taken")
    chapter = Chapter.objects.create(
        region=region,
        name=name,
        slug=slug,
        city=city,
        meeting_weekday=meeting_weekday,
        meeting_time=meeting_time,
        venue=venue,
    )
    today = timezone.localdate()
    seen_classifications: set[int] = set()
    for leader in leaders:
        if leader.classification.pk in seen_classifications:
            raise ValidationError(
                _("Two leaders cannot share the classification %(name)s.")
                % {"name": leader.classification.name},
                code="classification_taken",
            )
        seen_classifications.add(leader.classification.pk)
        user = User.objects.filter(email__iexact=leader.email).first()
        is_new = user is None
        if is_new:
            user = User.objects.create_user(
                email=leader.email, first_name=leader.first_name, last_name=leader.last_name
            )
        membership_start(user=user, chapter=chapter, classification=leader.classification)
        RoleAssignment.objects.create(
            chapter=chapter,
            role=leader.role,
            user=user,
            starts_on=today,
            ends_on=one_term_later(today) - datetime.timedelta(days=1),
        )
        if is_new or not user.has_usable_password():
            user_invite(user=user, invited_by=created_by)
    changed(everything=True)  # a new chapter in every region list; the leaders' logins
    return chapter
