"""Kring asks the contact "Mag ik je doorgeven?": send the request, take the answer, remind, expire.

Only a yes releases the contact's details to the receiver; *no thanks*, an erasure from the
contact's page and an expired request erase them (the slip, and so the counts, stay). Every step is
in the audit log, with the slip's id and the step only: never the contact's data.
"""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from members.audit import record_update
from members.emails import queue_email
from members.models import User
from referrals.cache import referral_changed
from referrals.models import ContactConsentRequest, Referral
from referrals.selectors.consent import (
    ConsentLink,
    LinkProblem,
    consent_link,
    receiver_profession,
    token_hash,
)
from referrals.services.contacts import contact_erase
from referrals.services.notices import notify, notify_new_referral

LANGUAGES = ("nl", "en")
State = ContactConsentRequest.State


class ConsentLinkRefused(Exception):
    """The link cannot (or can no longer) be used for this: `problem` is a LinkProblem."""

    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem


def _audit(referral: Referral, before: str, after: str) -> None:
    # The step only: no name, address or answer text of the contact.
    record_update(referral, changes={"consent_request": (before, after)})


def _replace_pending(referral: Referral) -> int:
    replaced = ContactConsentRequest.objects.filter(referral=referral, state=State.PENDING).update(
        state=State.REPLACED
    )
    if replaced:
        _audit(referral, State.PENDING, State.REPLACED)
    return replaced


def consent_request_send(
    *, referral: Referral, by: User, language: str = "nl", now: datetime.datetime | None = None
) -> str:
    """Email the contact a link to say yes or no; returns the link's token (stored only hashed).

    A pending request of the same slip is replaced: its link dies.
    """
    now = now or timezone.now()
    if language not in LANGUAGES:
        language = "nl"
    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update().select_related("giver", "receiver").get(pk=referral.pk)
        )
        if referral.giver_id != by.pk:
            raise ValidationError(_("Only the member who passed the referral can ask the contact."))
        if not referral.is_third_party or referral.contact_erased_at or not referral.is_open:
            raise ValidationError(_("This referral has no contact to ask."))
        if not referral.contact_email:
            raise ValidationError(
                {"contact_email": _("Kring asks the contact by email: enter their email address.")}
            )
        _replace_pending(referral)
        token = secrets.token_urlsafe(32)
        ContactConsentRequest.objects.create(
            referral=referral,
            token_hash=token_hash(token),
            language=language,
            sent_by=by,
            created_at=now,
            expires_at=now + datetime.timedelta(days=ContactConsentRequest.VALID_DAYS),
        )
        if referral.consent != Referral.Consent.ASK or referral.contact_preference:
            referral.consent = Referral.Consent.ASK
            referral.consent_recorded_at = None
            referral.contact_preference = ""
            referral.save(
                update_fields=["consent", "consent_recorded_at", "contact_preference", "updated_at"]
            )
        _audit(referral, "", State.PENDING)
        with override(language):
            profession = receiver_profession(referral)
        queue_email(
            to=[referral.contact_email],
            template="consent_request",
            context={
                "contact": referral.contact_name.split(" ")[0] if referral.contact_name else "",
                "giver": referral.giver.full_name,
                "receiver": referral.receiver.full_name,
                "profession": profession,
                "company": referral.receiver.company,
                "path": reverse("contact_consent", kwargs={"token": token}),
                "days": ContactConsentRequest.VALID_DAYS,
            },
            language=language,
        )
        referral_changed(referral, logins=True)
    return token


def consent_request_cancel(*, referral: Referral) -> int:
    """The giver chose another consent: the pending link dies (inside the caller's transaction)."""
    return _replace_pending(referral)


def _locked_link(token: str, now: datetime.datetime) -> ConsentLink:
    link = consent_link(token, now=now)
    if link.request is None:
        return link
    # Lock the request and re-read: of two answers at once, the first stands.
    ContactConsentRequest.objects.select_for_update().filter(pk=link.request.pk).first()
    return consent_link(token, now=now)


def _locked_referral(request: ContactConsentRequest) -> Referral:
    """The slip the contact answers about, locked, with the two members the answer is told to."""
    return (
        Referral.objects.select_for_update().select_related("giver", "receiver").get(pk=request.referral_id)
    )


def _tell_giver(referral: Referral, outcome: str) -> None:
    giver = referral.giver
    notify(
        user=giver,
        template="consent_outcome",
        kind=f"consent_{outcome}",
        params={"name": referral.receiver.first_name},
        url=reverse("referral_detail", kwargs={"pk": referral.pk}),
        context={"giver": giver.first_name, "receiver": referral.receiver.full_name, "outcome": outcome},
    )


