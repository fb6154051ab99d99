"""Writes that matter for people and their membership. Views call these; they never see a request."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from members.emails import queue_email
from members.models import User


def invitation_path(user: User) -> str:
    """A "set your password" link; it expires after PASSWORD_RESET_TIMEOUT or once used."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("invitation_accept", kwargs={"uidb64": uidb64, "token": token})


def user_invite(*, user: User, invited_by: User | None = None) -> None:
    queue_email(
        to=[user.email],
        template="invitation",
        context={
            "first_name": user.first_name,
            "invited_by": invited_by.full_name if invited_by else "",
            "path": invitation_path(user),
        },
        language=user.language,
    )


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
