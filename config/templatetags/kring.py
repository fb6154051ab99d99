"""Template helpers available in every template (registered as builtins in settings)."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

register = template.Library()


@register.filter
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


@register.filter
def can(access, capability: str) -> bool:
    """`{% if access|can:"run_meeting" %}`: the capability check templates share with views."""
    return bool(access) and access.can(capability)


@register.simple_tag(takes_context=True)
def active_if(context, *url_names: str) -> str:
    match = getattr(context.get("request"), "resolver_match", None)
    return "active" if match and match.view_name in url_names else ""
