"""Referral slips: create, edit, record consent and withdraw."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from chapters.models import Chapter
from chapters.selectors.meetings import week_is_locked
from config.cache import changed
from members.models import Membership, User
from referrals.models import (
    Referral,
    ReferralCorrection,
    ReferralStatusChange,
)
from referrals.services.notices import _notify

CONTACT_FIELDS = ("contact_name", "contact_company", "contact_phone", "contact_email")


EDITABLE_FIELDS = ("kind", "need", *CONTACT_FIELDS, "consent", "recommendation", "temperature")


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


def _validate_contact(*, kind: str, contact_name: str, consent: str) -> None:
    if kind == Referral.Kind.THIRD_PARTY and not contact_name.strip():
        raise ValidationError({"contact_name": _("Who is the contact? Enter their name.")})


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
    temperature: int = 1

    def cleaned(self) -> dict:
        values = {field: getattr(self, field) for field in EDITABLE_FIELDS}
        if self.kind == Referral.Kind.OWN_BUSINESS:
            # The giver is the customer: no outside contact, nothing to consent to.
            values.update(dict.fromkeys(CONTACT_FIELDS, ""), consent=Referral.Consent.NONE)
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
    _validate_contact(kind=values["kind"], contact_name=values["contact_name"], consent=values["consent"])
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
        "consent_recorded_at": now if values["consent"] != Referral.Consent.NONE else None,
    }
    if idempotency_key is not None:
        fields["idempotency_key"] = idempotency_key
    try:
        with transaction.atomic():
            referral = Referral.objects.create(**fields)
            changed(
                chapters=[referral.giver_chapter_id, referral.receiver_chapter_id],
                users=[referral.giver_id, referral.receiver_id],
            )
            if not referral.is_lead:
                _notify_new_referral(referral)  # the notice commits with the slip; the email after it
    except IntegrityError:
        # The same form was posted twice (a double tap, a resubmitted page): the unique key keeps
        # the first slip, which is the answer to the second post too.
        existing = Referral.objects.filter(idempotency_key=idempotency_key, giver=giver).first()
        if existing is None:  # a key someone else used: never theirs to see
            raise ValidationError(_("This form has expired. Open it again and resend.")) from None
        return existing, False
    return referral, True


def _notify_new_referral(referral: Referral) -> None:
    with override(referral.receiver.language):
        text = _("%(name)s passed you a referral") % {"name": referral.giver.full_name}
    _notify(user=referral.receiver, referral=referral, template="referral_new", text=text)


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
        _validate_contact(kind=values["kind"], contact_name=values["contact_name"], consent=values["consent"])
        before = _snapshot(referral)
        was_lead = referral.is_lead
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
        changed(
            chapters=[referral.giver_chapter_id, referral.receiver_chapter_id],
            users=[referral.giver_id, referral.receiver_id],
        )
        if locked:
            ReferralCorrection.objects.create(
                referral=referral, corrected_by=by, reason=reason.strip(), before=before, after=after
            )
        if was_lead and not referral.is_lead and referral.status == Referral.Status.NEW:
            _notify_new_referral(referral)
    return referral


def referral_record_consent(*, referral: Referral, by: User, consent: str) -> Referral:
    """The giver asked the contact: the lead becomes a referral the receiver can act on."""
    if consent not in (Referral.Consent.TOLD_THEM, Referral.Consent.GAVE_CARD):
        raise ValidationError(_("Choose how the contact agreed."))
    data = ReferralData(**{field: getattr(referral, field) for field in EDITABLE_FIELDS})
    data.consent = consent
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
        referral.status = Referral.Status.WITHDRAWN
        referral.status_changed_at = timezone.now()
        referral.save(update_fields=["status", "status_changed_at", "updated_at"])
        changed(
            chapters=[referral.giver_chapter_id, referral.receiver_chapter_id],
            users=[referral.giver_id, referral.receiver_id],
        )
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
