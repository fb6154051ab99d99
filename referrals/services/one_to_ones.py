"""One-to-ones: log, confirm and record the outcome."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chapters.models import MemberDayFigures
from chapters.models.figures import one_to_one_cells
from config.cache import changed
from members.models import User
from members.selectors.memberships import member_since
from referrals.models import (
    OneToOne,
)
from referrals.services.notices import notify
from referrals.services.thanks import _chapter_of


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
    chapter, partner_chapter = _check_one_to_one(logged_by=logged_by, partner=partner, met_on=met_on)
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
            _confirm_by_second_log(existing, logged_by=logged_by, texts=texts)
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
                MemberDayFigures.objects.add(one_to_one_cells(one_to_one))
                changed(chapters=[chapter.pk, partner_chapter.pk], activity_of=[low.pk, high.pk])
        except IntegrityError:
            one_to_one = OneToOne.objects.get(member_low=low, member_high=high, met_on=met_on)
            return one_to_one, False
        if not confirmed:
            _ask_partner_to_confirm(one_to_one, partner=partner, logged_by=logged_by)
    return one_to_one, True


def _check_one_to_one(*, logged_by: User, partner: User, met_on: datetime.date):
    """The chapters of the one who logs and of the partner, once the pair and the date may meet."""
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
    joined = [day for day in (member_since(logged_by), member_since(partner)) if day is not None]
    if joined and met_on < max(joined):
        raise ValidationError(
            {
                "met_on": _("Choose a date since you both became members (%(date)s).")
                % {"date": date_format(max(joined))}
            }
        )
    return chapter, partner_chapter


def _confirm_by_second_log(existing: OneToOne, *, logged_by: User, texts: dict) -> None:
    """Logged by both: one meeting. The second person's log confirms it and fills its empty texts."""
    if existing.logged_by_id == logged_by.pk or existing.confirmed_at is not None:
        return
    existing.confirmed_at = timezone.now()
    for key, value in texts.items():
        if value and not getattr(existing, key):
            setattr(existing, key, value)
    existing.save()
    changed(chapters=[existing.chapter_id], activity_of=[existing.member_low_id, existing.member_high_id])


def _ask_partner_to_confirm(one_to_one: OneToOne, *, partner: User, logged_by: User) -> None:
    notify(
        user=partner,
        kind="one_to_one_confirm",
        params={"name": logged_by.full_name},
        url=reverse("one_to_one_detail", kwargs={"pk": one_to_one.pk}),
    )


def one_to_one_confirm(*, one_to_one: OneToOne, by: User) -> OneToOne:
    if by.pk != one_to_one.confirmer_id:
        raise ValidationError(_("Only the other member of this one-to-one can confirm it."))
    with transaction.atomic():
        OneToOne.objects.filter(pk=one_to_one.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
        changed(
            chapters=[one_to_one.chapter_id],
            activity_of=[one_to_one.member_low_id, one_to_one.member_high_id],
        )
    one_to_one.refresh_from_db()
    return one_to_one


def one_to_one_update(*, one_to_one: OneToOne, by: User, texts: dict) -> OneToOne:
    if not one_to_one.involves(by):
        raise ValidationError(_("Only the two members of this one-to-one can change it."))
    for key, value in texts.items():
        if key in ONE_TO_ONE_TEXT_FIELDS:
            setattr(one_to_one, key, (value or "").strip())
    with transaction.atomic():
        one_to_one.save()
        changed(
            chapters=[one_to_one.chapter_id],
            activity_of=[one_to_one.member_low_id, one_to_one.member_high_id],
        )
    return one_to_one
