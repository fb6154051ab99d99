"""Onboarding a new member: a mentor and a checklist made from the chapter's template."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from members.models.memberships import Membership
from members.models.users import User


class OnboardingStep(models.Model):
    """One item of a chapter's onboarding template: what, within how many days, and who ticks it."""

    class Owner(models.TextChoices):
        MEMBER = "member", _("The new member")
        MENTOR = "mentor", _("The mentor")
        COORDINATOR = "coordinator", _("The mentor coordinator")

    chapter = models.ForeignKey(
        "chapters.Chapter",
        on_delete=models.CASCADE,
        related_name="onboarding_steps",
        verbose_name=_("chapter"),
    )
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    due_days = models.PositiveSmallIntegerField(_("due within (days)"))
    owner = models.CharField(_("ticked by"), max_length=16, choices=Owner.choices, default=Owner.MEMBER)
    blocks_rota = models.BooleanField(
        _("before rota duties"),
        default=False,
        help_text=_("Rota fill skips members who have not done this yet."),
    )
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("onboarding step")
        verbose_name_plural = _("onboarding steps")
        ordering = ["sort_order", "due_days", "pk"]

    def __str__(self) -> str:
        return self.title_nl

    @property
    def title(self) -> str:
        return self.title_en if get_language() == "en" else self.title_nl


class Onboarding(models.Model):
    """A new member's onboarding: one per term that started from an application."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="onboarding", verbose_name=_("term")
    )
    chapter = models.ForeignKey(
        "chapters.Chapter", on_delete=models.CASCADE, related_name="onboardings", verbose_name=_("chapter")
    )
    mentor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentees",
        verbose_name=_("mentor"),
    )
    started_on = models.DateField(_("started on"))

    class Meta:
        verbose_name = _("onboarding")
        verbose_name_plural = _("onboardings")
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return str(self.membership)


class OnboardingItem(models.Model):
    onboarding = models.ForeignKey(
        Onboarding, on_delete=models.CASCADE, related_name="items", verbose_name=_("onboarding")
    )
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    owner = models.CharField(
        _("ticked by"),
        max_length=16,
        choices=OnboardingStep.Owner.choices,
        default=OnboardingStep.Owner.MEMBER,
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("ticked by")
    )
    overdue_notified_on = models.DateField(null=True, blank=True)
    blocks_rota = models.BooleanField(_("before rota duties"), default=False)
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("onboarding item")
        verbose_name_plural = _("onboarding items")
        ordering = ["sort_order", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_en if get_language() == "en" else self.title_nl
