"""Membership terms: who is a current member, renewals due, leave, roles, a region's chapters."""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    IntegerField,
    Q,
    QuerySet,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from chapters.models import (
    Chapter,
    Region,
)
from members.access import current_q, rights_in_own_chapter
from members.models import Application, Membership, Onboarding, OnboardingItem, RoleAssignment, User
from referrals.models import Notice


def membership_terms():
    """Terms in the order `membership_for` picks them, with the member's rights in that chapter.

    Current terms sort before ended ones, then the most recent first; each row carries
    `region_admin_here` and `role_capabilities` for its own chapter (see members.access) and the
    member's `unread_notices` for the navigation's badge: every page needs them; and whether the
    term has an onboarding checklist still open (`open_onboarding`), so the home asks for it only then.
    """
    term = Membership._meta.db_table
    unread = RawSQL(
        f"SELECT COUNT(*) FROM {Notice._meta.db_table} notice"
        f" WHERE notice.user_id = {term}.user_id AND notice.read_at IS NULL",
        (),
        output_field=IntegerField(),
    )
    open_onboarding = RawSQL(
        f"EXISTS (SELECT 1 FROM {OnboardingItem._meta.db_table} item"
        f" JOIN {Onboarding._meta.db_table} onboarding ON onboarding.id = item.onboarding_id"
        f" WHERE onboarding.membership_id = {term}.id AND item.done_on IS NULL)",
        (),
        output_field=BooleanField(),
    )
    return (
        Membership.objects.exclude(status=Membership.Status.APPLICANT)
        .select_related("chapter__region__scoring_scheme", "classification")
        .annotate(**rights_in_own_chapter(), unread_notices=unread, open_onboarding=open_onboarding)
        .order_by(Case(When(status__in=Membership.CURRENT_STATUSES, then=0), default=1), "-starts_on")
    )


def current_members(chapter: Chapter) -> QuerySet[User]:
    """People holding a seat now (active or on leave)."""
    return User.objects.filter(
        memberships__chapter=chapter, memberships__status__in=Membership.CURRENT_STATUSES
    )


def users_with_capability(chapter: Chapter, capability: str) -> QuerySet[User]:
    holders = RoleAssignment.objects.filter(
        current_q(), chapter=chapter, role__capabilities__contains=[capability]
    ).values("user_id")
    return User.objects.filter(pk__in=holders, is_active=True)


RENEWAL_WINDOW_DAYS = 60


def current_memberships(chapters: QuerySet[Chapter] | list[Chapter]) -> QuerySet[Membership]:
    return (
        Membership.objects.current()
        .filter(chapter__in=chapters)
        .select_related("user", "classification", "chapter")
    )


def member_roles(*, chapter: Chapter, user: User) -> QuerySet[RoleAssignment]:
    return chapter.role_assignments.filter(current_q(), user=user).select_related("role")


class RenewalFilter:
    DUE = "due"
    OVERDUE = "overdue"


def chapter_memberships(
    *,
    chapter: Chapter,
    status: str = "current",
    renewal: str = "",
    classification_id: int | None = None,
    text: str = "",
) -> QuerySet[Membership]:
    """The member admin list: terms in this chapter, current ones unless a status is chosen."""
    terms = chapter.memberships.select_related("user", "classification", "sponsor")
    terms = terms.filter(status=status) if status in Membership.Status.values else terms.current()
    today = timezone.localdate()
    if renewal == RenewalFilter.DUE:
        terms = terms.filter(
            renewal_due_on__range=(today, today + datetime.timedelta(days=RENEWAL_WINDOW_DAYS))
        )
    elif renewal == RenewalFilter.OVERDUE:
        terms = terms.filter(renewal_due_on__lt=today)
    if classification_id:
        terms = terms.filter(classification_id=classification_id)
    if text.strip():
        terms = terms.filter(
            Q(user__first_name__icontains=text)
            | Q(user__last_name__icontains=text)
            | Q(user__company__icontains=text)
            | Q(user__email__icontains=text)
        )
    return terms.order_by("user__first_name", "user__last_name")


def renewals_due(*, chapter: Chapter, today: datetime.date | None = None) -> QuerySet[Membership]:
    """Current terms due within 60 days, and overdue ones (oldest first)."""
    today = today or timezone.localdate()
    return (
        chapter.memberships.current()
        .filter(renewal_due_on__lte=today + datetime.timedelta(days=RENEWAL_WINDOW_DAYS))
        .select_related("user", "classification")
        .order_by("renewal_due_on", "user__first_name")
    )


def on_leave(*, chapter: Chapter) -> QuerySet[Membership]:
    return chapter.memberships.filter(status=Membership.Status.ON_LEAVE).select_related(
        "user", "classification", "leave_approved_by"
    )


def current_role_assignments(*, chapter: Chapter) -> QuerySet[RoleAssignment]:
    return (
        chapter.role_assignments.filter(current_q())
        .select_related("role", "user")
        .order_by("role__sort_order", "role__name_nl", "user__first_name")
    )


def region_chapters(*, region: Region) -> QuerySet[Chapter]:
    return region.chapters.annotate(
        member_count=Count(
            "memberships", filter=Q(memberships__status__in=Membership.CURRENT_STATUSES), distinct=True
        ),
        open_applications=Count(
            "applications", filter=Q(applications__status__in=Application.OPEN_STATUSES), distinct=True
        ),
    ).order_by("name")


def current_membership(user: User) -> Membership | None:
    """The user's current term (active or on leave), with its chapter; None for anyone else."""
    return Membership.objects.current().filter(user=user).select_related("chapter").first()


def member_since(user: User) -> datetime.date | None:
    """The start of the user's first membership term in any chapter; None if they never had one."""
    return (
        Membership.objects.filter(user=user).order_by("starts_on").values_list("starts_on", flat=True).first()
    )
