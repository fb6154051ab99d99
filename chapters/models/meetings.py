"""Meetings, their agendas and rotas, and the calendar feed tokens."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chapters.models.organisation import Chapter


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
    # What the leaders aim for this week; the runner's closing screen shows the result against it.
    goal_visitors = models.PositiveSmallIntegerField(_("goal: visitors"), null=True, blank=True)
    goal_referrals = models.PositiveSmallIntegerField(_("goal: slips passed"), null=True, blank=True)
    goal_one_to_ones = models.PositiveSmallIntegerField(_("goal: one-to-ones"), null=True, blank=True)

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

    @property
    def actual_seconds(self) -> int | None:
        """How long the section really took in the runner (None: not run to its end)."""
        if self.started_at is None or self.ended_at is None:
            return None
        return int((self.ended_at - self.started_at).total_seconds())

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


class CalendarToken(models.Model):
    """The secret in a calendar feed URL, always one member's.

    Without a chapter: the member's personal feed (their meetings and turns). With a chapter: their
    link to that chapter's feed (venues, online links), which answers only while they are a current
    member of it, so a member who leaves takes no working link along. A member renews both.
    """

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_tokens"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(chapter__isnull=True), name="one_personal_calendar_token"
            ),
            models.UniqueConstraint(fields=["user", "chapter"], name="one_chapter_calendar_token_per_member"),
        ]
