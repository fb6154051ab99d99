"""Referral slips, their status history and corrections, and the privacy log of outside contacts."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Referral(models.Model):
    # The outside contact's details: what consent releases and erasure empties.
    CONTACT_FIELDS = ("contact_name", "contact_company", "contact_phone", "contact_email")

    class Kind(models.TextChoices):
        OWN_BUSINESS = "own_business", _("For my own business (I am the customer)")
        THIRD_PARTY = "third_party", _("For someone else (a third party)")

    class Consent(models.TextChoices):
        TOLD_THEM = "told_them", _("I told them you would call")
        GAVE_CARD = "gave_card", _("I gave them your card")
        NONE = "none", _("Not yet: an introduction I still have to ask")
        ASK = "ask", _("Ask them for me: Kring asks “Mag ik je doorgeven?”")
        CONTACT_YES = "contact_yes", _("The contact said yes to Kring")

    class ContactWay(models.TextChoices):
        CALL = "call", _("Call me")
        EMAIL = "email", _("Email me first")

    class Recommendation(models.TextChoices):
        RECOMMEND = "recommend", _("I recommend you from my own experience")
        INTRODUCE = "introduce", _("I only introduce you")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        MEETING = "meeting", _("Meeting planned")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")
        NO_FIT = "no_fit", _("No fit")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Consents under which the receiver cannot act yet: the giver or the contact still has to answer.
    LEAD_CONSENTS = (Consent.NONE, Consent.ASK)
    OPEN_STATUSES = (Status.NEW, Status.CONTACTED, Status.MEETING)
    # Forward order of the pipeline; lost and no fit can follow any open state.
    PIPELINE = (Status.NEW, Status.CONTACTED, Status.MEETING, Status.WON)

    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referrals_given",
        db_index=False,  # led by a composite index (Meta.indexes): one index less to update
        verbose_name=_("from"),
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referrals_received",
        db_index=False,
        verbose_name=_("to"),
    )
    giver_chapter = models.ForeignKey(
        "chapters.Chapter",
        on_delete=models.PROTECT,
        related_name="referrals_given",
        db_index=False,
        verbose_name=_("giver's chapter"),
    )
    receiver_chapter = models.ForeignKey(
        "chapters.Chapter",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        db_index=False,
        verbose_name=_("receiver's chapter"),
    )
    kind = models.CharField(
        _("whose business"), max_length=16, choices=Kind.choices, default=Kind.OWN_BUSINESS
    )
    need = models.TextField(_("what is needed"), max_length=2000)
    contact_name = models.CharField(_("contact name"), max_length=160, blank=True)
    contact_company = models.CharField(_("contact company"), max_length=160, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_erased_at = models.DateTimeField(_("contact erased at"), null=True, blank=True)
    consent = models.CharField(_("consent"), max_length=16, choices=Consent.choices, default=Consent.NONE)
    consent_recorded_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    # The contact's own answer on their consent page: how they would like to be reached.
    contact_preference = models.CharField(
        _("contact prefers"), max_length=8, choices=ContactWay.choices, blank=True
    )
    recommendation = models.CharField(
        _("recommend or introduce"),
        max_length=16,
        choices=Recommendation.choices,
        default=Recommendation.INTRODUCE,
    )
    # Evidence for "recommend" besides a thank-you or testimonial on record: the giver's own word.
    giver_was_customer = models.BooleanField(_("the giver was a customer"), default=False)
    # "I know someone": the receiver's weekly ask this slip answers, as it read when the slip was passed.
    answered_ask = models.CharField(_("answers the ask"), max_length=280, blank=True)
    temperature = models.PositiveSmallIntegerField(_("temperature"), default=1)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW)
    lost_reason = models.CharField(_("reason"), max_length=500, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # Generated when the form is rendered: a second POST of the same form finds the first slip.
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("given at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(giver=F("receiver")), name="referral_not_to_self"),
            models.CheckConstraint(
                condition=Q(temperature__gte=1, temperature__lte=5), name="referral_temperature_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(status="lost") | Q(lost_reason=""), name="referral_reason_only_when_lost"
            ),
        ]
        indexes = [
            models.Index(fields=["receiver", "status"]),
            models.Index(fields=["giver", "created_at"]),
            models.Index(fields=["giver_chapter", "created_at"]),
            models.Index(fields=["receiver_chapter", "created_at"]),
            # The chapter board's list of third-party leads still waiting for the contact's consent.
            models.Index(
                fields=["giver_chapter", "created_at"],
                condition=Q(kind="third_party", consent="none", status="new"),
                name="referral_leads_without_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.receiver} ({self.get_status_display()})"

    @property
    def is_third_party(self) -> bool:
        return self.kind == self.Kind.THIRD_PARTY

    @property
    def is_lead(self) -> bool:
        """A third party who has not agreed to be contacted: the receiver cannot act on it yet."""
        return self.is_third_party and self.consent in self.LEAD_CONSENTS

    @property
    def is_waiting_for_contact(self) -> bool:
        """Kring asked the contact ("Mag ik je doorgeven?") and they have not said yes yet."""
        return self.is_third_party and self.consent == self.Consent.ASK

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_cross_chapter(self) -> bool:
        return self.giver_chapter_id != self.receiver_chapter_id

    def next_statuses(self) -> list[str]:
        """Where the receiver may move it: forward in the pipeline, or to lost / no fit."""
        if self.is_lead or not self.is_open:
            return []
        forward = list(self.PIPELINE[self.PIPELINE.index(self.status) + 1 :])
        return [*forward, self.Status.LOST, self.Status.NO_FIT]


class ReferralStatusChange(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=Referral.Status.choices)
    to_status = models.CharField(max_length=16, choices=Referral.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class ReferralCorrection(models.Model):
    """A change to a slip after its week's meeting record was completed: who, when, why, what."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="corrections")
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    corrected_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(_("reason for the correction"), max_length=500)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    class Meta:
        ordering = ["corrected_at", "pk"]


class ContactAuditEntry(models.Model):
    """Who exported or erased an outside contact's personal data, and when.

    No `performed_by`: the contact themself (on their consent page) or a daily job (expiry).
    """

    class Action(models.TextChoices):
        EXPORT = "export", _("Exported")
        ERASE = "erase", _("Erased")

    chapter = models.ForeignKey(
        "chapters.Chapter", on_delete=models.PROTECT, related_name="contact_audit_entries"
    )
    action = models.CharField(max_length=8, choices=Action.choices)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    performed_at = models.DateTimeField(default=timezone.now)
    referral_ids = models.JSONField(default=list)
    # What identified the contact; after an erasure only a description without personal data.
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-performed_at"]
