"""The treasurer's forms: a fee per term length, and recording a payment."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.forms.fields import AmountField, BoundedDateField
from members.models import DuesLine


class DuesRateForm(forms.Form):
    term_months = forms.IntegerField(label=_("Term length (months)"), min_value=1, max_value=60, initial=12)
    amount = AmountField(
        label=_("Fee excluding VAT (EUR)"), widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    vat_rate = forms.DecimalField(
        label=_("VAT rate (%)"), min_value=0, max_value=100, decimal_places=2, initial=21
    )


class MarkPaidForm(forms.Form):
    paid_on = BoundedDateField(label=_("Paid on"))
    method = forms.ChoiceField(label=_("Payment method"), choices=DuesLine.Method.choices)
    reference = forms.CharField(
        label=_("Reference"),
        max_length=120,
        required=False,
        help_text=_("For example the bank statement line."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()
        self.fields["method"].initial = DuesLine.Method.TRANSFER
