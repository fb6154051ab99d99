"""One row of a members import (members.csv_io), checked like a form.

The name, company, phone and website fields are the User model's own form fields, so their
max_length comes from the model. Messages name the CSV column, since that is what the person
importing sees in the spreadsheet.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from members.forms.fields import BoundedDateField
from members.models import Classification, User
from members.selectors.imports import ImportLookups

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")

_user_fields = forms.fields_for_model(User, fields=["first_name", "last_name", "company", "phone", "website"])


def _website_field() -> forms.CharField:
    # A plain text field with the model's length: the scheme is added (and checked) in clean_website.
    return forms.CharField(max_length=_user_fields["website"].max_length, required=False)


def _date_field() -> forms.DateField:
    return BoundedDateField(input_formats=DATE_FORMATS, required=False)


class MemberImportRowForm(forms.Form):
    email = forms.CharField(required=False)
    first_name = _user_fields["first_name"]
    last_name = _user_fields["last_name"]
    company = _user_fields["company"]
    phone = _user_fields["phone"]
    website = _website_field()
    classification = forms.CharField(required=False)
    starts_on = _date_field()
    renewal_due_on = _date_field()
    sponsor_email = forms.CharField(required=False)

    def __init__(self, data: dict[str, str], *, line: int, lookups: ImportLookups, extra_cells: bool = False):
        super().__init__(data)
        self.line = line
        self.lookups = lookups
        self.extra_cells = extra_cells
        for name, field in self.fields.items():
            field.error_messages = {**field.error_messages, **self._messages(name, field)}

    def _messages(self, name: str, field: forms.Field) -> dict[str, str]:
        messages = {"required": _("%(column)s is empty") % {"column": name}}
        if getattr(field, "max_length", None):
            messages["max_length"] = _("%(column)s is longer than %(max)s characters") % {
                "column": name,
                "max": field.max_length,
            }
        if isinstance(field, forms.DateField):
            # No params go with this error, so the raw value cannot trip %-formatting.
            messages["invalid"] = _("“%(value)s” is not a date (use YYYY-MM-DD)") % {"value": self._raw(name)}
        return messages

    def _raw(self, name: str) -> str:
        return (self.data.get(name) or "").strip()

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        try:
            EmailValidator()(email)
        except ValidationError:
            raise ValidationError(_("“%(value)s” is not a valid email address") % {"value": email}) from None
        seen = self.lookups.seen_emails
        first_line = seen.setdefault(email, self.line)
        if email in self.lookups.existing_emails:
            raise ValidationError(
                _("an account with the email address %(value)s already exists") % {"value": email}
            )
        if first_line != self.line:
            raise ValidationError(
                _("the email address %(value)s is also on line %(line)s")
                % {"value": email, "line": first_line}
            )
        return email

    def clean_website(self) -> str:
        website = self.cleaned_data["website"]
        if not website:
            return ""
        if "://" not in website:
            website = f"https://{website}"
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            raise ValidationError(
                _("“%(value)s” is not a valid website address") % {"value": self._raw("website")}
            ) from None
        return website

    def clean_classification(self) -> Classification:
        raw = self.cleaned_data["classification"]
        classification = self.lookups.classifications.get(raw.lower())
        if classification is None:
            raise ValidationError(_("unknown classification “%(value)s”") % {"value": raw})
        first_line = self.lookups.seen_classifications.setdefault(classification.pk, self.line)
        if classification.pk in self.lookups.taken_classification_ids:
            raise ValidationError(
                _("the classification %(name)s is already taken in this chapter")
                % {"name": classification.name}
            )
        if first_line != self.line:
            raise ValidationError(
                _("the classification %(name)s is also on line %(line)s")
                % {"name": classification.name, "line": first_line}
            )
        return classification

    def clean_starts_on(self):
        return self.cleaned_data["starts_on"] or timezone.localdate()

    def clean_renewal_due_on(self):
        renewal_due_on = self.cleaned_data["renewal_due_on"]
        # A start date that did not parse counts as today, as it would on import.
        starts_on = self.cleaned_data.get("starts_on") or timezone.localdate()
        if renewal_due_on and renewal_due_on <= starts_on:
            raise ValidationError(_("the renewal date must be after the start date"))
        return renewal_due_on

    def clean_sponsor_email(self) -> User | None:
        sponsor_email = self.cleaned_data["sponsor_email"].lower()
        if not sponsor_email:
            return None
        sponsor = self.lookups.sponsors.get(sponsor_email)
        if sponsor is None:
            raise ValidationError(
                _("the sponsor %(value)s is not a current member of this chapter") % {"value": sponsor_email}
            )
        return sponsor

    def clean(self):
        if self.extra_cells:
            raise ValidationError(_("more cells than columns in the header"))
        return self.cleaned_data

    def problems(self) -> str:
        """The row's errors in one line, the whole row's first and then column by column."""
        messages = list(self.non_field_errors())
        for name in self.fields:
            messages.extend(self.errors.get(name, []))
        return "; ".join(messages)
