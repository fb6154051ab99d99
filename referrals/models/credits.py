"""Education credits (CEU) and testimonials."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
