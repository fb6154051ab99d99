"""Writes for referrals, thank-yous, one-to-ones and notices. Views call these; they never see a request.

Rule violations raise ValidationError with a message for the user. Double submits are caught by the
idempotency key rendered into each form (a unique column): the second POST gets the first row back.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from chapters.models import Chapter
from chapters.selectors import week_is_locked
from config.fragment_cache import data_changed
from members.audit import record_update
from members.emails import queue_email
from members.models import Membership, User
from referrals.models import (
    ContactAuditEntry,
    Notice,
    OneToOne,
    Referral,
    ReferralCorrection,
    ReferralStatusChange,
    ThankYou,
)

REMINDER_AFTER = datetime.timedelta(days=3)
CONTACT_FIELDS = ("contact_name", "contact_company", "contact_phone", "contact_email")
EDITABLE_FIELDS = ("kind", "need", *CONTACT_FIELDS, "consent", "recommendation", "temperature")


def current_membership(user: User) -> Membership | None:
    return (
        Membership.objects.filter(user=user, status__in=Membership.CURRENT_STATUSES)
        .select_related("chapter")
        .first()
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
            for membership in Membership.objects.filter(
                user_id__in=missing, status__in=Membership.CURRENT_STATUSES
            ).select_related("chapter")
        }
    if giver.pk not in chapters:
        raise ValidationError(_("Only current members can pass slips."))
    if receiver.pk not in chapters:
        raise ValidationError(
            {"receiver": _("%(name)s is not a current member.") % {"name": receiver.full_name}}
        )
    return chapters[giver.pk], chapters[receiver.pk]


def _chapter_of(user: User, *, role: str) -> Chapter:
    membership = current_membership(user)
    if membership is None:
        if role == "receiver":
            raise ValidationError(_("%(name)s is not a current member.") % {"name": user.full_name})
        raise ValidationError(_("Only current members can pass slips."))
    return membership.chapter


def notice_create(*, user: User, text: str, url: str = "") -> Notice:
    return Notice.objects.create(user=user, text=text[:300], url=url)


def notices_mark_read(*, user: User) -> int:
    data_changed(users=[user.pk], logins=[user.pk])
    return user.notices.filter(read_at__isnull=True).update(read_at=timezone.now())


def _notify(*, user: User, template: str, text, url: str, context: dict) -> None:
    """A notice in the app and an email, both in the recipient's language."""
    with override(user.language):
        notice_create(user=user, text=str(text), url=url)
    queue_email(to=[user.email], template=template, context={**context, "path": url}, language=user.language)


# --- Referrals


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
    url = reverse("referral_detail", kwargs={"pk": referral.pk})
    with override(referral.receiver.language):
        text = _("%(name)s passed you a referral: %(need)s") % {
            "name": referral.giver.full_name,
            "need": referral.need[:120],
        }
    _notify(
        user=referral.receiver,
        template="referral_new",
        text=text,
        url=url,
        context={
            "receiver": referral.receiver.first_name,
            "giver": referral.giver.full_name,
            "need": referral.need,
            "temperature": referral.temperature,
        },
    )


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


class StaleStatus(ValidationError):
    """Someone else (another tab) moved the referral first."""


