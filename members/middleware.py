from django.db.models import Case, Count, OuterRef, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import translation

from members.models import Membership


def membership_terms():
    """Terms in the order `membership_for` picks them, with the member's rights in that chapter.

    Current terms sort before ended ones, then the most recent first; each row carries
    `region_admin_here` and `role_capabilities` for its own chapter (see members.access) and the
    member's `unread_notices` for the navigation's badge: every page needs them.
    """
    from members.access import rights_in_own_chapter
    from referrals.models import Notice

    unread = Notice.objects.filter(user_id=OuterRef("user_id"), read_at__isnull=True)
    return (
        Membership.objects.exclude(status=Membership.Status.APPLICANT)
        .select_related("chapter__region__scoring_scheme", "classification")
        .annotate(**rights_in_own_chapter())
        .annotate(
            unread_notices=Coalesce(
                Subquery(unread.order_by().values("user_id").annotate(n=Count("pk")).values("n")), 0
            )
        )
        .order_by(Case(When(status__in=Membership.CURRENT_STATUSES, then=0), default=1), "-starts_on")
    )


def membership_for(user) -> Membership | None:
    """The user's current term, or else their latest one (so a lapsed member can be told why)."""
    if not user.is_authenticated:
        return None
    if hasattr(user, "_current_membership"):  # loaded with the user (members.backends)
        return user._current_membership
    return membership_terms().filter(user=user).first()


class CurrentMembershipMiddleware:
    """Sets request.membership: the logged-in user's current membership term (or latest), or None."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = membership_for(request.user)
        return self.get_response(request)


class UserLanguageMiddleware:
    """Logged-in users see the language saved on their profile (the switcher saves it there)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
