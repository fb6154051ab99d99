"""Membership terms and applications for membership."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from members.models.classifications import Classification
from members.models.users import User


class MembershipQuerySet(models.QuerySet):
    def current(self):
        """Terms whose member uses the member pages and holds the classification's seat."""
        return self.filter(status__in=Membership.CURRENT_STATUSES)

    def in_chapter(self, chapter):
        return self.filter(chapter=chapter)


class Membership(models.Model):
    """One term of a person's membership in a chapter. Renewal closes a term and opens the next."""

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        ACTIVE = "active", _("Active")
        ON_LEAVE = "on_leave", _("On leave")
        LAPSED = "lapsed", _("Lapsed")
        DROPPED = "dropped", _("Dropped")
        ENDED = "ended", _("Term ended")
        LEFT = "left", _("Left the chapter")

    # Members in these states use the member pages and hold their classification's seat.
    CURRENT_STATUSES = (Status.ACTIVE, Status.ON_LEAVE)

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("member")
    )
    chapter = models.ForeignKey(
        "chapters.Chapter", on_delete=models.PROTECT, related_name="memberships", verbose_name=_("chapter")
    )
    classification = models.ForeignKey(
        Classification, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("classification")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    starts_on = models.DateField(_("start"))
    renewal_due_on = models.DateField(_("renewal date"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    leave_until = models.DateField(_("on leave until"), null=True, blank=True)
    sponsor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsored_memberships",
        verbose_name=_("sponsor"),
    )
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    leave_approved_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leave approved by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "classification"],
                condition=models.Q(status__in=["active", "on_leave"]),
                name="one_active_member_per_classification",
                violation_error_message=_("This classification is already taken in this chapter."),
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=["active", "on_leave"]),
                name="one_current_membership_per_person",
                violation_error_message=_("This person is already a member of a chapter."),
            ),
            models.CheckConstraint(
                condition=models.Q(renewal_due_on__gt=models.F("starts_on")),
                name="membership_renewal_after_start",
                violation_error_message=_("The renewal date must be after the start date."),
            ),
        ]
        indexes = [models.Index(fields=["chapter", "status"]), models.Index(fields=["renewal_due_on"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.chapter} ({self.get_status_display()})"

    @property
    def is_current(self) -> bool:
        return self.status in self.CURRENT_STATUSES


class Application(models.Model):
    """A visitor's request to join a chapter, reviewed by the membership committee."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        INTERVIEWED = "interviewed", _("Interviewed")
        PROPOSED = "proposed", _("Proposed to the members")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    OPEN_STATUSES = (Status.PENDING, Status.INTERVIEWED, Status.PROPOSED)

    chapter = models.ForeignKey(
        "chapters.Chapter", on_delete=models.CASCADE, related_name="applications", verbose_name=_("chapter")
    )
    classification = models.ForeignKey(
        Classification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("classification"),
    )
    # "None of these fits": the applicant describes their profession; the committee maps it.
    profession = models.CharField(_("profession in their own words"), max_length=160, blank=True)
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=120)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    company = models.CharField(_("company"), max_length=160)
    website = models.URLField(_("website"), blank=True)
    references = models.TextField(
        _("references"),
        max_length=2000,
        help_text=_("Two customers or business contacts the committee may call, with phone or email."),
    )
    motivation = models.TextField(_("why do you want to join?"), max_length=2000, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=User.Language.choices, default="nl")
    consent_given_at = models.DateTimeField(_("consent given at"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    interview_notes = models.TextField(_("interview notes"), max_length=4000, blank=True)
    interviewed_on = models.DateField(_("interviewed on"), null=True, blank=True)
    # The objection window: members see the applicant until `objections_until` and may object.
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    objections_until = models.DateTimeField(_("members may object until"), null=True, blank=True)
    early_approval_reason = models.TextField(
        _("reason to approve before the window closed"), max_length=2000, blank=True
    )
    decision_reason = models.TextField(_("reason for the decision"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    member = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("member"),
    )
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            # A double-submitted form or a second try while the first is open adds nothing.
            models.UniqueConstraint(
                Lower("email"),
                "chapter",
                condition=models.Q(status__in=["pending", "interviewed", "proposed"]),
                name="one_open_application_per_email_per_chapter",
            ),
            models.CheckConstraint(
                condition=models.Q(classification__isnull=False) | ~models.Q(profession=""),
                name="application_classification_or_profession",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="proposed")
                | models.Q(objections_until__isnull=False, classification__isnull=False),
                name="application_proposed_has_window",
            ),
        ]
        indexes = [models.Index(fields=["chapter", "status"])]

    def __str__(self) -> str:
        return f"{self.full_name} → {self.chapter}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Objection(models.Model):
    """A current member's objection to a proposed applicant; only the membership committee reads it."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="objections", verbose_name=_("application")
    )
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("member"))
    reason = models.TextField(_("reason"), max_length=2000)
    created_at = models.DateTimeField(_("objected at"), auto_now_add=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "member"], name="one_objection_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.application}"
