from django.utils import translation

from members.models import Membership
from members.selectors.memberships import membership_terms


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
