"""Dues: the chapter's fee per term length, and one dues line per new or renewed term."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DuesRate(models.Model):
    """What a term of `term_months` costs in this chapter, in euros before VAT, and the VAT rate."""

    chapter = models.ForeignKey(
        "chapters.Chapter", on_delete=models.CASCADE, related_name="dues_rates", verbose_name=_("chapter")
    )
    term_months = models.PositiveSmallIntegerField(_("term length (months)"))
    amount = models.DecimalField(_("fee excluding VAT (EUR)"), max_digits=9, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=4, decimal_places=2, default=21)

    class Meta:
        verbose_name = _("dues rate")
        verbose_name_plural = _("dues rates")
        ordering = ["term_months"]
        constraints = [
            models.UniqueConstraint(fields=["chapter", "term_months"], name="one_rate_per_term_length"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="dues_rate_amount_not_negative"),
            models.CheckConstraint(
                condition=models.Q(vat_rate__gte=0, vat_rate__lte=100), name="dues_rate_vat_in_range"
            ),
            models.CheckConstraint(condition=models.Q(term_months__gte=1), name="dues_rate_term_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.chapter} {self.term_months}m"


class DuesLine(models.Model):
    """What a member owes for one term, and how it was paid.

    `payment_reference` is the seam for online payment: a payment provider's id (a Mollie payment
    id such as "tr_..." for iDEAL) is stored here when a payment is started, and the provider's
    webhook marks the line paid through `members.services.dues.dues_mark_paid(...,
    method=DuesLine.Method.ONLINE, payment_reference=...)`, which records one payment however often
    the webhook is called. No provider is connected yet.
    """

    class Method(models.TextChoices):
        TRANSFER = "transfer", _("Bank transfer")
        DIRECT_DEBIT = "direct_debit", _("Direct debit")
        CASH = "cash", _("Cash or card at the meeting")
        ONLINE = "online", _("Online payment")

    chapter = models.ForeignKey(
        "chapters.Chapter", on_delete=models.PROTECT, related_name="dues_lines", verbose_name=_("chapter")
    )
    membership = models.OneToOneField(
        "members.Membership", on_delete=models.PROTECT, related_name="dues_line", verbose_name=_("term")
    )
    amount = models.DecimalField(_("amount excluding VAT (EUR)"), max_digits=9, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=4, decimal_places=2)
    vat_amount = models.DecimalField(_("VAT (EUR)"), max_digits=9, decimal_places=2)
    total = models.DecimalField(_("total (EUR)"), max_digits=9, decimal_places=2)
    due_on = models.DateField(_("due on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    method = models.CharField(_("payment method"), max_length=16, choices=Method.choices, blank=True)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    payment_reference = models.CharField(_("payment provider reference"), max_length=120, blank=True)
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payment recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dues line")
        verbose_name_plural = _("dues lines")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(paid_on__isnull=True) | ~models.Q(method=""), name="dues_paid_has_method"
            ),
            models.CheckConstraint(condition=models.Q(total__gte=0), name="dues_total_not_negative"),
        ]
        indexes = [models.Index(fields=["chapter", "paid_on", "due_on"])]

    def __str__(self) -> str:
        return f"{self.membership} {self.total}"
