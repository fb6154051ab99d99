"""Login throttling with django-axes: who counts as "the same guesser" and how the lock-out looks.

Settings are in config/settings.py (AXES_*); an admin unlocks someone in /django-admin/ (Axes →
Access attempts: delete the rows) or with `manage.py axes_reset_username <email>` / `axes_reset`.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses a login while its email + IP address pair is locked out.

    authenticate() without a request comes from code (the test client's login(), management
    commands), never from the login form, so there is nothing to throttle.
    """

    def authenticate(self, request: HttpRequest | None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def normalised_username(request: HttpRequest, credentials: dict | None) -> str:
    # Email addresses log in case-insensitively; ALICE@ and alice@ are one guesser's target.
    username = (credentials or {}).get("username") or request.POST.get(settings.AXES_USERNAME_FORM_FIELD, "")
    return str(username).strip().lower()


def client_ip(request: HttpRequest) -> str:
    # Behind our proxy REMOTE_ADDR is the proxy itself; the proxy appends the real client last.
    if settings.BEHIND_PROXY and (forwarded := request.META.get("HTTP_X_FORWARDED_FOR")):
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request: HttpRequest, original_response, credentials: dict | None) -> HttpResponse:
    """429 with a page that says what happened and what to do, in the user's language."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": round(settings.AXES_COOLOFF_TIME.total_seconds() / 60),
    }
    return render(request, "members/login_locked.html", context, status=429)
