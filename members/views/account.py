from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config import rate_limits
from members.forms.accounts import LoginForm, SetPasswordForm
from members.models import User
from members.services.users import user_set_language
from members.tokens import invitation_token_generator
from members.two_factor import log_in


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "members/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        return log_in(self.request, user, backend=user.backend, next_url=self.get_success_url())


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "members/password_reset.html"
    email_template_name = "emails/password_reset.txt"
    html_email_template_name = "emails/password_reset.html"
    subject_template_name = "emails/password_reset_subject.txt"

    def form_valid(self, form):
        # Counted whether or not the address has an account, so the limit tells nobody which has one.
        limits = rate_limits.limits_for(self.request, "reset", email=form.cleaned_data["email"])
        try:
            with rate_limits.counted(limits):
                return super().form_valid(form)
        except rate_limits.RateLimited:
            form.add_error(
                None,
                _(
                    "Too many submissions from your connection or for this email address. Please try again later."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)


def _user_from_uid(uidb64: str) -> User | None:
    try:
        return User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None


def invitation_accept(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The "set your password" page a new member reaches from the invitation email."""
    user = _user_from_uid(uidb64)
    if user is None or not invitation_token_generator.check_token(user, token):
        return render(request, "members/invitation_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Welcome to Kring! Your password is set."))
        return log_in(request, user, backend="members.backends.MemberBackend", next_url=reverse("home"))
    return render(request, "members/invitation_accept.html", {"form": form, "invited_user": user})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; logged-in users keep it on their profile."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    # Only a path on this site: never another host, and never a view name for redirect() to resolve.
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in ("nl", "en") and check_for_language(language):
        if request.user.is_authenticated:
            user_set_language(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response
