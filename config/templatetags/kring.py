"""Template helpers available in every template (registered as builtins in settings)."""

import re
from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext

from config.amounts import eur

register = template.Library()
register.filter("eur", eur)


@register.filter
def can(access, capability: str) -> bool:
    """`{% if access|can:"run_meeting" %}`: the capability check templates share with views."""
    return bool(access) and access.can(capability)


@register.simple_tag(takes_context=True)
def active_if(context, *url_names: str) -> str:
    match = getattr(context.get("request"), "resolver_match", None)
    return "active" if match and match.view_name in url_names else ""


@register.simple_tag(takes_context=True)
def page_query(context, number: int, param: str = "page") -> str:
    """`?...&page=3` for a list's pagination, keeping the other parameters (a page with two lists
    names its second one's parameter)."""
    query = context["request"].GET.copy()
    query[param or "page"] = number
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def offline_config(context) -> dict:
    """What static/js/offline.js needs: the worker, who is logged in, and the forms that work offline."""
    user = context.get("user")
    logged_in = bool(user and user.is_authenticated)
    return {
        "worker": reverse("service_worker"),
        "user": user.pk if logged_in else None,
        "logout": reverse("logout"),
        "login": reverse("login"),
        "forms": {
            reverse("referral_create"): gettext("Referral"),
            reverse("thank_you_create"): gettext("Thank-you"),
            reverse("one_to_one_create"): gettext("One-to-one"),
        },
    }


DECIMAL_IN_TEXT = re.compile(r"(?<![\d.,])\d+\.\d+(?![\d.,])")


@register.filter(is_safe=True)
def localized_numbers(text) -> str:
    """Decimals inside stored text (an audit value "719.95", a band ">= 0.5") in the active
    language's notation: "719,95" in Dutch, as every other number on the page."""
    return DECIMAL_IN_TEXT.sub(lambda found: number_format(Decimal(found.group(0))), str(text))
