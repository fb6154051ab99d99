from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members.forms.fields import BoundedDateField, DateInput


class PalmsImportForm(forms.Form):
    MAX_FILE_BYTES = 2 * 1024 * 1024
    start = BoundedDateField(label=_("Period from"), widget=DateInput())
    end = BoundedDateField(label=_("Period until"), widget=DateInput())
    file = forms.FileField(
        label=_("PALMS summary (XLSX or CSV)"),
        help_text=_(
            "One row per member: the name (or first and last name), optionally the email, and the "
            "columns P, A, L, M, S, RGI, RGO, RRI, RRO, V, 1-2-1, TYFCB, CEU, T."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_FILE_BYTES:
            raise ValidationError(_("The file is too large (at most 2 MB)."))
        return upload
