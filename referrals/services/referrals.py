"""Referral slips: create, edit, record consent and withdraw."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chapters.models import Chapter, MemberDayFigures
from chapters.models.figures import referral_cells
from chapters.selectors.meetings import week_is_locked
from members.models import Membership, User
from referrals.cache import referral_changed
from referrals.models import (
    Referral,
    ReferralCorrection,
    ReferralStatusChange,
)
from referrals.selectors.referrals import recommendation_evidence
from referrals.services.consent import consent_request_cancel, consent_request_send
from referrals.services.notices import notify_new_referral

EDITABLE_FIELDS = (
    "kind",
    "need",
    *Referral.CONTACT_FIELDS,
    "consent",
    "recommendation",
    "giver_was_customer",
    "temperature",
)


def _chapters_of_giver_and_receiver(
    giver: User, receiver: User, known: Iterable[Membership | None] = ()
) -> tuple[Chapter, Chapter]:
    """Both current chapters, from `known` or in one query (one current membership per person)."""
    wanted = {giver.pk, receiver.pk}
    chapters = {m.user_id: m.chapter for m in known if m is not None and m.is_current and m.user_id in wanted}
    if missing := wanted - chapters.keys():
        chapters |= {
            membership.user_id: membership.chapter
            for membership in Membership.objects.current()
            .filter(user_id__in=missing)
            .select_related("chapter")
        }
    if giver.pk not in chapters:
        raise ValidationError(_("Only current members can pass slips."))
    if receiver.pk not in chapters:
        raise ValidationError(
            {"receiver": _("%(name)s is not a current member.") % {"name": receiver.full_name}}
        )
    return chapters[giver.pk], chapters[receiver.pk]


def _validate_contact(values: dict) -> None:
    """A slip's cleaned values: a third party's slip names its contact, and has their email to ask them."""
    if values["kind"] != Referral.Kind.THIRD_PARTY:
        return
    if not values["contact_name"].strip():
        raise ValidationError({"contact_name": _("Who is the contact? Enter their name.")})
    if values["consent"] == Referral.Consent.ASK and not values["contact_email"].strip():
        raise ValidationError(
            {"contact_email": _("Kring asks the contact by email: enter their email address.")}
        )


def _validate_recommendation(*, giver: User, receiver: User, values: dict) -> None:
    """ "Recommend" only from experience: a thank-you given, a testimonial written, or "I was a customer"."""
    if values["recommendation"] != Referral.Recommendation.RECOMMEND or values["giver_was_customer"]:
        return
    if not recommendation_evidence(giver=giver, receiver=receiver):
        raise ValidationError(
            {
                "recommendation": _(
                    "You can recommend %(name)s only from your own experience: a thank-you you gave them, "
                    "a testimonial you wrote, or tick “I was a customer myself”. Otherwise pass it as an introduction."
                )
                % {"name": receiver.first_name}
            }
        )


@dataclass
class ReferralData:
    need: str
    kind: str = Referral.Kind.OWN_BUSINESS
    contact_name: str = ""
    contact_company: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    consent: str = Referral.Consent.NONE
    recommendation: str = Referral.Recommendation.INTRODUCE
    giver_was_customer: bool = False
    temperature: int = 1
    # "Ask them for me": the language of Kring's email to the contact (not stored on the slip).
    ask_language: str = "nl"
    # "I know someone": the member whose weekly ask the slip answers (set once, when it is passed);
    # it counts only if that member is the receiver, so picking someone else answers nothing.
    answers_ask_of: int | None = None

    def cleaned(self) -> dict:
        values = {field: getattr(self, field) for field in EDITABLE_FIELDS}
        if self.kind == Referral.Kind.OWN_BUSINESS:
            # The giver is the customer: no outside contact, nothing to consent to.
            values.update(dict.fromkeys(Referral.CONTACT_FIELDS, ""), consent=Referral.Consent.NONE)
        return values


def referral_create(
    *,
    giver: User,
    receiver: User,
    data: ReferralData,
    idempotency_key=None,
    created_at: datetime.datetime | None = None,
    known_memberships: Iterable[Membership | None] = (),
) -> tuple[Referral, bool]:
    """Pass a referral. Returns (referral, created); a repeated idempotency key returns the first slip.

    `known_memberships`: current memberships the caller has loaded already (the request's, the
    form's), which spare the lookup of the giver's and receiver's chapters.
    """
    if giver.pk == receiver.pk:
        raise ValidationError({"receiver": _("You cannot pass a referral to yourself.")})
    giver_chapter, receiver_chapter = _chapters_of_giver_and_receiver(giver, receiver, known_memberships)
    if receiver_chapter.region_id != giver_chapter.region_id:
        raise ValidationError({"receiver": _("You can pass referrals to members of your own region only.")})
    values = data.cleaned()
    _validate_contact(values)
    _validate_recommendation(giver=giver, receiver=receiver, values=values)
    if not 1 <= int(values["temperature"]) <= 5:
        raise ValidationError({"temperature": _("Choose a temperature from 1 to 5.")})
    now = created_at or timezone.now()
    fields = {
        **values,
        "giver": giver,
        "receiver": receiver,
        "giver_chapter": giver_chapter,
        "receiver_chapter": receiver_chapter,
        "created_at": now,
        # The ask as the receiver wrote it, read here (never posted): no ask, nothing answered.
        "answered_ask": receiver.weekly_ask if data.answers_ask_of == receiver.pk else "",
        "consent_recorded_at": now if values["consent"] != Referral.Consent.NONE else None,
    }
    if idempotency_key is not None:
        fields["idempotency_key"] = idempotency_key
    try:
        with transaction.atomic():
            referral = Referral.objects.create(**fields)
            MemberDayFigures.objects.add(referral_cells(referral))
            referral_changed(referral)
            if referral.consent == Referral.Consent.ASK:
                consent_request_send(referral=referral, by=giver, language=data.ask_language, now=now)
            if not referral.is_lead:
                notify_new_referral(referral)  # the notice commits with the slip; the email after it
    except IntegrityError:
        # The same form was posted twice (a double tap, a resubmitted page): the unique key keeps
        # the first slip, which is the answer to the second post too.
        existing = Referral.objects.filter(idempotency_key=idempotency_key, giver=giver).first()
        if existing is None:  # a key someone else used: never theirs to see
            raise ValidationError(_("This form has expired. Open it again and resend.")) from None
        return existing, False
    return referral, True


def _snapshot(referral: Referral) -> dict:
    return {field: getattr(referral, field) for field in EDITABLE_FIELDS}


def referral_is_locked(referral: Referral) -> bool:
    return week_is_locked(chapter=referral.giver_chapter, when=referral.created_at)


def referral_update(*, referral: Referral, by: User, data: ReferralData, reason: str = "") -> Referral:
    """The giver changes a slip; after the week's record is completed only with a reason (a correction)."""
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.giver_id != by.pk:
            raise ValidationError(_("Only the member who passed the referral can change it."))
        if referral.contact_erased_at and data.kind == Referral.Kind.THIRD_PARTY:
            raise ValidationError(_("The contact of this referral was erased; it cannot be changed."))
        locked = referral_is_locked(referral)
        if locked and not reason.strip():
            raise ValidationError(
                {"reason": _("This week's record is completed: say why you correct the referral.")}
            )
        values = data.cleaned()
        _validate_contact(values)
        before = _snapshot(referral)
        if (values["recommendation"], values["giver_was_customer"]) != (
            before["recommendation"],
            before["giver_was_customer"],
        ):
            _validate_recommendation(giver=by, receiver=referral.receiver, values=values)
        was_lead = referral.is_lead
        counted = referral_cells(referral)
        for field, value in values.items():
            setattr(referral, field, value)
        if values["consent"] != before["consent"]:
            referral.consent_recorded_at = (
                timezone.now() if values["consent"] != Referral.Consent.NONE else None
            )
        after = _snapshot(referral)
        if after == before:
            return referral
        referral.save()
        MemberDayFigures.objects.add(referral_cells(referral), minus=counted)  # for a third party or not
        referral_changed(referral)
        if locked:
            ReferralCorrection.objects.create(
                referral=referral, corrected_by=by, reason=reason.strip(), before=before, after=after
            )
        asking = referral.consent == Referral.Consent.ASK
        if before["consent"] == Referral.Consent.ASK and not asking:
            consent_request_cancel(referral=referral)
        elif asking and (
            before["consent"] != Referral.Consent.ASK or before["contact_email"] != referral.contact_email
        ):
            # A new address (or a first ask): a new request, and the old link dies.
            consent_request_send(referral=referral, by=by, language=data.ask_language)
        if was_lead and not referral.is_lead and referral.status == Referral.Status.NEW:
            notify_new_referral(referral)
    return referral


def referral_record_consent(*, referral: Referral, by: User, consent: str, language: str = "nl") -> Referral:
    """The giver asked the contact (the lead becomes a referral the receiver can act on), or has Kring ask."""
    if consent not in (Referral.Consent.TOLD_THEM, Referral.Consent.GAVE_CARD, Referral.Consent.ASK):
        raise ValidationError(_("Choose how the contact agreed."))
    data = ReferralData(**{field: getattr(referral, field) for field in EDITABLE_FIELDS})
    data.consent, data.ask_language = consent, language
    return referral_update(referral=referral, by=by, data=data, reason=_("Consent recorded"))


def referral_withdraw(*, referral: Referral, by: User, reason: str = "") -> Referral:
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.giver_id != by.pk:
            raise ValidationError(_("Only the member who passed the referral can withdraw it."))
        if not referral.is_open:
            raise ValidationError(_("This referral is closed and can no longer be withdrawn."))
        locked = referral_is_locked(referral)
        if locked and not reason.strip():
            raise ValidationError(
                {"reason": _("This week's record is completed: say why you withdraw the referral.")}
            )
        before = referral.status
        counted = referral_cells(referral)
        referral.status = Referral.Status.WITHDRAWN
        referral.status_changed_at = timezone.now()
        referral.save(update_fields=["status", "status_changed_at", "updated_at"])
        MemberDayFigures.objects.add(minus=counted)  # a withdrawn slip counts for nobody
        referral_changed(referral)
        ReferralStatusChange.objects.create(
            referral=referral,
            from_status=before,
            to_status=referral.status,
            changed_by=by,
            note=reason.strip(),
        )
        if locked:
            ReferralCorrection.objects.create(
                referral=referral,
                corrected_by=by,
                reason=reason.strip(),
                before={"status": before},
                after={"status": referral.status},
            )
    return referral
