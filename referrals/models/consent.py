"""Kring asks an outside contact "Mag ik je doorgeven?": one request per ask, answered through a link.

The link carries a random token; only its SHA-256 is stored, so the table (or a backup of it) holds
no working link. A request is answered once, dies when the giver changes the contact's email (a new
request replaces it) and expires after `ContactConsentRequest.VALID_DAYS`.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContactConsentRequest(models.Model):
    VALID_DAYS = 30
    REMIND_GIVER_AFTER = datetime.timedelta(days=7)

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the contact's answer")
        YES = "yes", _("The contact said yes")
        DECLINED = "declined", _("The contact said no thanks")
        EXPIRED = "expired", _("Expired without an answer")
        REPLACED = "replaced", _("Replaced by a new request")

    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.CASCADE, related_name="consent_requests"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(_("language of the email"), max_length=8, default="nl")
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.PENDING)
    answer = models.CharField(_("preferred way"), max_length=8, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One live link per slip: a new request replaces the old one.
            models.UniqueConstraint(
                fields=["referral"], condition=Q(state="pending"), name="one_pending_consent_request"
            ),
            models.CheckConstraint(
                condition=Q(state="yes", answer__in=["call", "email"]) | (~Q(state="yes") & Q(answer="")),
                name="consent_answer_only_with_yes",
            ),
        ]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"#{self.referral_id} {self.state}"

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING
