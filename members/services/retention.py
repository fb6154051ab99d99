"""Retention in members: rejected applications are purged 90 days after the decision, and former
members are pseudonymised the chapter's number of months after their membership ended.

A purged application and its objections are deleted; what the audit log kept of them (the
applicant's fields, their name as the entry's title) is scrubbed. A pseudonymised former member
keeps every row that counts (slips, attendance, ...), as when the region admin does it by hand
(members/services/leaving.py). Each job writes one entry per chapter with the count, never whose.

`retain_per_chapter` is the loop every retention job shares (visitors in chapters too).
"""

import datetime
from collections.abc import Callable, Iterable

from auditlog.context import disable_auditlog
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from chapters.models import Chapter
from config.cache import changed
from config.dates import months_before
from members.access import current_q
from members.audit import record_retention, scrub_logged_fields
from members.models import Application, Membership, Objection, RegionAdmin, RoleAssignment, User
from members.services.leaving import pseudonymise_locked

APPLICATION_RETENTION = datetime.timedelta(days=90)
APPLICATION_PERSONAL_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "company",
    "website",
    "profession",
    "references",
    "motivation",
    "interview_notes",
    "early_approval_reason",
    "decision_reason",
)


def retain_per_chapter(
    *,
    chapters: Iterable[Chapter],
    expired: Callable[[Chapter], QuerySet],
    erase: Callable[[Chapter, list[int]], int],
    count_name: str,
    everything: bool = False,
) -> int:
    """For each chapter, in its own transaction: lock its expired rows, `erase` them and log the count.

    Safe to run again as long as `expired` no longer finds what `erase` handled. `everything`: the
    erased names were on other chapters' pages too, so every cached page forgets them.
    """
    total = 0
    for chapter in chapters:
        with transaction.atomic():
            pks = list(expired(chapter).select_for_update(of=("self",)).values_list("pk", flat=True))
            if not pks:
                continue
            count = erase(chapter, pks)
            record_retention(chapter=chapter, count_name=count_name, count=count)
            changed(chapters=[chapter.pk], everything=everything)
            total += count
    return total


def expired_applications(*, now: datetime.datetime):
    return Application.objects.filter(
        status=Application.Status.REJECTED, decided_at__lte=now - APPLICATION_RETENTION
    ).order_by("pk")


def _purge_applications(chapter: Chapter, pks: list[int]) -> int:
    with override(chapter.language):
        erased_name = _("(purged application)")
    scrub_logged_fields(
        Application,
        pks=pks,
        fields=list(APPLICATION_PERSONAL_FIELDS),
        replacement="",
        object_repr=erased_name,
    )
    objection_pks = list(Objection.objects.filter(application_id__in=pks).values_list("pk", flat=True))
    scrub_logged_fields(
        Objection, pks=objection_pks, fields=["application"], replacement=erased_name, object_repr=erased_name
    )
    # The deletion itself is not logged row by row: that entry would copy the applicant's fields.
    with disable_auditlog():
        Application.objects.filter(pk__in=pks).delete()
    return len(pks)


def applications_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete rejected applications decided more than 90 days ago. Safe to run again."""
    now = now or timezone.now()
    return retain_per_chapter(
        chapters=Chapter.objects.filter(pk__in=expired_applications(now=now).values("chapter_id")).order_by(
            "pk"
        ),
        expired=lambda chapter: expired_applications(now=now).filter(chapter=chapter),
        erase=_purge_applications,
        count_name="applications_purged",
    )


def former_members_due(*, chapter: Chapter, today: datetime.date) -> QuerySet:
    """People whose last term was in `chapter` and ended the chapter's period ago or longer.

    Not: anyone who is a member again (anywhere), has an open application, holds a role or a region
    admin seat, or is staff; and not who is pseudonymised already.
    """
    cutoff = months_before(today, chapter.former_member_retention_months)
    last_term = Membership.objects.filter(user=OuterRef("pk")).order_by("-starts_on", "-pk")
    open_application = Application.objects.filter(status__in=Application.OPEN_STATUSES).filter(
        Q(member=OuterRef("pk")) | Q(email__iexact=OuterRef("email"))
    )
    return (
        User.objects.filter(pseudonymised_at__isnull=True, is_staff=False, is_superuser=False)
        .annotate(
            last_chapter_id=Subquery(last_term.values("chapter_id")[:1]),
            last_ended_on=Subquery(last_term.values("ended_on")[:1]),
        )
        .filter(last_chapter_id=chapter.pk, last_ended_on__lte=cutoff)
        .exclude(Exists(Membership.objects.current().filter(user=OuterRef("pk"))))
        .exclude(Exists(open_application))
        .exclude(Exists(RoleAssignment.objects.filter(current_q(today), user=OuterRef("pk"))))
        .exclude(Exists(RegionAdmin.objects.filter(current_q(today), user=OuterRef("pk"))))
        .order_by("pk")
    )


def _pseudonymise_users(_chapter: Chapter, pks: list[int]) -> int:
    for user in User.objects.filter(pk__in=pks).order_by("pk"):  # locked by retain_per_chapter
        pseudonymise_locked(user)
    return len(pks)


def former_members_pseudonymise_expired(*, now: datetime.datetime | None = None) -> int:
    """Pseudonymise former members past their last chapter's period. Safe to run again."""
    today = timezone.localdate(now or timezone.now())
    ended = Membership.objects.filter(ended_on__isnull=False, user__pseudonymised_at__isnull=True)
    return retain_per_chapter(
        chapters=Chapter.objects.filter(pk__in=ended.values("chapter_id")).order_by("pk"),
        expired=lambda chapter: former_members_due(chapter=chapter, today=today),
        erase=_pseudonymise_users,
        count_name="former_members_pseudonymised",
        everything=True,  # their name is on other members' pages: slips, thank-yous, one-to-ones
    )
