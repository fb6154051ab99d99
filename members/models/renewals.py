"""Renewal requests: a member (or a leader for them) asks to renew, the VP approves or declines."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models.memberships import Membership
from members.models.users import User


class RenewalRequest(models.Model):
    """A request to renew one term. Approval closes the term and opens the next (with its dues line)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the VP")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    chapter = models.ForeignKey(
        "chapters.Chapter",
        on_delete=models.CASCADE,
        related_name="renewal_requests",
        verbose_name=_("chapter"),
    )
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="renewal_requests", verbose_name=_("term")
    )
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    # Empty: one term after the current renewal date.
    renewal_due_on = models.DateField(_("next renewal date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), max_length=2000, blank=True)
    renewed_term = models.OneToOneField(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewed_by_request",
        verbose_name=_("new term"),
    )

    class Meta:
        verbose_name = _("renewal request")
        verbose_name_plural = _("renewal requests")
        ordering = ["requested_at"]
        constraints = [
            # Asking twice (or the member and the president at once) makes one request.
            models.UniqueConstraint(
                fields=["membership"],
                condition=models.Q(status__in=["pending", "approved"]),
                name="one_open_renewal_request_per_term",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(decided_at__isnull=False),
                name="renewal_request_approved_is_decided",
            ),
        ]
        indexes = [models.Index(fields=["chapter", "status"])]

    def __str__(self) -> str:
        return f"{self.membership} ({self.get_status_display()})"
