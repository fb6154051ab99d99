"""Reads about members that pages share, with the joins they need."""

import datetime
import re

from django.contrib.postgres.search import SearchQuery
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from chapters.models import Chapter, Region
from members.access import current_q
from members.models import Application, Membership, RoleAssignment, User

RENEWAL_WINDOW_DAYS = 60
_WORD = re.compile(r"\w+", re.UNICODE)


def text_query(text: str) -> SearchQuery | None:
    """Every word must match: as the start of a word ("foto utre" finds "fotograaf" in "Utrecht"),
    or by its Dutch or English stem ("ziekenhuizen" finds "ziekenhuis", "lawyers" finds "lawyer")."""
    words = _WORD.findall(text.lower())[:8]
    if not words:
        return None
    prefix = SearchQuery(" & ".join(f"{word}:*" for word in words), config="simple", search_type="raw")
    plain = " ".join(words)
    return prefix | SearchQuery(plain, config="dutch") | SearchQuery(plain, config="english")


def current_memberships(chapters: QuerySet[Chapter] | list[Chapter]) -> QuerySet[Membership]:
    return Membership.objects.filter(
        chapter__in=chapters, status__in=Membership.CURRENT_STATUSES
    ).select_related("user", "classification", "chapter")


def directory_search(
    *, chapters: QuerySet[Chapter] | list[Chapter], text: str = "", knows: str = ""
) -> QuerySet[Membership]:
    """Current members of `chapters` matching `text` (name, company, classification, profile and GAINS)
    and `knows` (their Networks: "who knows someone at the hospital?")."""
    terms = current_memberships(chapters)
    text, knows = text.strip(), knows.strip()
    if text:
        query = text_query(text)
        classification_match = Q(classification__name_nl__icontains=text) | Q(
            classification__name_en__icontains=text
        )
        if query is None:
            terms = terms.filter(classification_match)
        else:
            terms = terms.filter(Q(user__search_document=query) | classification_match)
    if knows and (query := text_query(knows)) is not None:
        terms = terms.filter(user__networks_document=query)
    return terms.order_by("user__first_name", "user__last_name")


def directory_profile(*, chapter: Chapter, user_id: int) -> Membership | None:
    return current_memberships([chapter]).filter(user_id=user_id).select_related("sponsor").first()


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
    if status in Membership.Status.values:
        terms = terms.filter(status=status)
    else:
        terms = terms.filter(status__in=Membership.CURRENT_STATUSES)
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
        chapter.memberships.filter(
            status__in=Membership.CURRENT_STATUSES,
            renewal_due_on__lte=today + datetime.timedelta(days=RENEWAL_WINDOW_DAYS),
        )
        .select_related("user", "classification")
        .order_by("renewal_due_on", "user__first_name")
    )


def on_leave(*, chapter: Chapter) -> QuerySet[Membership]:
    return chapter.memberships.filter(status=Membership.Status.ON_LEAVE).select_related(
        "user", "classification", "leave_approved_by"
    )


def open_applications(*, chapter: Chapter) -> QuerySet[Application]:
    return (
        chapter.applications.filter(status__in=Application.OPEN_STATUSES)
        .select_related("classification")
        .order_by("created_at")
    )


def decided_applications(*, chapter: Chapter) -> QuerySet[Application]:
    return (
        chapter.applications.exclude(status__in=Application.OPEN_STATUSES)
        .select_related("classification", "decided_by")
        .order_by("-decided_at")
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
