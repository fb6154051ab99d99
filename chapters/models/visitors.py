"""Visitors and substitutes at a chapter's meetings."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from chapters.models.meetings import Meeting
from chapters.models.organisation import Chapter


class Visitor(models.Model):
    class Kind(models.TextChoices):
        VISITOR = "visitor", _("Visitor")
        RETURNING = "returning", _("Returning guest")
        SUBSTITUTE = "substitute", _("Substitute")
        OBSERVER = "observer", _("Observer")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        VISITED = "visited", _("Visited")
        FOLLOWED_UP = "followed_up", _("Followed up")
        APPLIED = "applied", _("Applied")
        NOT_NOW = "not_now", _("Not now")

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="visitors")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="visitors", verbose_name=_("meeting")
    )
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=120)
    company = models.CharField(_("company"), max_length=160)
    profession = models.CharField(_("profession"), max_length=160)
    # Empty only for a walk-in who gave none at the door.
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invited_visitors",
        verbose_name=_("invited by"),
    )
    consent_given_at = models.DateTimeField(_("consent given at"))
    kind = models.CharField(_("kind of guest"), max_length=16, choices=Kind.choices, default=Kind.VISITOR)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REGISTERED)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    # Set at check-in: a visitor's first visit to this chapter gives the inviting member the credit.
    gives_visitor_credit = models.BooleanField(_("visitor credit"), default=False)
    follow_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visitor_follow_ups",
        verbose_name=_("followed up by"),
    )
    follow_up_due = models.DateField(_("follow up by"), null=True, blank=True)
    follow_up_reminded_on = models.DateField(null=True, blank=True)
    # The reminder before the meeting went out on this day (once per registration).
    meeting_reminded_on = models.DateField(null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("visitor")
        verbose_name_plural = _("visitors")
        ordering = ["-meeting__starts_at", "first_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "meeting",
                condition=~models.Q(email=""),
                name="one_registration_per_visitor_per_meeting",
            )
        ]
        indexes = [models.Index(fields=["chapter", "status"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
