"""The thank-you (TYFCB) form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.forms.fields import AmountField, BoundedDateField
from members.models import User
from referrals.forms.referrals import IdempotentForm
from referrals.models import Referral, ThankYou


class ThankYouForm(IdempotentForm):
    thanked = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Who brought you the business?"),
        required=False,
        empty_label=_("The chapter in general (former member, substitute)"),
    )
    referral = forms.ModelChoiceField(
        queryset=Referral.objects.none(), required=False, widget=forms.HiddenInput
    )
    amount = AmountField(
        label=_("Amount in euros (excl. VAT)"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    business_type = forms.ChoiceField(
        label=_("New or repeat business"),
        choices=ThankYou.BusinessType.choices,
        initial=ThankYou.BusinessType.NEW,
        widget=forms.RadioSelect,
    )
    closed_on = BoundedDateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    another_payment = forms.BooleanField(
        label=_("Another payment for the same business (the referral was thanked already)"), required=False
    )

    def __init__(self, *args, members=None, referrals=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("closed_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["thanked"].queryset = members if members is not None else User.objects.none()
        self.fields["referral"].queryset = referrals if referrals is not None else Referral.objects.none()

    def clean_closed_on(self):
        closed_on = self.cleaned_data["closed_on"]
        if closed_on > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return closed_on
