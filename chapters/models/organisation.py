"""Regions and chapters: who meets where, when and under which rules."""

import zoneinfo

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


class Region(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    # Empty: the 100-point member traffic lights (chapters.scoring.TRAFFIC_LIGHTS).
    scoring_scheme = models.ForeignKey(
        "ScoringScheme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="regions_using",
        verbose_name=_("scoring scheme"),
    )
    # Bands of the chapter traffic light; empty: chapters.reports.CHAPTER_BANDS.
    chapter_light_bands = models.JSONField(_("chapter traffic light bands"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AbsenceWindow(models.TextChoices):
    ROLLING = "rolling", _("Rolling 6 months")
    HALF_YEAR = "half_year", _("Fixed half-years (January-June, July-December)")


class Chapter(models.Model):
    class Language(models.TextChoices):
        DUTCH = "nl", _("Dutch")
        ENGLISH = "en", _("English")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="chapters", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    city = models.CharField(_("city"), max_length=120)
    meeting_weekday = models.PositiveSmallIntegerField(_("meeting day"), choices=WEEKDAYS, default=1)
    meeting_time = models.TimeField(_("meeting time"), default="07:00")
    meeting_duration_minutes = models.PositiveSmallIntegerField(_("meeting length (minutes)"), default=90)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.DUTCH)
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="Europe/Amsterdam"
    )
    is_active = models.BooleanField(_("active"), default=True)
    absence_limit = models.PositiveSmallIntegerField(
        _("absence limit"),
        default=3,
        help_text=_("Absences without a substitute allowed in the window; beyond it the seat is at risk."),
    )
    absence_window = models.CharField(
        _("absence window"), max_length=16, choices=AbsenceWindow.choices, default=AbsenceWindow.ROLLING
    )
    absences_before_activation = models.BooleanField(
        _("charge absences before the account is activated"),
        default=False,
        help_text=_(
            "Off: a member who has not yet accepted their invitation is left out of the round "
            "and gets no absence."
        ),
    )
    objection_window_days = models.PositiveSmallIntegerField(
        _("objection window (days)"),
        default=7,
        help_text=_("How long members see a proposed new member and may object before approval."),
    )
    interview_required = models.BooleanField(
        _("interview required before approval"),
        default=True,
        help_text=_("The membership committee records an interview before an applicant can be approved."),
    )
    # The last day of PALMS history imported from BNI Connect (chapters.ImportedPalms); None: none.
    # Lets the report periods skip looking for imported meetings in chapters that have none.
    imported_palms_until = models.DateField(_("PALMS history imported up to"), null=True, blank=True)
    summary_hours_before = models.PositiveSmallIntegerField(
        _("weekly summary: hours before the meeting"),
        null=True,
        blank=True,
        help_text=_("Empty: the evening before, at 18:00 in the chapter's time zone."),
    )
    contact_retention_months = models.PositiveSmallIntegerField(
        _("keep contacts of closed referrals (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "After this many months a won, lost or withdrawn referral loses its contact's details; "
            "the referral still counts."
        ),
    )
    former_member_retention_months = models.PositiveSmallIntegerField(
        _("pseudonymise former members after (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "This many months after their membership ended, a former member's name and contact details "
            "are replaced by “Former member #…”; what they did still counts in the chapter's figures."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "region", name="chapter_name_unique_in_region"),
            models.CheckConstraint(
                condition=models.Q(meeting_weekday__gte=0, meeting_weekday__lte=6),
                name="chapter_meeting_weekday_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(contact_retention_months__gte=1, contact_retention_months__lte=120),
                name="chapter_contact_retention_1_to_120_months",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    former_member_retention_months__gte=1, former_member_retention_months__lte=120
                ),
                name="chapter_former_member_retention_1_to_120_months",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class ScoringWindow(models.TextChoices):
    ROLLING = "rolling_6_months", _("The last 26 meetings (rolling 6 months)")
    PREVIOUS_HALF_YEAR = "previous_half_year", _("The previous completed half-year")


class ScoringScheme(models.Model):
    """How members are scored, as data (see chapters.scoring). No region: a preset every region may pick."""

    class Kind(models.TextChoices):
        BANDS = "bands", _("Points per metric (100 in total)")
        WEIGHTED = "weighted", _("Weekly points per event")

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scoring_schemes",
        verbose_name=_("region"),
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    window = models.CharField(
        _("window"), max_length=24, choices=ScoringWindow.choices, default=ScoringWindow.ROLLING
    )
    definition = models.JSONField(_("definition"))

    class Meta:
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(region=None), name="scoring_preset_code_unique"
            ),
            models.UniqueConstraint(fields=["region", "code"], name="scoring_scheme_code_unique_in_region"),
        ]

    def __str__(self) -> str:
        return self.name
