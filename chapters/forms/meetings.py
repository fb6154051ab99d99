"""Forms for the chapter's settings and its meetings."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chapters.models import (
    Chapter,
    Meeting,
)
from chapters.selectors.agenda import format_seconds
from members.forms.fields import BoundedDateField, DateInput

DURATION_PATTERN = re.compile(r"^\s*(?:(\d{1,3}):)?(\d{1,5})\s*$")


def parse_duration(value: str) -> int:
    """'5:00' -> 300, '45' -> 45 seconds, '1:30' -> 90. Raises ValueError otherwise."""
    match = DURATION_PATTERN.match(value or "")
    if not match:
        raise ValueError(value)
    minutes, seconds = match.groups()
    if minutes is not None and int(seconds) >= 60:
        raise ValueError(value)
    return int(minutes or 0) * 60 + int(seconds)


class DurationField(forms.Field):
    """Minutes and seconds as m:ss (or plain seconds); always more than zero."""

    default_error_messages = {
        "invalid": _("Enter a duration as minutes:seconds, for example 5:00 or 0:45."),
        "not_positive": _("A duration must be longer than zero."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"maxlength": 9, "placeholder": "m:ss"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return format_seconds(value)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value)
        if value.strip().startswith("-"):
            raise ValidationError(self.error_messages["not_positive"], code="not_positive")
        try:
            seconds = parse_duration(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if seconds <= 0:
            raise ValidationError(self.error_messages["not_positive"], code="not_positive")
        return seconds


class ChapterSettingsForm(forms.ModelForm):
    class Meta:
        model = Chapter
        fields = [
            "meeting_weekday",
            "meeting_time",
            "meeting_duration_minutes",
            "venue",
            "online_url",
            "absence_limit",
            "absence_window",
            "absences_before_activation",
            "objection_window_days",
            "interview_required",
            "summary_hours_before",
            "contact_retention_months",
            "former_member_retention_months",
        ]
        widgets = {"meeting_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def clean_meeting_duration_minutes(self):
        minutes = self.cleaned_data["meeting_duration_minutes"]
        if not 15 <= minutes <= 600:
            raise ValidationError(_("A meeting lasts between 15 and 600 minutes."))
        return minutes

    def clean_summary_hours_before(self):
        hours = self.cleaned_data["summary_hours_before"]
        if hours is not None and not 1 <= hours <= 168:
            raise ValidationError(_("Send the summary between 1 and 168 hours (a week) before the meeting."))
        return hours

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Empty (or left out by an older form): the period stays as it is.
        for name in ("contact_retention_months", "former_member_retention_months"):
            self.fields[name].required = False

    def clean_contact_retention_months(self):
        months = self.cleaned_data["contact_retention_months"]
        return self.instance.contact_retention_months if months is None else months

    def clean_former_member_retention_months(self):
        months = self.cleaned_data["former_member_retention_months"]
        return self.instance.former_member_retention_months if months is None else months

    def clean_objection_window_days(self):
        days = self.cleaned_data["objection_window_days"]
        if days > 60:
            raise ValidationError(_("The objection window is at most 60 days."))
        return days


class MeetingForm(forms.Form):
    """Date, time and place of one meeting: for an extra meeting, or to move one."""

    date = BoundedDateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=15, max_value=600)
    venue = forms.CharField(
        label=_("Venue"), max_length=Meeting._meta.get_field("venue").max_length, required=False
    )
    online_url = forms.URLField(
        label=_("Online meeting link"),
        max_length=Meeting._meta.get_field("online_url").max_length,
        required=False,
    )
    reason = forms.CharField(
        label=_("Message to the members"),
        max_length=250,
        required=False,
        help_text=_("Members get an email with the new date and place, and this message."),
    )

    def __init__(self, *args, chapter: Chapter, meeting: Meeting | None = None, **kwargs):
        self.chapter = chapter
        if meeting is not None:
            local = timezone.localtime(meeting.starts_at, chapter.zone)
            kwargs.setdefault(
                "initial",
                {
                    "date": local.date(),
                    "time": local.time(),
                    "duration_minutes": int((meeting.ends_at - meeting.starts_at).total_seconds() // 60),
                    "venue": meeting.venue,
                    "online_url": meeting.online_url,
                },
            )
        else:
            kwargs.setdefault(
                "initial",
                {
                    "time": chapter.meeting_time,
                    "duration_minutes": chapter.meeting_duration_minutes,
                    "venue": chapter.venue,
                    "online_url": chapter.online_url,
                },
            )
        super().__init__(*args, **kwargs)
        if meeting is None:
            del self.fields["reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("time"):
            cleaned["starts_at"] = datetime.datetime.combine(
                cleaned["date"], cleaned["time"], tzinfo=self.chapter.zone
            )
            if cleaned["starts_at"] < timezone.now():
                self.add_error("date", _("Choose a moment in the future."))
        return cleaned

    def slot(self) -> dict:
        """When and where, as the schedule services take them."""
        return {
            key: self.cleaned_data[key] for key in ("starts_at", "duration_minutes", "venue", "online_url")
        }


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=250,
        help_text=_("For example: Christmas holiday. Members get an email."),
    )


class MeetingNotesForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 6})}


class MeetingGoalsForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["goal_visitors", "goal_referrals", "goal_one_to_ones"]
        widgets = {
            name: forms.NumberInput(attrs={"min": 0, "max": 999, "class": "form-control form-control-sm"})
            for name in fields
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.max_value = 999
            field.validators.append(MaxValueValidator(999))
