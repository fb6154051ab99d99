from django import forms
from django.utils.translation import gettext_lazy as _

from chapters.models import Chapter
from members.forms.fields import MemberChoiceField, _current_members
from members.models import OnboardingStep, User


class MentorForm(forms.Form):
    mentor = MemberChoiceField(
        queryset=User.objects.none(), label=_("Mentor"), empty_label=_("Choose a member")
    )

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = _current_members(chapter)


class OnboardingStepForm(forms.Form):
    title_nl = forms.CharField(label=_("Step (Dutch)"), max_length=200)
    title_en = forms.CharField(label=_("Step (English)"), max_length=200, required=False)
    due_days = forms.IntegerField(label=_("Due within (days)"), min_value=1, max_value=365, initial=30)
    owner = forms.ChoiceField(label=_("Ticked by"), choices=OnboardingStep.Owner.choices)
    blocks_rota = forms.BooleanField(label=_("Before rota duties"), required=False)
