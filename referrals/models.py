"""Slips members pass each other: referrals, thank-yous for closed business and one-to-ones.

Each slip stores the chapters of both people at the time it was passed, so inside/outside counts
(RGI/RGO, RRI/RRO) stay right after someone moves to another chapter.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Referral(models.Model):
    class Kind(models.TextChoices):
        OWN_BUSINESS = "own_business", _("For my own business (I am the customer)")
        THIRD_PARTY = "third_party", _("For someone else (a third party)")

    class Consent(models.TextChoices):
        TOLD_THEM = "told_them", _("I told them you would call")
        GAVE_CARD = "gave_card", _("I gave them your card")
        NONE = "none", _("Not yet: an introduction I still have to ask")

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
    recommendation = models.CharField(
        _("recommend or introduce"),
        max_length=16,
        choices=Recommendation.choices,
        default=Recommendation.INTRODUCE,
    )
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
        return self.is_third_party and self.consent == self.Consent.NONE

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


class Notice(models.Model):
    """An in-app message ("Bob passed you a referral"), shown as a count in the navigation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices", db_index=False
    )  # (user, read_at) below leads with it
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text


class ContactAuditEntry(models.Model):
    """Who exported or erased an outside contact's personal data, and when."""

    class Action(models.TextChoices):
        EXPORT = "export", _("Exported")
        ERASE = "erase", _("Erased")

    chapter = models.ForeignKey(
        "chapters.Chapter", on_delete=models.PROTECT, related_name="contact_audit_entries"
    )
    action = models.CharField(max_length=8, choices=Action.choices)
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    performed_at = models.DateTimeField(default=timezone.now)
    referral_ids = models.JSONField(default=list)
    # What identified the contact; after an erasure only a description without personal data.
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-performed_at"]


class EducationCredit(models.Model):
    """A unit of training a member followed (CEU): a course, a podcast, a book chapter."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="education_credits",
        verbose_name=_("member"),
    )
    chapter = models.ForeignKey(
        "chapters.Chapter", on_delete=models.PROTECT, related_name="education_credits"
    )
    earned_on = models.DateField(_("date"), default=timezone.localdate)
    what = models.CharField(_("what did you learn from"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("education credit")
        verbose_name_plural = _("education credits")
        ordering = ["-earned_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "earned_on", "what"], name="education_credit_once_per_day"
            )
        ]
        indexes = [models.Index(fields=["chapter", "earned_on"])]

    def __str__(self) -> str:
        return f"{self.member}: {self.what} ({self.earned_on})"


class Testimonial(models.Model):
    """A member publicly praises another member's work, usually at a meeting."""

    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="testimonials_given",
        verbose_name=_("from"),
    )
    given_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="testimonials_received",
        verbose_name=_("for"),
    )
    chapter = models.ForeignKey("chapters.Chapter", on_delete=models.PROTECT, related_name="testimonials")
    meeting = models.ForeignKey(
        "chapters.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="testimonials",
        verbose_name=_("meeting"),
    )
    given_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("what you said (optional)"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")
        ordering = ["-given_on", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(given_by=F("given_to")), name="testimonial_not_to_self"),
            models.UniqueConstraint(
                fields=["given_by", "given_to", "given_on"], name="testimonial_once_per_day"
            ),
        ]
        indexes = [models.Index(fields=["chapter", "given_on"])]

    def __str__(self) -> str:
        return f"{self.given_by} → {self.given_to} ({self.given_on})"