def referral_set_status(
    *, referral: Referral, by: User, to_status: str, expected_status: str, note: str = "", at=None
) -> Referral:
    """The receiver moves a referral along its pipeline: only forward, or to lost / no fit."""
    if referral.receiver_id != by.pk:
        raise ValidationError(_("Only the member who received the referral can update its progress."))
    if referral.is_lead:
        raise ValidationError(
            _("The giver still has to ask this contact for consent; you cannot act on it yet.")
        )
    if to_status == Referral.Status.LOST and not note.strip():
        raise ValidationError({"note": _("Say why the referral was lost.")})
    probe = Referral(status=expected_status, kind=referral.kind, consent=referral.consent)
    if to_status not in probe.next_statuses():
        raise ValidationError(_("A referral can only move forward, or to lost or no fit."))
    now = at or timezone.now()
    with transaction.atomic():
        # Conditional update: two tabs racing cannot both move it from the same state.
        moved = Referral.objects.filter(pk=referral.pk, status=expected_status).update(
            status=to_status,
            status_changed_at=now,
            lost_reason=note.strip()[:500] if to_status == Referral.Status.LOST else "",
            updated_at=now,
        )
        if not moved:
            referral.refresh_from_db()
            raise StaleStatus(
                _(
                    "Someone already changed this referral to “%(status)s”; the page now shows the latest state."
                )
                % {"status": referral.get_status_display()}
            )
        record_update(referral, changes={"status": (expected_status, to_status)})
        ReferralStatusChange.objects.create(
            referral=referral,
            from_status=expected_status,
            to_status=to_status,
            changed_by=by,
            changed_at=now,
            note=note.strip()[:500],
        )
        referral.refresh_from_db()
        if to_status in (Referral.Status.WON, Referral.Status.LOST):
            _notify_giver_of_outcome(referral)
    return referral


def _notify_giver_of_outcome(referral: Referral) -> None:
    giver = referral.giver
    with override(giver.language):
        if referral.status == Referral.Status.WON:
            text = _("%(name)s won the business you referred: %(need)s")
        else:
            text = _("%(name)s lost the business you referred: %(need)s")
        text = text % {"name": referral.receiver.full_name, "need": referral.need[:120]}
    _notify(
        user=giver,
        template="referral_outcome",
        text=text,
        url=reverse("referral_detail", kwargs={"pk": referral.pk}),
        context={
            "giver": giver.first_name,
            "receiver": referral.receiver.full_name,
            "need": referral.need,
            "won": referral.status == Referral.Status.WON,
            "reason": referral.lost_reason,
        },
    )


