import zoneinfo

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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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
        ]

    def __str__(self) -> str:
        return self.name
