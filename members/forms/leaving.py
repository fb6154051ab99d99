"""Leaving the chapter, and pseudonymising a former member: both say what happens and ask to confirm."""

from django import forms
from django.utils.translation import gettext_lazy as _


class LeaveChapterForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you leave?"),
        max_length=500,
        help_text=_("Kept with your term, for the chapter's leadership."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I understand: my membership ends today and I can no longer log in.")
    )


class PseudonymiseForm(forms.Form):
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."))
