"""In-app notices, with an email where the template says so."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from config.cache import changed
from members.emails import queue_email
from members.models import User
from referrals.emails import queue_referral_email
from referrals.models import (
    Notice,
    Referral,
)


def notice_create(*, user: User, text: str, url: str = "") -> Notice:
    notice = Notice.objects.create(user=user, text=text[:300], url=url)
    changed(users=[user.pk])  # the badge on every page (their cached login) and the home
    return notice


def notices_mark_read(*, user: User) -> int:
    read = user.notices.filter(read_at__isnull=True).update(read_at=timezone.now())
    changed(users=[user.pk])  # after the write: outside a transaction the bump is at once
    return read


def notify(*, user: User, template: str, text, url: str, context: dict) -> None:
    """A notice in the app and an email, both in the recipient's language.

    For mails whose context holds no outside contact's data (a task row keeps its arguments until
    it is pruned); mails about a slip go through notify_about_slip.
    """
    with override(user.language):
        notice_create(user=user, text=str(text), url=url)
    queue_email(to=[user.email], template=template, context={**context, "path": url}, language=user.language)


def notify_about_slip(*, user: User, referral: Referral, template: str, text) -> None:
    """A notice in the app and an email about `referral`, both in the recipient's language.

    Neither copies the slip's need: it may name an outside contact, and the notice text and the
    queued task row would keep it after the contact is erased. The mail is rendered when sent.
    """
    with override(user.language):
        notice_create(user=user, text=str(text), url=reverse("referral_detail", kwargs={"pk": referral.pk}))
    queue_referral_email(referral=referral, recipient=user, template=template)


def notify_new_referral(referral: Referral) -> None:
    """Tell the receiver of a slip they can act on (a notice and the referral_new email)."""
    with override(referral.receiver.language):
        text = _("%(name)s passed you a referral") % {"name": referral.giver.full_name}
    notify_about_slip(user=referral.receiver, referral=referral, template="referral_new", text=text)
