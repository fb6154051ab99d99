"""A member's own profile, photo and weekly ask, and the directory search."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import PROFILE_FIELDS, PROFILE_TEXT_FIELDS, User
from members.photos import process_photo


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = PROFILE_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in PROFILE_TEXT_FIELDS}
        help_texts = {
            "gains_goals": _("What you want to achieve in business (and outside it) this year."),
            "gains_accomplishments": _("Projects and results you are proud of."),
            "gains_interests": _("Hobbies and what you like to talk about over coffee."),
            "gains_networks": _(
                "Organisations, sectors and clubs where you know people: members search this to find who knows whom."
            ),
            "gains_skills": _("What you are good at."),
            "offer": _("Your products and services in a few sentences."),
            "ideal_referral": _("Who exactly should members introduce you to?"),
        }


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("A JPEG, PNG or WebP image, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_photo(self):
        return process_photo(self.cleaned_data["photo"])


class WeeklyAskForm(forms.Form):
    weekly_ask = forms.CharField(
        label=_("My ask this week"),
        max_length=280,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    ask_who = forms.CharField(
        label=_("Whom exactly?"),
        help_text=_("Role, kind of company, area: “facility managers of offices with 50+ staff in Utrecht”."),
        max_length=200,
        required=False,
    )
    ask_why = forms.CharField(label=_("Why them?"), max_length=280, required=False)
    ask_intro = forms.CharField(
        label=_("What to say when you introduce me"),
        max_length=280,
        required=False,
    )


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    knows = forms.CharField(label=_("Knows people at"), required=False, max_length=100)
    region = forms.BooleanField(label=_("Whole region"), required=False)
