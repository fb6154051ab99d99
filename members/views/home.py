from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from chapters.models import Chapter
from chapters.reports.scores import member_score_summary
from chapters.selectors import home as meeting_home
from config.cache import cached
from members.access import chapter_access
from members.models import RegionAdmin
from members.selectors.onboarding import my_onboarding
from referrals.selectors import home as referral_home


def home(request: HttpRequest) -> HttpResponse:
    """Members land on their chapter home; region admins on their chapters; visitors on the public page."""
    if not request.user.is_authenticated:
        chapters = (
            Chapter.objects.filter(is_active=True).select_related("region").order_by("city", "name")[:50]
        )
        return render(request, "members/landing.html", {"chapters": chapters})

    membership = request.membership
    if membership is not None and membership.is_current:
        chapter = request.chapter = membership.chapter
        request.access = chapter_access(request.user, chapter, membership)
        # The panels are most of the page's cost; they are cached until anything they show changes.
        panels = cached(
            f"home:{request.user.pk}:{membership.pk}",
            chapters=[chapter.pk],
            users=[request.user.pk],
            build=lambda: _home_panels(request, chapter),
        )
        return render(
            request,
            "members/home.html",
            {
                "chapter": chapter,
                "panels": panels["html"],
                "unread_notice_count": panels["unread_notice_count"],
            },
        )

    regions = RegionAdmin.objects.filter(user=request.user).values_list("region_id", flat=True)
    chapters = Chapter.objects.select_related("region").order_by("region__name", "name")
    if not request.user.is_superuser:
        chapters = chapters.filter(region_id__in=regions)
    return render(
        request,
        "members/home_without_membership.html",
        {"chapters": chapters[:100], "lapsed_membership": membership},
    )


def _home_panels(request: HttpRequest, chapter: Chapter) -> dict:
    """The home's panels as HTML, with the unread-notice count the navigation shows beside them."""
    # Asked only for a term with an open checklist (known from the login's own query).
    open_checklist = getattr(request.membership, "open_onboarding", False)
    context = {"chapter": chapter, "onboarding": my_onboarding(request.user) if open_checklist else None}
    context.update(meeting_home.home_context(user=request.user, chapter=chapter))
    context.update(referral_home.home_context(user=request.user, chapter=chapter))
    context.update(member_score_summary(request.user, chapter))
    html = render_to_string("members/partials/home_panels.html", context, request=request)
    return {"html": html, "unread_notice_count": context["unread_notice_count"]}
