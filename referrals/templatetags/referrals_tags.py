from django import template
from django.utils.translation import gettext_lazy as _

from referrals.selectors.home import unread_notice_count

register = template.Library()

MEMBER_TOTAL_ROWS = [
    ("given_inside", _("Referrals given inside the chapter")),
    ("given_outside", _("Referrals given outside the chapter")),
    ("received_inside", _("Referrals received inside the chapter")),
    ("received_outside", _("Referrals received from outside the chapter")),
    ("given_recommended", _("Of the referrals I gave: recommended from experience")),
    ("received_recommended", _("Of the referrals I received: recommended from experience")),
    ("thanks_received", _("TYFCB thanked to me (business I brought)")),
    ("thanks_given", _("TYFCB I thanked (business I closed)")),
    ("one_to_ones", _("One-to-ones")),
]
CHAPTER_TOTAL_ROWS = [
    ("given_inside", _("Referrals given inside the chapter")),
    ("given_outside", _("Referrals given to other chapters")),
    ("received_outside", _("Referrals received from other chapters")),
    ("thanks", _("TYFCB (closed business)")),
    ("one_to_ones", _("One-to-ones")),
]


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def member_total_rows():
    return MEMBER_TOTAL_ROWS


@register.simple_tag
def chapter_total_rows():
    return CHAPTER_TOTAL_ROWS


@register.simple_tag(takes_context=True)
def unread_notices(context) -> int:
    """Unread in-app notices of the logged-in member, for the badge in the navigation.

    Counted with the request's membership (members.selectors.memberships.membership_terms); a view that
    changes the count before rendering passes `unread_notice_count` itself.
    """
    if "unread_notice_count" in context:
        return context["unread_notice_count"]
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return 0
    membership = getattr(request, "membership", None)
    if membership is not None and hasattr(membership, "unread_notices"):
        return membership.unread_notices
    return unread_notice_count(request.user)
