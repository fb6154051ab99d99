from django.db.models import Case, When
from django.utils import translation

from members.models import Membership


def membership_for(user) -> Membership | None:
    """The user's current term, or else their latest one (so a lapsed member can be told why)."""
    if not user.is_authenticated:
        return None
    terms = (
        Membership.objects.filter(user=user)
        .exclude(status=Membership.Status.APPLICANT)
        .select_related("chapter__region", "classification")
    )
    # One query: current terms sort before ended ones, then the most recent first.
    return terms.order_by(
        Case(When(status__in=Membership.CURRENT_STATUSES, then=0), default=1), "-starts_on"
    ).first()


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
