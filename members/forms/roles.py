"""Assigning leadership roles and creating custom ones."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chapters.models import Chapter
from members.capabilities import Capability
from members.forms.fields import BoundedDateField, DateInput, MemberChoiceField, _current_members
from members.models import Role, User


class RoleAssignForm(forms.Form):
    role = forms.ModelChoiceField(queryset=Role.objects.none(), label=_("Role"))
    user = MemberChoiceField(queryset=User.objects.none(), label=_("Member"))
    starts_on = BoundedDateField(label=_("From"), widget=DateInput())
    ends_on = BoundedDateField(label=_("Until"), widget=DateInput(), required=False)

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = Role.objects.filter(Q(chapter=None) | Q(chapter=chapter)).order_by(
            "sort_order", "name_nl"
        )
        self.fields["user"].queryset = _current_members(chapter)
        self.initial.setdefault("starts_on", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date must be on or after the start date."))
        return cleaned


class RoleCreateForm(forms.Form):
    name_nl = forms.CharField(label=_("Name (Dutch)"), max_length=120)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120)
    capabilities = forms.MultipleChoiceField(
        label=_("May do"), choices=Capability.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
