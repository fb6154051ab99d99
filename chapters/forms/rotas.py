"""Forms for the presentation rotas."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chapters.models import (
    Chapter,
)
from members.models import User
from members.selectors.memberships import current_members


class RotaSwapForm(forms.Form):
    first = forms.IntegerField(widget=forms.HiddenInput)
    second = forms.IntegerField(label=_("Swap with"))


class RotaAssignForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = current_members(chapter).order_by("first_name", "last_name")
