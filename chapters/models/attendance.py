"""Who was at a meeting, corrections to that record, announced absences and absence letters."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chapters.models.meetings import Meeting


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
