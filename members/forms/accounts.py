"""Log-in and password forms."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from config.cache import changed


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _("That email address and password do not match. Check both and try again."),
        "inactive": _("This account is inactive."),
    }


class _PasswordChanged:
    """A new password: the user's cached login (with the old session auth hash) is dropped, so
    every other session of theirs ends on its next request, as without the cache."""

    def save(self, commit=True):
        user = super().save(commit)
        if commit:
            changed(users=[user.pk])
        return user


class SetPasswordForm(_PasswordChanged, auth_forms.SetPasswordForm):
    """The invitation's and the password reset's "choose your password" form."""


class AdminPasswordChangeForm(_PasswordChanged, auth_forms.AdminPasswordChangeForm):
    """The Django admin's "change password" form."""
