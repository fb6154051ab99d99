"""The contact's own page, opened from Kring's email: yes (call me / email me first), no thanks, erase.

No account: the link's token is the only key, and it opens this one slip's contact details and
nothing else. Every request to the page counts against a per-address limit (guessing tokens is
pointless, and is slowed down too).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from config import rate_limits
from referrals.selectors.consent import ConsentLink, LinkProblem, consent_link, receiver_profession
from referrals.services.consent import ConsentLinkRefused, consent_answer, consent_erase_by_contact

ANSWERS = ("call", "email", "no")


def _problem_texts(problem: str) -> list[str]:
    """What is wrong with the link, in both languages: the contact may read either."""
    texts = []
    for language in ("nl", "en"):
        with translation.override(language):
            texts.append(
                {
                    LinkProblem.UNKNOWN: _(
                        "This link is not valid. Check that you opened the whole link from the email."
                    ),
                    LinkProblem.EXPIRED: _(
                        "This link has expired: the question was open for 30 days. Your details have been erased."
                    ),
                    LinkProblem.REPLACED: _(
                        "This link is no longer valid: a newer email from Kring replaced it."
                    ),
                    LinkProblem.ANSWERED: _("You have already answered. Your first answer stands."),
                    "rate": _("Too many attempts from your connection. Please try again in an hour."),
                }[problem]
            )
    return texts


def _render(
    request: HttpRequest, link: ConsentLink, *, status: int = 200, notice: str = "", problem: str = ""
) -> HttpResponse:
    problem = problem or link.problem
    consent_request = link.request if problem in (LinkProblem.NONE, LinkProblem.ANSWERED) else None
    language = consent_request.language if consent_request else translation.get_language()
    with translation.override(language):
        referral = consent_request.referral if consent_request else None
        context = {
            "consent_request": consent_request,
            "referral": referral,
            "profession": receiver_profession(referral) if referral else "",
            "problem": problem,
            "problem_texts": _problem_texts(problem) if problem else [],
            "notice": notice,
        }
        response = render(request, "referrals/consent_page.html", context, status=status)
    # The token never leaves in a Referer header to another site ("no-referrer" would also make the
    # browser send "Origin: null" with the answer, which the CSRF check rightly refuses).
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def contact_consent(request: HttpRequest, token: str) -> HttpResponse:
    try:
        with rate_limits.counted(rate_limits.limits_for(request, "consent")):
            link = consent_link(token)
    except rate_limits.RateLimited:
        return _render(request, ConsentLink(None, "rate"), status=429)
    if request.method != "POST":
        status = {LinkProblem.UNKNOWN: 404, LinkProblem.EXPIRED: 410, LinkProblem.REPLACED: 410}.get(
            link.problem, 200
        )
        return _render(request, link, status=status)
    action = request.POST.get("answer", "")
    try:
        if action == "erase":
            consent_erase_by_contact(token=token)
            notice = "erased"
        elif action in ANSWERS:
            consent_answer(token=token, answer=action)
            notice = action
        else:
            return _render(request, link, status=400)
    except ConsentLinkRefused as refused:
        link = consent_link(token)
        status = (
            409
            if refused.problem == LinkProblem.ANSWERED
            else 410
            if refused.problem != LinkProblem.UNKNOWN
            else 404
        )
        return _render(request, link, status=status, problem=refused.problem)
    return _render(request, consent_link(token), notice=notice)
