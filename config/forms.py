"""What every app's forms share."""

from django import forms
from django.core.exceptions import ValidationError


def add_errors(form: forms.BaseForm, error: ValidationError, field: str | None = None) -> None:
    """A service's refusal on the form: each of its messages, at the top of the form or at `field`."""
    for message in error.messages:
        form.add_error(field, message)
