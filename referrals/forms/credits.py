from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.forms.fields import BoundedDateField, DateInput
from members.models import User


class EducationCreditForm(forms.Form):
    what = forms.CharField(
        label=_("What did you learn from?"),
        max_length=200,
        help_text=_("A course, a podcast, a book chapter, the education moment."),
    )
    earned_on = BoundedDateField(label=_("Date"), initial=timezone.localdate, widget=DateInput())

    def clean_earned_on(self):
        day = self.cleaned_data["earned_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class TestimonialForm(forms.Form):
    given_to = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("For"),
        error_messages={"invalid_choice": _("Choose a current member of your chapter.")},
    )
    given_on = BoundedDateField(label=_("Date"), initial=timezone.localdate, widget=DateInput())
    text = forms.CharField(
        label=_("What you said (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_to"].queryset = members

    def clean_given_on(self):
        day = self.cleaned_data["given_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day
