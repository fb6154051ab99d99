"""Form fields shared by the member forms: classifications and members of a chapter."""

from django import forms

from chapters.models import Chapter
from members.models import Classification, User
from members.selectors.memberships import current_members


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _classification_choices():
    return Classification.objects.select_related("category").order_by("category__name_nl", "name_nl")


class ClassificationField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Classification) -> str:
        return f"{obj.name} ({obj.category.name})"


def _current_members(chapter: Chapter):
    return current_members(chapter).order_by("first_name", "last_name")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.company})" if obj.company else obj.full_name
