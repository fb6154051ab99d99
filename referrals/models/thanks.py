"""Thank-yous for closed business (TYFCB)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from referrals.models.referrals import Referral


class ThankYou(models.Model):
    """TYFCB: the member who closed business thanks the member (or the chapter) who brought it."""

    class BusinessType(models.TextChoices):
        NEW = "new", _("New business")
        REPEAT = "repeat", _("Repeat business")

    thanked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="thanks_given",
        verbose_name=_("from"),
    )
    # Empty: thanks to the chapter in general (business via a former member or a substitute).
    thanked = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="thanks_received",
        null=True,
        blank=True,
        verbose_name=_("to"),
    )
    from_chapter = models.ForeignKey(
        "chapters.Chapter", on_delete=models.PROTECT, related_name="thanks_given"
    )
    to_chapter = models.ForeignKey(
        "chapters.Chapter", on_delete=models.PROTECT, related_name="thanks_received"
    )
    referral = models.ForeignKey(
        Referral,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="thanks",
        verbose_name=_("referral"),
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default="EUR")
    business_type = models.CharField(
        _("new or repeat"), max_length=8, choices=BusinessType.choices, default=BusinessType.NEW
    )
    closed_on = models.DateField(_("date"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=500, blank=True)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("thank-you for closed business")
        verbose_name_plural = _("thank-yous for closed business")
        ordering = ["-closed_on", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="thank_you_amount_positive"),
            models.CheckConstraint(condition=~Q(thanked_by=F("thanked")), name="thank_you_not_to_self"),
        ]
        indexes = [
            models.Index(fields=["from_chapter", "closed_on"]),
            models.Index(fields=["to_chapter", "closed_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.thanked_by} → {self.thanked or self.to_chapter}: {self.amount} {self.currency}"

    @property
    def is_cross_chapter(self) -> bool:
        return self.from_chapter_id != self.to_chapter_id
