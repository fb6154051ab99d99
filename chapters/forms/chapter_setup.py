"""A region admin's form for a new chapter and its first leaders."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chapters.models import WEEKDAYS, Chapter
from members.forms.fields import ClassificationField, _classification_choices
from members.models import Membership, Role, User


class ChapterCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    slug = forms.SlugField(
        label=_("Web address"),
        max_length=80,
        help_text=_("Lower case letters, digits and dashes, e.g. zeist-centrum."),
    )
    city = forms.CharField(label=_("City"), max_length=120)
    meeting_weekday = forms.TypedChoiceField(label=_("Meeting day"), choices=WEEKDAYS, coerce=int, initial=1)
    meeting_time = forms.TimeField(
        label=_("Meeting time"), initial="07:00", widget=forms.TimeInput(attrs={"type": "time"})
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if Chapter.objects.filter(slug=slug).exists():
            raise ValidationError(_("This web address is already in use."))
        return slug


class LeaderForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=120)
    email = forms.EmailField(label=_("Email address"), max_length=User._meta.get_field("email").max_length)
    classification = ClassificationField(queryset=_classification_choices(), label=_("Classification"))

    def __init__(self, *args, role: Role, **kwargs):
        super().__init__(*args, **kwargs)
        self.role = role
        self.optional = role.code != "president"
        if self.optional:
            for field in self.fields.values():
                field.required = False

    def is_filled(self) -> bool:
        return any(self.cleaned_data.get(name) for name in ("first_name", "last_name", "email"))

    def clean_email(self):
        email = self.cleaned_data.get("email", "").lower()
        if email and Membership.objects.current().filter(user__email__iexact=email).exists():
            raise ValidationError(_("This person is already a member of a chapter."))
        return email

    def clean(self):
        cleaned = super().clean()
        if self.optional and self.is_filled():
            for name, field in self.fields.items():
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, field.error_messages["required"])
        return cleaned
