"""In-app notices, with an email where the template says so, as the member's preferences allow."""

from django.urls import reverse
from django.utils import timezone

from config.cache import changed
from members.emails import queue_email
from members.models import Delivery, User
from members.selectors.preferences import delivery_for
from referrals.emails import queue_referral_email
from referrals.models import (
    NOTICE_KINDS,
    Notice,
    Referral,
)


def notice_create(*, user: User, kind: str, params: dict | None = None, url: str = "") -> Notice:
    """A notice of `kind` (referrals.models.notices.NOTICE_KINDS), put into words when it is read."""
    if kind not in NOTICE_KINDS:
        raise ValueError(kind)
    notice = Notice.objects.create(user=user, kind=kind, params=params or {}, url=url[:300])
    changed(users=[user.pk])  # the badge on every page (their cached login) and the home
    return notice


def notices_mark_read(*, user: User) -> int:
    read = user.notices.filter(read_at__isnull=True).update(read_at=timezone.now())
    changed(users=[user.pk])  # after the write: outside a transaction the bump is at once
    return read


def _delivery(user: User, kind: str) -> str:
    return delivery_for(user, NOTICE_KINDS[kind].topic)


def notify(
    *, user: User, kind: str, params: dict, url: str, template: str = "", context: dict | None = None
) -> None:
    """A notice in the app and an email in the recipient's language, as far as their preference
    for the kind's topic allows (email, in the app only, or off).

    For mails whose context holds no outside contact's data (a task row keeps its arguments until
    it is pruned); mails about a slip go through notify_about_slip. Without `template`, a notice only.
    """
    delivery = _delivery(user, kind)
    if delivery == Delivery.OFF:
        return
    notice_create(user=user, kind=kind, params=params, url=url)
    if template and delivery == Delivery.EMAIL and user.email:
        queue_email(
            to=[user.email],
            template=template,
            context={**(context or {}), "path": url},
            language=user.language,
            unsubscribe=(user.pk, NOTICE_KINDS[kind].topic),
        )


def notify_about_slip(*, user: User, referral: Referral, template: str, kind: str, params: dict) -> None:
    """A notice in the app and an email about `referral`, both in the recipient's language.

    Neither copies the slip's need: it may name an outside contact, and the notice's parameters and
    the queued task row would keep it after the contact is erased. The mail is rendered when sent.
    """
    delivery = _delivery(user, kind)
    if delivery == Delivery.OFF:
        return
    notice_create(
        user=user, kind=kind, params=params, url=reverse("referral_detail", kwargs={"pk": referral.pk})
    )
    if delivery == Delivery.EMAIL and user.email:
        queue_referral_email(referral=referral, recipient=user, template=template)


def notify_new_referral(referral: Referral) -> None:
    """Tell the receiver of a slip they can act on (a notice and the referral_new email)."""
    notify_about_slip(
        user=referral.receiver,
        referral=referral,
        template="referral_new",
        kind="referral_new",
        params={"name": referral.giver.full_name},
    )
