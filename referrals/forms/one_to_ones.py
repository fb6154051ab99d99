"""Forms for one-to-ones."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.forms.fields import BoundedDateField
from members.models import User
from referrals.forms.referrals import IdempotentForm
from referrals.models import OneToOne
from referrals.services.one_to_ones import ONE_TO_ONE_TEXT_FIELDS


class OneToOneForm(IdempotentForm):
    partner = forms.ModelChoiceField(queryset=User.objects.none(), label=_("With"))
    met_on = BoundedDateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    what_i_offer = forms.CharField(
        label=_("What I offer"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    what_i_need = forms.CharField(
        label=_("What I need"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    why_this_partner = forms.CharField(
        label=_("Why this partner"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    how_we_add_value = forms.CharField(
        label=_("How we can add value to each other"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    follow_up = forms.CharField(
        label=_("Follow-up actions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, partners=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("met_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners if partners is not None else User.objects.none()


class OneToOneOutcomeForm(forms.ModelForm):
    class Meta:
        model = OneToOne
        fields = list(ONE_TO_ONE_TEXT_FIELDS)
        widgets = {field: forms.Textarea(attrs={"rows": 2}) for field in fields}
