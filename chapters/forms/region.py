"""The region admin's choice of scoring scheme and traffic-light bands."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy

from chapters import schemes
from chapters.models import Region, ScoringScheme, ScoringWindow


class SchemeChoiceForm(forms.Form):
    scheme = forms.ModelChoiceField(
        queryset=ScoringScheme.objects.none(), label=gettext_lazy("Scoring scheme")
    )
    window = forms.ChoiceField(label=gettext_lazy("Window"), choices=ScoringWindow.choices)
    definition = forms.JSONField(
        label=gettext_lazy("Table (points, thresholds and colours)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "font-monospace"}),
        help_text=gettext_lazy("Leave empty to use the chosen scheme's table as it is."),
    )
    chapter_bands = forms.JSONField(
        label=gettext_lazy("Chapter traffic light (bands and colours)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "font-monospace"}),
        help_text=gettext_lazy("Leave empty to use the standard bands shown on the chapter traffic light."),
    )

    def clean_chapter_bands(self):
        bands = self.cleaned_data["chapter_bands"]
        if bands:
            schemes.validate_chapter_bands(bands)
        return bands or {}

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = ScoringScheme.objects.filter(Q(region=None) | Q(region=region))