def referrals_send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind receivers of new referrals nobody touched for 3 days. Safe to run again: one reminder each."""
    now = now or timezone.now()
    due = (
        Referral.objects.filter(
            status=Referral.Status.NEW, reminded_at__isnull=True, created_at__lte=now - REMINDER_AFTER
        )
        .filter(Q(kind=Referral.Kind.OWN_BUSINESS) | ~Q(consent=Referral.Consent.NONE))
        .select_related("giver", "receiver")
    )
    sent = 0
    for referral in due:
        with transaction.atomic():
            # Conditional update: a second run (or worker) racing this one sends nothing twice.
            if not Referral.objects.filter(pk=referral.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            queue_email(
                to=[referral.receiver.email],
                template="referral_reminder",
                context={
                    "receiver": referral.receiver.first_name,
                    "giver": referral.giver.full_name,
                    "need": referral.need,
                    "path": reverse("referral_detail", kwargs={"pk": referral.pk}),
                },
                language=referral.receiver.language,
            )
            sent += 1
    return sent


# --- Thank-yous


def thank_you_create(
    *,
    thanked_by: User,
    thanked: User | None,
    amount: Decimal,
    business_type: str,
    closed_on: datetime.date,
    referral: Referral | None = None,
    note: str = "",
    idempotency_key=None,
    created_at: datetime.datetime | None = None,
) -> tuple[ThankYou, bool]:
    """Thank a member (or the chapter in general, thanked=None) for closed business.

    Linked to a referral, the thanks go to its giver and the referral is marked won in the same
    transaction.
    """
    if idempotency_key is not None:
        existing = ThankYou.objects.filter(idempotency_key=idempotency_key, thanked_by=thanked_by).first()
        if existing is not None:
            return existing, False
    if amount is None or not amount.is_finite() or amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    from_chapter = _chapter_of(thanked_by, role="giver")
    if referral is not None:
        if referral.receiver_id != thanked_by.pk:
            raise ValidationError({"referral": _("You can only thank for referrals you received.")})
        if referral.is_lead or referral.status in (Referral.Status.WITHDRAWN,):
            raise ValidationError({"referral": _("This referral cannot be thanked for.")})
        thanked = referral.giver
    if thanked is not None and thanked.pk == thanked_by.pk:
        raise ValidationError({"thanked": _("You cannot thank yourself.")})
    if thanked is None:
        to_chapter = from_chapter
    elif referral is not None:
        to_chapter = referral.giver_chapter
    else:
        to_chapter = _chapter_of(thanked, role="receiver")
        if to_chapter.region_id != from_chapter.region_id:
            raise ValidationError({"thanked": _("You can thank members of your own region only.")})
    with transaction.atomic():
        fields = {
            "thanked_by": thanked_by,
            "thanked": thanked,
            "from_chapter": from_chapter,
            "to_chapter": to_chapter,
            "referral": referral,
            "amount": amount,
            "business_type": business_type,
            "closed_on": closed_on,
            "note": note.strip(),
            "created_at": created_at or timezone.now(),
        }
        if idempotency_key is not None:
            fields["idempotency_key"] = idempotency_key
        try:
            with transaction.atomic():
                thank_you = ThankYou.objects.create(**fields)
        except IntegrityError:
            existing = ThankYou.objects.filter(idempotency_key=idempotency_key, thanked_by=thanked_by).first()
            if existing is None:
                raise
            return existing, False
        if referral is not None and referral.is_open:
            referral_set_status(
                referral=referral,
                by=thanked_by,
                to_status=Referral.Status.WON,
                expected_status=referral.status,
                note=_("Thanked for closed business"),
            )
        if thanked is not None:
            with override(thanked.language):
                text = _("%(name)s thanked you for closed business") % {"name": thanked_by.full_name}
            notice_create(user=thanked, text=text, url=reverse("thank_you_list"))
    return thank_you, True


# --- One-to-ones


def _ordered_pair(a: User, b: User) -> tuple[User, User]:
    return (a, b) if a.pk < b.pk else (b, a)


ONE_TO_ONE_TEXT_FIELDS = (
    "what_i_offer",
    "what_i_need",
    "why_this_partner",
    "how_we_add_value",
    "outcome",
    "follow_up",
)


def one_to_one_log(
    *,
    logged_by: User,
    partner: User,
    met_on: datetime.date,
    texts: dict | None = None,
    idempotency_key=None,
    confirmed: bool = False,
) -> tuple[OneToOne, bool]:
    """Log a one-to-one. If the partner already logged the same meeting, it is confirmed instead."""
    if idempotency_key is not None:
        existing = OneToOne.objects.filter(idempotency_key=idempotency_key, logged_by=logged_by).first()
        if existing is not None:
            return existing, False
    if partner.pk == logged_by.pk:
        raise ValidationError({"partner": _("Choose someone other than yourself.")})
    chapter = _chapter_of(logged_by, role="giver")
    try:
        partner_chapter = _chapter_of(partner, role="receiver")
    except ValidationError as error:
        raise ValidationError({"partner": error.messages}) from error
    if partner_chapter.region_id != chapter.region_id:
        raise ValidationError({"partner": _("Choose a member of your own region.")})
    if met_on > timezone.localdate() + datetime.timedelta(days=90):
        raise ValidationError({"met_on": _("Choose a date within the next three months.")})
    low, high = _ordered_pair(logged_by, partner)
    texts = {
        key: (value or "").strip() for key, value in (texts or {}).items() if key in ONE_TO_ONE_TEXT_FIELDS
    }
    with transaction.atomic():
        existing = (
            OneToOne.objects.select_for_update()
            .filter(member_low=low, member_high=high, met_on=met_on)
            .first()
        )
        if existing is not None:
            # Logged by both: one meeting. The second person's log confirms it.
            if existing.logged_by_id != logged_by.pk and existing.confirmed_at is None:
                existing.confirmed_at = timezone.now()
                for key, value in texts.items():
                    if value and not getattr(existing, key):
                        setattr(existing, key, value)
                existing.save()
            return existing, False
        fields = {
            "member_low": low,
            "member_high": high,
            "chapter": chapter,
            "logged_by": logged_by,
            "met_on": met_on,
            "confirmed_at": timezone.now() if confirmed else None,
            **texts,
        }
        if idempotency_key is not None:
            fields["idempotency_key"] = idempotency_key
        try:
            with transaction.atomic():
                one_to_one = OneToOne.objects.create(**fields)
        except IntegrityError:
            one_to_one = OneToOne.objects.get(member_low=low, member_high=high, met_on=met_on)
            return one_to_one, False
        if not confirmed:
            with override(partner.language):
                text = _("%(name)s logged a one-to-one with you: please confirm it") % {
                    "name": logged_by.full_name
                }
            notice_create(
                user=partner, text=text, url=reverse("one_to_one_detail", kwargs={"pk": one_to_one.pk})
            )
    return one_to_one, True


def one_to_one_confirm(*, one_to_one: OneToOne, by: User) -> OneToOne:
    if by.pk != one_to_one.confirmer_id:
        raise ValidationError(_("Only the other member of this one-to-one can confirm it."))
    OneToOne.objects.filter(pk=one_to_one.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now())
    data_changed(
        chapters=[one_to_one.chapter_id], users=[one_to_one.member_low_id, one_to_one.member_high_id]
    )
    one_to_one.refresh_from_db()
    return one_to_one


def one_to_one_update(*, one_to_one: OneToOne, by: User, texts: dict) -> OneToOne:
    if not one_to_one.involves(by):
        raise ValidationError(_("Only the two members of this one-to-one can change it."))
    for key, value in texts.items():
        if key in ONE_TO_ONE_TEXT_FIELDS:
            setattr(one_to_one, key, (value or "").strip())
    one_to_one.save()
    return one_to_one


# --- Outside contacts (privacy)


def contact_export(*, chapter: Chapter, referrals: list[Referral], by: User) -> list[dict]:
    """All we hold about one outside contact, and an audit entry saying who took it."""
    rows = [
        {
            "referral": referral.pk,
            "given_at": referral.created_at.isoformat(),
            "from": referral.giver.full_name,
            "to": referral.receiver.full_name,
            "name": referral.contact_name,
            "company": referral.contact_company,
            "phone": referral.contact_phone,
            "email": referral.contact_email,
            "need": referral.need,
            "consent": referral.consent,
            "consent_recorded_at": referral.consent_recorded_at.isoformat()
            if referral.consent_recorded_at
            else "",
            "status": referral.status,
        }
        for referral in referrals
    ]
    ContactAuditEntry.objects.create(
        chapter=chapter,
        action=ContactAuditEntry.Action.EXPORT,
        performed_by=by,
        referral_ids=[referral.pk for referral in referrals],
        description=_contact_description(referrals),
    )
    return rows


def _contact_description(referrals: list[Referral]) -> str:
    return ", ".join(f"#{referral.pk}" for referral in referrals)[:200]


ERASED_NEED = gettext_lazy("(erased at the contact's request)")


def contact_erase(*, chapter: Chapter, referrals: list[Referral], by: User) -> int:
    """Anonymise the contact on every slip that names them; the slips (and so the counts) stay."""
    now = timezone.now()
    with transaction.atomic():
        ids = [referral.pk for referral in referrals]
        with override("nl"):
            need = str(ERASED_NEED)
        erased = Referral.objects.filter(pk__in=ids, kind=Referral.Kind.THIRD_PARTY).update(
            contact_name="",
            contact_company="",
            contact_phone="",
            contact_email="",
            need=need,
            contact_erased_at=now,
            updated_at=now,
        )
        for referral in referrals:
            # Only that the contact was erased: the old values must not live on in the log.
            record_update(referral, changes={"contact_erased_at": (None, now)})
        ContactAuditEntry.objects.create(
            chapter=chapter,
            action=ContactAuditEntry.Action.ERASE,
            performed_by=by,
            performed_at=now,
            referral_ids=ids,
            description=_contact_description(referrals),
        )
    return erased
