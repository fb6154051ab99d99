"""Template helpers available in every template (registered as builtins in settings)."""

from django import template

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
