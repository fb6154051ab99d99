"""One-to-one meetings between two members."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OneToOne(models.Model):
    """Two members meeting to learn each other's business; the pair and date are stored once."""

    member_low = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    member_high = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chapter = models.ForeignKey("chapters.Chapter", on_delete=models.PROTECT, related_name="one_to_ones")
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    met_on = models.DateField(_("date"), default=timezone.localdate)
    what_i_offer = models.TextField(_("what I offer"), max_length=2000, blank=True)
    what_i_need = models.TextField(_("what I need"), max_length=2000, blank=True)
    why_this_partner = models.TextField(_("why this partner"), max_length=2000, blank=True)
    how_we_add_value = models.TextField(_("how we can add value to each other"), max_length=2000, blank=True)
    outcome = models.TextField(_("outcome"), max_length=2000, blank=True)
    follow_up = models.TextField(_("follow-up actions"), max_length=2000, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("one-to-one")
        verbose_name_plural = _("one-to-ones")
        ordering = ["-met_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member_low__lt=F("member_high")), name="one_to_one_ordered_pair"
            ),
            models.UniqueConstraint(
                fields=["member_low", "member_high", "met_on"], name="one_to_one_once_per_day"
            ),
        ]
        # The chapter's one-to-ones in a period (PALMS, member scores, the member's own score).
        indexes = [models.Index(fields=["chapter", "met_on"])]

    def __str__(self) -> str:
        return f"{self.member_low} & {self.member_high} ({self.met_on})"

    def partner_of(self, user):
        return self.member_high if user.pk == self.member_low_id else self.member_low

    def involves(self, user) -> bool:
        return user.pk in (self.member_low_id, self.member_high_id)

    @property
    def confirmer_id(self) -> int:
        """The member who did not log it confirms it."""
        return self.member_high_id if self.logged_by_id == self.member_low_id else self.member_low_id
