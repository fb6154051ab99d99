"""Forms for the attendance record and announced absences."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chapters.models import (
    AbsenceNotice,
    Attendance,
    AttendanceStatus,
    Chapter,
    Meeting,
)


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(label=_("Attendance"), choices=AttendanceStatus.choices)
    substitute_name = forms.CharField(label=_("Substitute's name"), max_length=160, required=False)
    substitute_email = forms.EmailField(
        label=_("Substitute's email"),
        max_length=Attendance._meta.get_field("substitute_email").max_length,
        required=False,
    )
    reason = forms.CharField(label=_("Reason for the correction"), max_length=500, required=False)

    def __init__(self, *args, completed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if completed:
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == AttendanceStatus.SUBSTITUTE and not cleaned.get("substitute_name"):
            self.add_error("substitute_name", _("Give the substitute's name."))
        return cleaned


def open_meetings(chapter: Chapter, *, weeks: int):
    """Meetings one can still sign up or announce an absence for (a filter, not a slice: choices must validate)."""
    now = timezone.now()
    return (
        chapter.meetings.filter(
            starts_at__gt=now,
            starts_at__lte=now + datetime.timedelta(weeks=weeks),
            status=Meeting.Status.SCHEDULED,
        )
        .select_related("chapter")
        .order_by("starts_at")
    )


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting: Meeting) -> str:
        from django.utils.formats import date_format

        local = timezone.localtime(meeting.starts_at, meeting.chapter.zone)
        return f"{date_format(local, 'l j F Y')} {local:%H:%M}"


class AbsenceNoticeForm(forms.Form):
    meeting = MeetingChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())
    substitute_name = forms.CharField(
        label=_("Substitute's name"),
        max_length=160,
        required=False,
        help_text=_("Someone outside the chapter who comes in your place. Leave empty if nobody comes."),
    )
    substitute_email = forms.EmailField(
        label=_("Substitute's email"),
        max_length=AbsenceNotice._meta.get_field("substitute_email").max_length,
        required=False,
    )

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = open_meetings(chapter, weeks=12)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("substitute_email") and not cleaned.get("substitute_name"):
            self.add_error("substitute_name", _("Give the substitute's name."))
        return cleaned
