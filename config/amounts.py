"""Amounts in euros: shown in the reader's language, and read as people type them:
Dutch "1.234,56", English "1,234.56", "€ 1.234", "1234".

As typed: Dutch "1.234,56", English "1,234.56", "€ 1.234", "1234".

A lone separator followed by exactly three digits ("1.234", "1,234") is ambiguous; the active
language decides: in Dutch the dot groups thousands, in English the comma does.
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

MAX_AMOUNT = Decimal("10000000")
_NOISE = re.compile(r"[\s\u00a0\u202f'€]|eur(o|os)?", re.IGNORECASE)
_GROUPED = re.compile(r"^\d{1,3}(?:X\d{3})+$")


def _invalid() -> ValidationError:
    return ValidationError(
        _("Enter an amount in euros, for example 1.234,56 or 1234."), code="invalid_amount"
    )


def _grouped_integer(text: str, separator: str) -> str:
    if not _GROUPED.match(text.replace(separator, "X")):
        raise _invalid()
    return text.replace(separator, "")


def parse_amount(text: str, language: str = "nl") -> Decimal:
    """The amount in `text` as a Decimal with two places, or a ValidationError saying what is wrong."""
    cleaned = _NOISE.sub("", text or "")
    if cleaned.startswith("-") or cleaned.endswith("-"):
        raise ValidationError(_("The amount must be more than zero."), code="not_positive")
    if cleaned.startswith("+"):
        cleaned = cleaned[1:]
    if not cleaned or not re.fullmatch(r"\d[\d.,]*", cleaned) or cleaned[-1] in ".,":
        raise _invalid()

    dots, commas = cleaned.count("."), cleaned.count(",")
    if dots and commas:
        decimal_separator = "." if cleaned.rfind(".") > cleaned.rfind(",") else ","
    elif dots + commas == 0:
        decimal_separator = None
    elif dots > 1 or commas > 1:
        decimal_separator = None  # "1.234.567": only grouping
    else:
        separator = "." if dots else ","
        digits_after = len(cleaned) - cleaned.rfind(separator) - 1
        if digits_after == 3 and separator == ("." if language == "nl" else ","):
            decimal_separator = None  # "1.234" in Dutch, "1,234" in English
        else:
            decimal_separator = separator

    if decimal_separator is None:
        whole, fraction = cleaned, ""
    else:
        whole, fraction = cleaned.rsplit(decimal_separator, 1)
        if not fraction.isdigit():
            raise _invalid()
    group_separator = {".": ",", ",": "."}.get(decimal_separator or "")
    separators_in_whole = {ch for ch in whole if not ch.isdigit()}
    if len(separators_in_whole) > 1 or (
        separators_in_whole and decimal_separator and separators_in_whole != {group_separator}
    ):
        raise _invalid()
    if separators_in_whole:
        whole = _grouped_integer(whole, separators_in_whole.pop())
    if len(fraction) > 2:
        raise ValidationError(_("Use at most two decimals (whole cents)."), code="too_many_decimals")

    try:
        amount = Decimal(f"{whole}.{fraction or '0'}")
    except InvalidOperation as error:
        raise _invalid() from error
    if not amount.is_finite():
        raise _invalid()
    if amount <= 0:
        raise ValidationError(_("The amount must be more than zero."), code="not_positive")
    if amount > MAX_AMOUNT:
        raise ValidationError(_("That is more than € 10.000.000: please check the amount."), code="too_large")
    return amount.quantize(Decimal("0.01"))


def eur(value, decimals: int = 2) -> str:
    """Format an amount in euros for the active language: "€ 1.234,56" (nl) or "€1,234.56" (en)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    formatted = number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    if formatted.startswith("-"):
        return f"-€ {formatted[1:]}" if get_language() == "nl" else f"-€{formatted[1:]}"
    return f"€ {formatted}" if get_language() == "nl" else f"€{formatted}"
