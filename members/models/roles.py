"""Leadership roles in a chapter and region admins."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from members.capabilities import Capability
from members.models.users import User


class Role(models.Model):
    """A leadership position. Rows with no chapter are the standard team every chapter has."""

    chapter = models.ForeignKey(
        "chapters.Chapter",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="custom_roles",
        verbose_name=_("chapter"),
    )
    code = models.SlugField(_("code"), max_length=60)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    capabilities = ArrayField(
        models.CharField(max_length=40, choices=Capability.choices),
        default=list,
        blank=True,
        verbose_name=_("capabilities"),
    )
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["sort_order", "name_nl"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(chapter=None), name="standard_role_code_unique"
            ),
            models.UniqueConstraint(fields=["chapter", "code"], name="chapter_role_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_nl

    @property
    def capability_labels(self) -> list[str]:
        return [Capability(code).label for code in self.capabilities if code in Capability.values]


class RoleAssignment(models.Model):
    """Who holds a role in a chapter, for a term."""

    chapter = models.ForeignKey(
        "chapters.Chapter",
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("chapter"),
    )
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("role")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("member")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["role__sort_order", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="role_assignment_ends_after_start",
                violation_error_message=_("The end date must be on or after the start date."),
            ),
        ]
        indexes = [models.Index(fields=["user", "chapter"])]

    def __str__(self) -> str:
        return f"{self.role} — {self.user}"


class RegionAdmin(models.Model):
    """A region director/admin: every capability in every chapter of the region."""

    region = models.ForeignKey(
        "chapters.Region", on_delete=models.CASCADE, related_name="admins", verbose_name=_("region")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="region_admin_roles", verbose_name=_("user")
    )
    starts_on = models.DateField(_("from"), default=timezone.localdate)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("region admin")
        verbose_name_plural = _("region admins")
        constraints = [models.UniqueConstraint(fields=["region", "user"], name="region_admin_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.region}"
