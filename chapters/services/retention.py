"""Retention of visitor registrations: a guest who never became a member is erased after 90 days.

The registration stays (the visit counts in PALMS and the chapter overview, the inviting member
keeps the visitor credit); its personal fields are emptied and `erased_at` says so. A guest who
applied is kept while the application is open and for 90 days after its decision; one who became a
member (a user with the same email) keeps the history of their visits.
"""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from chapters.models import Chapter, Visitor
from members.audit import scrub_logged_fields
from members.models import Application, User
from members.services.retention import retain_per_chapter

VISITOR_RETENTION = datetime.timedelta(days=90)
VISITOR_PERSONAL_FIELDS = ("first_name", "last_name", "company", "profession", "email", "phone", "notes")


def expired_visitors(*, now: datetime.datetime):
    """Registrations of meetings more than 90 days ago whose guest did not become a member."""
    cutoff = now - VISITOR_RETENTION
    became_member = User.objects.filter(email__iexact=OuterRef("email"))
    application_pending = Application.objects.filter(
        chapter=OuterRef("chapter"), email__iexact=OuterRef("email")
    ).filter(Q(status__in=Application.OPEN_STATUSES) | Q(decided_at__gt=cutoff))
    return (
        Visitor.objects.filter(erased_at__isnull=True, meeting__starts_at__lte=cutoff)
        .exclude(~Q(email="") & Exists(became_member))
        .exclude(~Q(email="") & Exists(application_pending))
        .order_by("pk")
    )


def _erase_visitors(chapter: Chapter, pks: list[int], *, now: datetime.datetime) -> int:
    count = Visitor.objects.filter(pk__in=pks).update(
        **dict.fromkeys(VISITOR_PERSONAL_FIELDS, ""), erased_at=now
    )
    with override(chapter.language):
        erased_name = _("(erased visitor)")
    scrub_logged_fields(
        Visitor, pks=pks, fields=list(VISITOR_PERSONAL_FIELDS), replacement="", object_repr=erased_name
    )
    return count


def visitors_erase_expired(*, now: datetime.datetime | None = None) -> int:
    """Empty the personal fields of expired registrations, a log entry per chapter with the count.

    Safe to run again: an erased registration is not found a second time.
    """
    now = now or timezone.now()
    return retain_per_chapter(
        chapters=Chapter.objects.filter(pk__in=expired_visitors(now=now).values("chapter_id")).order_by("pk"),
        expired=lambda chapter: expired_visitors(now=now).filter(chapter=chapter),
        erase=lambda chapter, pks: _erase_visitors(chapter, pks, now=now),
        count_name="visitors_erased",
    )
