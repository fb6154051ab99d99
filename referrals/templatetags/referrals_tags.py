from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
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


# A slip's badges, drawn in Python rather than by an {% include %} each: the board and the lists
# show one line per slip, and three includes a line were most of those pages' rendering time.


@register.simple_tag
def temperature_dots(referral) -> SafeString:
    """The giver's effort as five dots, the first `temperature` of them lit."""
    dots = format_html_join(
        "",
        '<span class="temperature-dot{}"></span>',
        ((" on" if level <= referral.temperature else "",) for level in range(1, 6)),
    )
    return format_html(
        '<span class="temperature" title="{}" aria-label="{}">{}</span>',
        gettext("Temperature: the giver’s effort, 1 to 5"),
        gettext("Temperature %(level)s of 5") % {"level": referral.temperature},
        dots,
    )


@register.simple_tag
def status_badge(referral) -> SafeString:
    """Where the slip stands; a third party's slip says first whether the contact has agreed."""
    if referral.status == "new" and referral.is_waiting_for_contact:
        return format_html(
            '<span class="badge text-bg-info" data-testid="waiting-for-contact">{}</span>',
            gettext("Waiting for the contact's yes"),
        )
    if referral.status == "new" and referral.is_lead:
        return format_html(
            '<span class="badge text-bg-warning">{}</span>', gettext("Introduction still to ask")
        )
    return format_html(
        '<span class="badge status-{}">{}</span>', referral.status, referral.get_status_display()
    )


@register.simple_tag
def recommendation_badge(referral) -> SafeString:
    """Recommended from own experience, or merely introduced."""
    if referral.recommendation == "recommend":
        return format_html(
            '<span class="badge text-bg-success" data-testid="recommendation-badge">{}</span>',
            gettext("Recommended from experience"),
        )
    return format_html(
        '<span class="badge text-bg-light border" data-testid="recommendation-badge">{}</span>',
        gettext("Introduction"),
    )
