"""Thank-yous for closed business."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chapters.models import Chapter, MemberDayFigures
from chapters.models.figures import thank_you_cells
from config.cache import changed
from members.models import User
from members.selectors.memberships import current_membership, member_since
from referrals.models import (
    Referral,
    ThankYou,
)
from referrals.services.notices import notify
from referrals.services.status import referral_set_status


def _chapter_of(user: User, *, role: str) -> Chapter:
    membership = current_membership(user)
    if membership is None:
        if role == "receiver":
            raise ValidationError(_("%(name)s is not a current member.") % {"name": user.full_name})
        raise ValidationError(_("Only current members can pass slips."))
    return membership.chapter


def _thanks_parties(
    *, thanked_by: User, thanked: User | None, amount: Decimal, referral: Referral | None, closed_on
):
    """Who is thanked and the chapters from and to, once the amount, the date and the pair may be
    thanked for."""
    if amount is None or not amount.is_finite() or amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    joined = member_since(thanked_by)
    if joined is not None and closed_on < joined:
        raise ValidationError(
            {
                "closed_on": _("Business closed before you joined (%(date)s) does not count.")
                % {"date": date_format(joined)}
            }
        )
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
    return thanked, from_chapter, to_chapter


def _after_thanks(thank_you: ThankYou, *, thanked_by: User) -> None:
    """A thanked referral is won; the thanked member hears of it."""
    referral, thanked = thank_you.referral, thank_you.thanked
    if referral is not None and referral.is_open:
        referral_set_status(
            referral=referral,
            by=thanked_by,
            to_status=Referral.Status.WON,
            expected_status=referral.status,
            note=_("Thanked for closed business"),
        )
    if thanked is not None:
        notify(
            user=thanked,
            kind="thanked",
            params={"name": thanked_by.full_name},
            url=reverse("thank_you_list"),
        )


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
    another_payment: bool = False,
) -> tuple[ThankYou, bool]:
    """Thank a member (or the chapter in general, thanked=None) for closed business.

    Linked to a referral, the thanks go to its giver and the referral is marked won in the same
    transaction. A referral thanked already takes a second thank-you only as `another_payment`
    (a deliberate choice: the same business is not counted twice by accident).
    """
    if idempotency_key is not None:
        existing = ThankYou.objects.filter(idempotency_key=idempotency_key, thanked_by=thanked_by).first()
        if existing is not None:
            return existing, False
    thanked, from_chapter, to_chapter = _thanks_parties(
        thanked_by=thanked_by, thanked=thanked, amount=amount, referral=referral, closed_on=closed_on
    )
    with transaction.atomic():
        if referral is not None and not another_payment:
            # Locked: two tabs thanking for the same slip at once cannot both be "the first".
            Referral.objects.select_for_update().filter(pk=referral.pk).first()
            if ThankYou.objects.filter(referral=referral).exists():
                raise ValidationError(
                    {
                        "another_payment": _(
                            "You already thanked for this referral. Is this another payment for the "
                            "same business? Then tick “Another payment”."
                        )
                    }
                )
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
                MemberDayFigures.objects.add(thank_you_cells(thank_you))
                changed(
                    chapters=[from_chapter.pk, to_chapter.pk],
                    activity_of=[thanked_by.pk, thanked and thanked.pk],
                )
        except IntegrityError:
            existing = ThankYou.objects.filter(idempotency_key=idempotency_key, thanked_by=thanked_by).first()
            if existing is None:
                raise
            return existing, False
        _after_thanks(thank_you, thanked_by=thanked_by)
    return thank_you, True
