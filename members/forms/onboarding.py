from django import forms
from django.utils.translation import gettext_lazy as _

from chapters.models import Chapter
from members.forms.fields import MemberChoiceField, _current_members
from members.models import User


class MentorForm(forms.Form):
    mentor = MemberChoiceField(
        queryset=User.objects.none(), label=_("Mentor"), empty_label=_("Choose a member")
    )

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = _current_members(chapter)
