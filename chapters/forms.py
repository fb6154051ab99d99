import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chapters import selectors
from chapters.models import (
    AgendaTemplate,
    AgendaTemplateItem,
    AttendanceStatus,
    Chapter,
    Meeting,
    MeetingAgendaItem,
    Visitor,
)
from members.forms import DateInput
from members.models import Role, User

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
            return selectors.format_seconds(value)
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
        ]
        widgets = {"meeting_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def clean_meeting_duration_minutes(self):
        minutes = self.cleaned_data["meeting_duration_minutes"]
        if not 15 <= minutes <= 600:
            raise ValidationError(_("A meeting lasts between 15 and 600 minutes."))
        return minutes


class MeetingForm(forms.Form):
    """Date, time and place of one meeting: for an extra meeting, or to move one."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=15, max_value=600)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Online meeting link"), required=False)
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


class AgendaTemplateForm(forms.ModelForm):
    class Meta:
        model = AgendaTemplate
        fields = ["name", "is_default"]

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.chapter = chapter

    def clean_name(self):
        name = self.cleaned_data["name"]
        clash = self.instance.chapter.agenda_templates.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("There is already an agenda template with this name."))
        return name


def _role_choices(chapter: Chapter):
    return Role.objects.filter(Q(chapter__isnull=True) | Q(chapter=chapter))


class AgendaItemForm(forms.ModelForm):
    planned = DurationField(
        label=_("Duration (m:ss)"),
        help_text=_("For the members' round: the time per member."),
    )

    class Meta:
        fields = ["order", "title", "kind", "planned", "responsible_role"]

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_role"].queryset = _role_choices(chapter)
        self.fields["order"].widget.attrs["min"] = 0
        if self.instance.pk:
            self.initial["planned"] = self.instance.planned_seconds

    def save(self, commit=True):
        self.instance.planned_seconds = self.cleaned_data["planned"]
        return super().save(commit)


class TemplateItemForm(AgendaItemForm):
    class Meta(AgendaItemForm.Meta):
        model = AgendaTemplateItem


class MeetingItemForm(AgendaItemForm):
    class Meta(AgendaItemForm.Meta):
        model = MeetingAgendaItem


def agenda_formset(model, form, *, extra: int = 2):
    return forms.inlineformset_factory(
        AgendaTemplate if model is AgendaTemplateItem else Meeting,
        model,
        form=form,
        fields=["order", "title", "kind", "responsible_role"],
        extra=extra,
        can_delete=True,
    )


TemplateItemFormSet = agenda_formset(AgendaTemplateItem, TemplateItemForm)
MeetingItemFormSet = agenda_formset(MeetingAgendaItem, MeetingItemForm)


class RotaSwapForm(forms.Form):
    first = forms.IntegerField(widget=forms.HiddenInput)
    second = forms.IntegerField(label=_("Swap with"))


class RotaAssignForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = selectors.current_members(chapter).order_by(
            "first_name", "last_name"
        )


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(label=_("Attendance"), choices=AttendanceStatus.choices)
    substitute_name = forms.CharField(label=_("Substitute's name"), max_length=160, required=False)
    substitute_email = forms.EmailField(label=_("Substitute's email"), required=False)
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
    substitute_email = forms.EmailField(label=_("Substitute's email"), required=False)

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = open_meetings(chapter, weeks=12)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("substitute_email") and not cleaned.get("substitute_name"):
            self.add_error("substitute_name", _("Give the substitute's name."))
        return cleaned


class VisitorRegistrationForm(forms.Form):
    meeting = MeetingChoiceField(label=_("Which meeting?"), queryset=Meeting.objects.none())
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=120)
    company = forms.CharField(label=_("Company"), max_length=160)
    profession = forms.CharField(label=_("Profession"), max_length=160)
    email = forms.EmailField(label=_("Email address"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    invited_by = forms.ModelChoiceField(
        label=_("Who invited you?"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody / I found you myself"),
    )
    consent = forms.BooleanField(
        label=_("I agree that the chapter stores these details to welcome me and to follow up my visit."),
    )
    # A field people never see (hidden by CSS); bots fill every field they find.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = open_meetings(chapter, weeks=8)
        self.fields["invited_by"].queryset = selectors.current_members(chapter).order_by(
            "first_name", "last_name"
        )
        self.fields["invited_by"].label_from_instance = lambda user: user.full_name
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))


class VisitorCheckInForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of guest"), choices=Visitor.Kind.choices)


class VisitorUpdateForm(forms.ModelForm):
    class Meta:
        model = Visitor
        fields = ["status", "follow_up_by", "follow_up_due", "notes"]
        widgets = {
            "follow_up_due": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up_by"].queryset = selectors.current_members(chapter).order_by(
            "first_name", "last_name"
        )