def consent_answer(*, token: str, answer: str, now: datetime.datetime | None = None) -> ContactConsentRequest:
    """The contact answers: "call" or "email" (yes, and how) or "no" (no thanks: erase at once)."""
    now = now or timezone.now()
    if answer not in (*Referral.ContactWay.values, "no"):
        raise ConsentLinkRefused(LinkProblem.UNKNOWN)
    with transaction.atomic():
        link = _locked_link(token, now)
        if not link.usable:
            raise ConsentLinkRefused(link.problem)
        request = link.request
        referral = _locked_referral(request)
        request.answered_at = now
        if answer == "no":
            request.state = State.DECLINED
            request.save(update_fields=["state", "answered_at"])
            _audit(referral, State.PENDING, State.DECLINED)
            contact_erase(chapter=referral.giver_chapter, referrals=[referral], by=None)
            _tell_giver(referral, "no")
        else:
            request.state, request.answer = State.YES, answer
            request.save(update_fields=["state", "answer", "answered_at"])
            referral.consent = Referral.Consent.CONTACT_YES
            referral.contact_preference = answer
            referral.consent_recorded_at = now
            referral.save(
                update_fields=["consent", "contact_preference", "consent_recorded_at", "updated_at"]
            )
            _audit(referral, State.PENDING, State.YES)
            if referral.status == Referral.Status.NEW:
                notify_new_referral(referral)
            _tell_giver(referral, "yes")
        referral_changed(referral, logins=True)
    return request


def consent_erase_by_contact(*, token: str, now: datetime.datetime | None = None) -> ContactConsentRequest:
    """The contact erases what Kring stores about them, from their page (also after answering)."""
    now = now or timezone.now()
    with transaction.atomic():
        link = _locked_link(token, now)
        if link.problem not in (LinkProblem.NONE, LinkProblem.ANSWERED):
            raise ConsentLinkRefused(link.problem)
        request = link.request
        referral = _locked_referral(request)
        if referral.contact_erased_at:
            return request  # nothing left: a second tap changes nothing
        if request.is_pending:
            request.state, request.answered_at = State.DECLINED, now
            request.save(update_fields=["state", "answered_at"])
            _audit(referral, State.PENDING, State.DECLINED)
        contact_erase(chapter=referral.giver_chapter, referrals=[referral], by=None)
        _tell_giver(referral, "erased")
        referral_changed(referral, logins=True)
    return request


def consent_requests_remind(*, now: datetime.datetime | None = None) -> int:
    """Remind the giver of requests without an answer after 7 days. Safe to run again: one each."""
    now = now or timezone.now()
    due = ContactConsentRequest.objects.filter(
        state=State.PENDING,
        reminded_at__isnull=True,
        created_at__lte=now - ContactConsentRequest.REMIND_GIVER_AFTER,
        expires_at__gt=now,
    ).select_related("referral__giver", "referral__receiver")
    sent = 0
    for request in due:
        with transaction.atomic():
            # Conditional: a second run racing this one reminds nobody twice.
            if not ContactConsentRequest.objects.filter(
                pk=request.pk, state=State.PENDING, reminded_at__isnull=True
            ).update(reminded_at=now):
                continue
            referral, giver = request.referral, request.referral.giver
            notify(
                user=giver,
                template="consent_reminder",
                kind="consent_reminder",
                params={},
                url=reverse("referral_detail", kwargs={"pk": referral.pk}),
                context={
                    "giver": giver.first_name,
                    "receiver": referral.receiver.full_name,
                    "expires_at": request.expires_at.date().isoformat(),
                },
            )
            _audit(referral, State.PENDING, "reminded")
            sent += 1
    return sent


def consent_requests_expire(*, now: datetime.datetime | None = None) -> int:
    """After 30 days without an answer the request expires and the contact's details are erased."""
    now = now or timezone.now()
    due = ContactConsentRequest.objects.filter(state=State.PENDING, expires_at__lte=now).values_list(
        "pk", flat=True
    )
    expired = 0
    for pk in list(due):
        with transaction.atomic():
            if not ContactConsentRequest.objects.filter(pk=pk, state=State.PENDING).update(
                state=State.EXPIRED
            ):
                continue
            request = ContactConsentRequest.objects.select_related(
                "referral__giver", "referral__receiver"
            ).get(pk=pk)
            referral = (
                Referral.objects.select_for_update()
                .select_related("giver", "receiver")
                .get(pk=request.referral_id)
            )
            _audit(referral, State.PENDING, State.EXPIRED)
            if not referral.contact_erased_at:
                contact_erase(chapter=referral.giver_chapter, referrals=[referral], by=None)
            _tell_giver(referral, "expired")
            referral_changed(referral, logins=True)
            expired += 1
    return expired
