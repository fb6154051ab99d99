import zoneinfo

from django.conf import settings
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

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class AgendaKind(models.TextChoices):
    NORMAL = "normal", _("Section")
    OPEN_NETWORKING = "open_networking", _("Open networking")
    EDUCATION = "education", _("Education moment")
    MEMBER_PRESENTATIONS = "member_presentations", _("Members' presentations")
    VISITOR_INTROS = "visitor_intros", _("Visitors introduce themselves")
    FEATURE_PRESENTATION = "feature_presentation", _("Feature presentation")
    REFERRALS = "referrals", _("Referrals and thank-yous")


class AgendaTemplate(models.Model):
    """A chapter's standard meeting order; each new meeting copies the default one."""

    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, related_name="agenda_templates", verbose_name=_("chapter")
    )
    name = models.CharField(_("name"), max_length=120)
    is_default = models.BooleanField(_("default for new meetings"), default=False)

    class Meta:
        verbose_name = _("agenda template")
        verbose_name_plural = _("agenda templates")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(fields=["chapter", "name"], name="agenda_template_name_unique"),
            models.UniqueConstraint(
                fields=["chapter"], condition=models.Q(is_default=True), name="one_default_agenda_template"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AgendaItemBase(models.Model):
    """One section of an agenda. For the members' round, planned_seconds is the time per member."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=24, choices=AgendaKind.choices, default=AgendaKind.NORMAL)
    planned_seconds = models.PositiveIntegerField(_("planned duration (seconds)"))
    responsible_role = models.ForeignKey(
        "members.Role",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible role"),
    )

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_member_round(self) -> bool:
        return self.kind == AgendaKind.MEMBER_PRESENTATIONS


class AgendaTemplateItem(AgendaItemBase):
    template = models.ForeignKey(
        AgendaTemplate, on_delete=models.CASCADE, related_name="items", verbose_name=_("agenda template")
    )

    class Meta(AgendaItemBase.Meta):
        verbose_name = _("agenda template section")
        verbose_name_plural = _("agenda template sections")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_seconds__gt=0), name="agenda_template_item_duration_positive"
            )
        ]


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    class RecordStatus(models.TextChoices):
        DRAFT = "draft", _("Draft")
        COMPLETED = "completed", _("Completed")

    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("chapter")
    )
    # The week's slot in the schedule: a moved meeting keeps it, so generating again adds nothing.
    scheduled_on = models.DateField(_("week of"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    status_reason = models.CharField(_("reason"), max_length=250, blank=True)
    moved_from = models.DateTimeField(_("originally at"), null=True, blank=True)
    notes = models.TextField(_("notes and minutes"), max_length=10000, blank=True)

    record_status = models.CharField(
        _("attendance record"), max_length=16, choices=RecordStatus.choices, default=RecordStatus.DRAFT
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    # The live runner's state, saved on every step so a reload or a second screen continues.
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    runner_item = models.ForeignKey(
        "MeetingAgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    runner_item_started_at = models.DateTimeField(null=True, blank=True)
    runner_presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    runner_presenter_started_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every step: a double tap or a stale second screen cannot step twice.
    runner_version = models.PositiveIntegerField(default=0)

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "scheduled_on"],
                name="one_meeting_per_chapter_per_day",
                violation_error_message=_("This chapter already has a meeting on that day."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["chapter", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.chapter} {self.scheduled_on:%Y-%m-%d}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_completed(self) -> bool:
        return self.record_status == self.RecordStatus.COMPLETED

    @property
    def is_running(self) -> bool:
        return self.opened_at is not None and self.closed_at is None

    @property
    def late_after(self):
        """Arrivals after this moment are late: when the president opened the meeting, else its start."""
        return self.opened_at or self.starts_at


class MeetingAgendaItem(AgendaItemBase):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    skipped = models.BooleanField(default=False)

    class Meta(AgendaItemBase.Meta):
        verbose_name = _("agenda section")
        verbose_name_plural = _("agenda sections")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_seconds__gt=0), name="meeting_agenda_item_duration_positive"
            )
        ]


class RotaKind(models.TextChoices):
    FEATURE = "feature", _("Feature presentation")
    EDUCATION = "education", _("Education moment")


class RotaSlot(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rota_slots")
    kind = models.CharField(_("rota"), max_length=16, choices=RotaKind.choices)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="rota_slots",
        verbose_name=_("member"),
    )

    class Meta:
        verbose_name = _("rota slot")
        verbose_name_plural = _("rota slots")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind"], name="one_rota_slot_per_meeting_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.member} ({self.meeting})"


class AttendanceStatus(models.TextChoices):
    PRESENT = "P", _("Present")
    ABSENT = "A", _("Absent")
    LATE = "L", _("Late")
    MEDICAL = "M", _("Medical leave")
    SUBSTITUTE = "S", _("Substitute")


class Attendance(models.Model):
    """PALMS: one row per member per meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("member"),
    )
    status = models.CharField(_("attendance"), max_length=1, choices=AttendanceStatus.choices)
    substitute_name = models.CharField(_("substitute's name"), max_length=160, blank=True)
    substitute_email = models.EmailField(_("substitute's email"), blank=True)
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], name="one_attendance_per_member_per_meeting"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="S") | ~models.Q(substitute_name=""),
                name="substitute_attendance_has_name",
                violation_error_message=_("A substitute needs a name."),
            ),
        ]
        indexes = [models.Index(fields=["member", "status"])]

    def __str__(self) -> str:
        return f"{self.member}: {self.status}"


class AttendanceCorrection(models.Model):
    """A change to a completed record: who, why, and what it was."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="corrections")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500)
    status_before = models.CharField(max_length=1, choices=AttendanceStatus.choices)
    status_after = models.CharField(max_length=1, choices=AttendanceStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class AbsenceNotice(models.Model):
    """A member says ahead of time: I'll be absent (and my substitute is ...)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="absence_notices")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absence_notices"
    )
    substitute_name = models.CharField(_("substitute's name"), max_length=160, blank=True)
    substitute_email = models.EmailField(_("substitute's email"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_absence_notice_per_meeting")
        ]

    @property
    def has_substitute(self) -> bool:
        return bool(self.substitute_name)


class AbsenceLetter(models.Model):
    """The letter an absence triggered; one per absence, so running the job again sends nothing new."""

    attendance = models.OneToOneField(Attendance, on_delete=models.CASCADE, related_name="absence_letter")
    number = models.PositiveSmallIntegerField(_("absences in the window"))
    committee_notified = models.BooleanField(default=False)
    sent_at = models.DateTimeField(auto_now_add=True)


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
    email = models.EmailField(_("email address"))
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
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("visitor")
        verbose_name_plural = _("visitors")
        ordering = ["-meeting__starts_at", "first_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "meeting", name="one_registration_per_visitor_per_meeting"
            )
        ]
        indexes = [models.Index(fields=["chapter", "status"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class CalendarToken(models.Model):
    """The secret in a calendar feed URL; for a chapter or for one member."""

    token = models.CharField(max_length=64, unique=True)
    chapter = models.OneToOneField(
        Chapter, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_token"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_token",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(chapter__isnull=True) ^ models.Q(user__isnull=True),
                name="calendar_token_for_chapter_or_user",
            )
        ]


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
