"""Dues: the chapter's fees, a dues line for each new or renewed term, and recording a payment."""

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chapters.models import Chapter
from config.cache import changed
from config.exports import Exporter
from members.audit import record_update
from members.models import DuesLine, DuesRate, Membership, User

# Days a member has to pay after their term starts.
PAYMENT_DAYS = 14
CENT = Decimal("0.01")


def term_months(term: Membership) -> int:
    """The term's length in whole months (a year is 12, whatever the day of the month)."""
    months = (term.renewal_due_on.year - term.starts_on.year) * 12 + (
        term.renewal_due_on.month - term.starts_on.month
    )
    return max(months, 1)


@transaction.atomic
def dues_rate_set(*, chapter: Chapter, term_months: int, amount: Decimal, vat_rate: Decimal) -> DuesRate:
    """Set the fee for a term length; lines already made keep their amount."""
    if term_months < 1 or term_months > 60:
        raise ValidationError(_("A term lasts between 1 and 60 months."), code="term_length")
    if amount < 0:
        raise ValidationError(_("The fee cannot be negative."), code="negative_fee")
    if not Decimal(0) <= vat_rate <= Decimal(100):
        raise ValidationError(_("The VAT rate is between 0 and 100%."), code="vat_rate")
    rate, _created = DuesRate.objects.update_or_create(
        chapter=chapter, term_months=term_months, defaults={"amount": amount, "vat_rate": vat_rate}
    )
    changed(chapters=[chapter.pk])
    return rate


def dues_line_for_term(term: Membership) -> DuesLine | None:
    """The dues line of a new or renewed term, at the chapter's fee for its length; None when the
    chapter has no fee for that length. Called inside the service that creates the term."""
    rate = DuesRate.objects.filter(chapter_id=term.chapter_id, term_months=term_months(term)).first()
    if rate is None:
        return None
    vat = (rate.amount * rate.vat_rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    line, _created = DuesLine.objects.get_or_create(
        membership=term,
        defaults={
            "chapter_id": term.chapter_id,
            "amount": rate.amount,
            "vat_rate": rate.vat_rate,
            "vat_amount": vat,
            "total": rate.amount + vat,
            "due_on": term.starts_on + datetime.timedelta(days=PAYMENT_DAYS),
        },
    )
    return line


def dues_mark_paid(
    *,
    line: DuesLine,
    recorded_by: User | None,
    method: str,
    paid_on: datetime.date | None = None,
    reference: str = "",
    payment_reference: str = "",
) -> DuesLine:
    """Record the payment of a line. Two treasurers (or a repeated webhook) marking the same line
    paid record one payment: the conditional update lets only the first through."""
    if method not in DuesLine.Method.values:
        raise ValidationError(_("Choose how it was paid."), code="method_required")
    paid_on = paid_on or timezone.localdate()
    if paid_on > timezone.localdate():
        raise ValidationError(_("The payment date cannot be in the future."), code="paid_in_future")
    with transaction.atomic():
        updated = DuesLine.objects.filter(pk=line.pk, paid_on__isnull=True).update(
            paid_on=paid_on,
            method=method,
            reference=reference.strip(),
            payment_reference=payment_reference.strip(),
            paid_recorded_by=recorded_by,
        )
        fresh = DuesLine.objects.select_related("membership__user").get(pk=line.pk)
        if not updated:
            raise ValidationError(
                _("This line was already marked paid on %(date)s."),
                code="already_paid",
                params={"date": fresh.paid_on.strftime("%d-%m-%Y")},
            )
        record_update(fresh, changes={"paid_on": (None, paid_on), "method": ("", method)})
        changed(chapters=[fresh.chapter_id], users=[fresh.membership.user_id])
    return fresh


class DuesExporter(Exporter):
    """The dues lines shown on the treasurer's page, one row per line, amounts as numbers."""

    def __init__(self, chapter: Chapter, lines: Iterable[DuesLine], state: str):
        self.filename = f"{chapter.slug}-dues-{state}-{timezone.localdate().isoformat()}"
        self.lines = lines

    def headers(self) -> list:
        return [
            gettext_lazy("Member"),
            gettext_lazy("Email"),
            gettext_lazy("Classification"),
            gettext_lazy("Term start"),
            gettext_lazy("Term end"),
            gettext_lazy("Amount excluding VAT"),
            gettext_lazy("VAT rate (%)"),
            gettext_lazy("VAT"),
            gettext_lazy("Total"),
            gettext_lazy("Due on"),
            gettext_lazy("Paid on"),
            gettext_lazy("Payment method"),
            gettext_lazy("Reference"),
            gettext_lazy("Payment provider reference"),
        ]

    def rows(self) -> Iterable[list]:
        for line in self.lines:
            term = line.membership
            yield [
                term.user.full_name,
                term.user.email,
                term.classification.name,
                term.starts_on,
                term.renewal_due_on,
                line.amount,
                line.vat_rate,
                line.vat_amount,
                line.total,
                line.due_on,
                line.paid_on,
                line.get_method_display() if line.method else "",
                line.reference,
                line.payment_reference,
            ]
