"""Classifications (professions): one member per classification in a chapter."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ClassificationCategory(models.Model):
    name_nl = models.CharField(_("name (Dutch)"), max_length=120, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("classification category")
        verbose_name_plural = _("classification categories")
        ordering = ["name_nl"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_nl


class Classification(models.Model):
    """A profession, e.g. "Accountant". Chapter-independent; one active member per chapter."""

    category = models.ForeignKey(
        ClassificationCategory,
        on_delete=models.PROTECT,
        related_name="classifications",
        verbose_name=_("category"),
    )
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        ordering = ["name_nl"]
        constraints = [
            models.UniqueConstraint(Lower("name_nl"), name="classification_name_nl_unique"),
            models.UniqueConstraint(Lower("name_en"), name="classification_name_en_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_nl


class ClassificationLock(models.Model):
    """A classification the chapter keeps closed (e.g. reserved for a returning member): no applicants.

    Unlocking keeps the row (who, when, why), so the page shows the history; only one open lock per
    chapter and classification.
    """

    chapter = models.ForeignKey(
        "chapters.Chapter",
        on_delete=models.CASCADE,
        related_name="classification_locks",
        verbose_name=_("chapter"),
    )
    classification = models.ForeignKey(
        Classification, on_delete=models.CASCADE, related_name="locks", verbose_name=_("classification")
    )
    reason = models.CharField(_("reason"), max_length=250, blank=True)
    locked_by = models.ForeignKey(
        "members.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("locked by"),
    )
    created_at = models.DateTimeField(_("locked at"), auto_now_add=True)
    unlocked_at = models.DateTimeField(_("unlocked at"), null=True, blank=True)
    unlocked_by = models.ForeignKey(
        "members.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unlocked by"),
    )
    unlock_reason = models.CharField(_("reason for unlocking"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("locked classification")
        verbose_name_plural = _("locked classifications")
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "classification"],
                condition=models.Q(unlocked_at__isnull=True),
                name="classification_lock_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.classification} @ {self.chapter}"


class WantedClassification(models.Model):
    """A profession the chapter is looking for: shown to visitors on the public page and the apply form."""

    chapter = models.ForeignKey(
        "chapters.Chapter",
        on_delete=models.CASCADE,
        related_name="wanted_classifications",
        verbose_name=_("chapter"),
    )
    classification = models.ForeignKey(
        Classification, on_delete=models.CASCADE, related_name="wanted_by", verbose_name=_("classification")
    )
    note = models.CharField(_("what kind of business we look for"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        "members.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("wanted profession")
        verbose_name_plural = _("wanted professions")
        ordering = ["classification__name_nl"]
        constraints = [
            models.UniqueConstraint(fields=["chapter", "classification"], name="wanted_classification_unique")
        ]

    def __str__(self) -> str:
        return f"{self.classification} @ {self.chapter}"
