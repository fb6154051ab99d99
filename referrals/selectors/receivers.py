"""Whom a member may reach: pass a slip to, thank, meet one-to-one, write a testimonial for.

One rule, `reachable_memberships`, and every page that looks a member up (by id from a link or a
form, or by a few letters) goes through it, so an id outside it behaves as "not found" and shows
nothing of that person. The rule: current members of the user's region but the user themself;
the region's other chapters count as cross-chapter (BNI's "outside" referrals). The services
check the same rule again when they write.
"""

from django.db.models import (
    Count,
    Q,
    QuerySet,
)

from chapters.models import Chapter
from members.models import Membership, User


def reachable_memberships(
    *, user: User, chapter: Chapter, own_chapter_only: bool = False
) -> QuerySet[Membership]:
    """Current memberships of the members `user` (a member of `chapter`) may reach, with user and chapter.

    `own_chapter_only`: records that belong to one chapter's meetings (testimonials).
    """
    memberships = Membership.objects.current().exclude(user_id=user.pk)
    if own_chapter_only:
        memberships = memberships.filter(chapter_id=chapter.pk)
    else:
        memberships = memberships.filter(chapter__region_id=chapter.region_id)
    return memberships.select_related("user", "chapter")


def reachable_members(*, user: User, chapter: Chapter, own_chapter_only: bool = False) -> QuerySet[User]:
    """The users of `reachable_memberships`."""
    return User.objects.filter(
        pk__in=reachable_memberships(user=user, chapter=chapter, own_chapter_only=own_chapter_only).values(
            "user_id"
        )
    )


def reachable_membership(*, user: User, chapter: Chapter, member_id) -> Membership | None:
    """The reachable membership of the member with id `member_id` (any text), or None."""
    if not str(member_id or "").isdigit():
        return None
    return (
        reachable_memberships(user=user, chapter=chapter)
        .filter(user_id=int(member_id))
        .select_related("classification")
        .first()
    )


def receiver_candidates(*, giver: User, chapter: Chapter, text: str, limit: int = 8) -> QuerySet[Membership]:
    """Reachable members matching a few letters of name, company or classification; own chapter first."""
    terms = reachable_memberships(user=giver, chapter=chapter).select_related("classification")
    for word in text.split()[:4]:
        terms = terms.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__company__icontains=word)
            | Q(classification__name_nl__icontains=word)
            | Q(classification__name_en__icontains=word)
        )
    own_first = Count("pk", filter=Q(chapter=chapter))
    return terms.annotate(own=own_first).order_by("-own", "user__first_name", "user__last_name")[:limit]
