"""Optional two-factor login with an authenticator app (TOTP, django-otp).

Anyone may turn it on; it is meant for leaders and admins, who see other people's data. With a
confirmed device, logging in takes a second step: the password page keeps the person "half logged
in" in the session and the code page finishes the login. django-otp refuses a code that was used
before and slows down guessing (each wrong code doubles the wait).
"""

import base64
import time

import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME, login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.models import User

PENDING_USER = "two_factor_user_id"
PENDING_BACKEND = "two_factor_backend"
PENDING_NEXT = "two_factor_next"
PENDING_SINCE = "two_factor_since"
# The code must follow the password within this time.
PENDING_SECONDS = 5 * 60


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("6-digit code from your app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device: TOTPDevice | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or self.device is None or not self.device.verify_token(code):
            raise forms.ValidationError(
                _(
                    "That code is not right (or was already used). Wait for a new code in your app and try again."
                ),
                code="invalid_code",
            )
        return code


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def log_in(request: HttpRequest, user: User, *, backend: str, next_url: str) -> HttpResponse:
    """The one way into a session after a password or a one-time link, from any page.

    Someone with a confirmed device is only half logged in: the code page finishes the login.
    """
    if confirmed_device(user) is not None:
        return start_second_step(request, user, backend=backend, next_url=next_url)
    login(request, user, backend=backend)
    return redirect(_safe_next(request, next_url))


def _safe_next(request: HttpRequest, next_url: str) -> str:
    if not next_url or not url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, request.is_secure()
    ):
        return settings.LOGIN_REDIRECT_URL
    return next_url


def start_second_step(request: HttpRequest, user: User, *, backend: str, next_url: str) -> HttpResponse:
    request.session.cycle_key()
    request.session[PENDING_USER] = user.pk
    request.session[PENDING_BACKEND] = backend
    request.session[PENDING_NEXT] = next_url
    request.session[PENDING_SINCE] = time.time()
    return redirect("two_factor_login")


def _pending_user(request: HttpRequest) -> User | None:
    since = request.session.get(PENDING_SINCE, 0)
    if time.time() - since > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=request.session.get(PENDING_USER), is_active=True).first()


def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of the login: the code from the authenticator app."""
    user = _pending_user(request)
    device = confirmed_device(user) if user else None
    if device is None:
        messages.info(request, _("Log in with your email address and password first."))
        return redirect("login")
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        backend = request.session[PENDING_BACKEND]
        next_url = request.session.get(PENDING_NEXT) or ""
        for key in (PENDING_USER, PENDING_BACKEND, PENDING_NEXT, PENDING_SINCE):
            request.session.pop(key, None)
        login(request, user, backend=backend)
        otp_login(request, device)
        return redirect(_safe_next(request, next_url))
    return render(request, "members/two_factor_login.html", {"form": form})


def _qr_code(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


@login_required
def two_factor_settings(request: HttpRequest) -> HttpResponse:
    """Turn two-factor login on: scan the QR code, then confirm with a code from the app."""
    device = confirmed_device(request.user)
    if device is not None:
        return render(request, "members/two_factor.html", {"enabled": True, "form": CodeForm(device=device)})
    with transaction.atomic():
        # One unconfirmed device per person: reloading the page shows the same QR code.
        setup, _created = TOTPDevice.objects.select_for_update().get_or_create(
            user=request.user, confirmed=False, defaults={"name": "Kring"}
        )
    form = CodeForm(request.POST or None, device=setup)
    if request.method == "POST" and form.is_valid():
        TOTPDevice.objects.filter(pk=setup.pk, confirmed=False).update(confirmed=True)
        messages.success(
            request, _("Two-factor login is on. From now on you log in with a code from your app.")
        )
        return redirect("two_factor")
    secret = base64.b32encode(setup.bin_key).decode()
    return render(
        request,
        "members/two_factor.html",
        {
            "enabled": False,
            "form": form,
            "qr_code": _qr_code(setup),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    """Turn two-factor login off; a current code proves the phone is at hand."""
    device = confirmed_device(request.user)
    if device is None:
        return redirect("two_factor")
    form = CodeForm(request.POST, device=device)
    if not form.is_valid():
        return render(request, "members/two_factor.html", {"enabled": True, "form": form}, status=400)
    TOTPDevice.objects.filter(user=request.user).delete()
    messages.success(request, _("Two-factor login is off."))
    return redirect("two_factor")


class TwoFactorAdminSite(admin.AdminSite):
    """The Django admin, logged into through the app's login page and its code step.

    Its own login form (email and password only) is never shown, and someone with a confirmed device
    reaches it only with a session that passed the code step.
    """

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return super().has_permission(request) and (user.is_verified() or confirmed_device(user) is None)

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index", current_app=self.name)
        next_url = _safe_next(request, next_url)
        user = request.user
        if user.is_authenticated:
            if self.has_permission(request):
                return redirect(next_url)
            if not (user.is_staff and user.is_active):
                raise PermissionDenied
            # Logged in without the code step (a session from before it was required): start again.
            logout(request)
        return redirect_to_login(next_url)
