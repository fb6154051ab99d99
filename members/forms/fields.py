"""Form fields shared by all forms: dates within sensible bounds, amounts in euros, classifications,
members of a chapter."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chapters.models import Chapter
from config.amounts import parse_amount
from members.models import Classification, User
from members.selectors.memberships import current_members


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


# No chapter, term or slip is older than this; nothing is planned further ahead than YEARS_AHEAD.
EARLIEST_DATE = datetime.date(1980, 1, 1)
YEARS_AHEAD = 10


def latest_date() -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year + YEARS_AHEAD, day=min(today.day, 28))


class BoundedDateField(forms.DateField):
    """A date between EARLIEST_DATE and YEARS_AHEAD years from today: every form's date field.

    Dates such as 0001-01-01 or 9999-12-31 are refused with a message instead of overflowing in a
    report or a calendar later on.
    """

    default_error_messages = {
        "too_early": _("Enter a date from %(date)s on."),
        "too_late": _("Enter a date up to %(date)s."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        if value < EARLIEST_DATE:
            raise ValidationError(
                self.error_messages["too_early"],
                code="too_early",
                params={"date": date_format(EARLIEST_DATE)},
            )
        latest = latest_date()
        if value > latest:
            raise ValidationError(
                self.error_messages["too_late"], code="too_late", params={"date": date_format(latest)}
            )


class AmountField(forms.CharField):
    """Euros typed the Dutch or the English way ("1.234,56", "1234"); the active language settles "1.234"."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return parse_amount(value, get_language() or "nl")


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
