"""A person's account: invitation, language, profile, email, weekly ask and photo."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from config.cache import changed
from members.emails import queue_email
from members.models import PROFILE_FIELDS, User
from members.tokens import invitation_token_generator


def invitation_path(user: User) -> str:
    """A "set your password" link; it expires after PASSWORD_RESET_TIMEOUT or once used."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_token_generator.make_token(user)
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


def _user_changed(user: User) -> None:
    """Their cached login and pages, and their chapters' pages, which show their name and photo."""
    changed(users=[user.pk], chapters=user.memberships.values_list("chapter_id", flat=True))


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
        _user_changed(user)


@transaction.atomic
def user_update_profile(*, user: User, **fields) -> User:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not profile fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(user, name, value)
    user.save(update_fields=list(fields))
    _user_changed(user)
    return user


@transaction.atomic
def user_change_email(*, user: User, email: str) -> User:
    email = User.objects.normalize_email(email).lower()
    if email == user.email:
        return user
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError(_("Another account already uses this email address."), code="duplicate_email")
    user.email = email
    try:
        with transaction.atomic():
            user.save(update_fields=["email"])
            _user_changed(user)
    except IntegrityError as error:
        raise ValidationError(
            _("Another account already uses this email address."), code="duplicate_email"
        ) from error
    return user


ASK_DETAIL_FIELDS = ("ask_who", "ask_why", "ask_intro")


@transaction.atomic
def user_set_weekly_ask(*, user: User, weekly_ask: str, **details: str) -> User:
    """The week's ask and, optionally, its structure (`ASK_DETAIL_FIELDS`); no ask, no details."""
    user.weekly_ask = weekly_ask.strip()
    for field in ASK_DETAIL_FIELDS:
        if field in details or not user.weekly_ask:
            setattr(user, field, (details.get(field) or "").strip() if user.weekly_ask else "")
    user.weekly_ask_updated_at = timezone.now()
    user.save(update_fields=["weekly_ask", *ASK_DETAIL_FIELDS, "weekly_ask_updated_at"])
    _user_changed(user)
    return user


def user_set_photo(*, user: User, photo: ContentFile | None) -> User:
    """Store an already validated and re-encoded JPEG (members.photos), or remove the photo."""
    old_name = user.photo.name if user.photo else ""
    with transaction.atomic():
        if photo is None:
            user.photo = ""
        else:
            user.photo.save("photo.jpg", photo, save=False)
        user.save(update_fields=["photo"])
        _user_changed(user)
    if old_name:
        # Only once the new name is saved: a failure above keeps the old photo working.
        user.photo.storage.delete(old_name)
    return user
