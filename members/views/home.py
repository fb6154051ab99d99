from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chapters import selectors as chapter_selectors
from chapters.models import Chapter
from chapters.reports import member_score_summary
from members.access import chapter_access
from members.models import RegionAdmin
from referrals import selectors as referral_selectors


def home(request: HttpRequest) -> HttpResponse:
    """Members land on their chapter home; region admins on their chapters; visitors on the public page."""
    if not request.user.is_authenticated:
        chapters = (
            Chapter.objects.filter(is_active=True).select_related("region").order_by("city", "name")[:50]
        )
        return render(request, "members/landing.html", {"chapters": chapters})

    membership = request.membership
    if membership is not None and membership.is_current:
        request.chapter = membership.chapter
        request.access = chapter_access(request.user, membership.chapter, membership)
        context = {"chapter": membership.chapter}
        context.update(chapter_selectors.home_context(user=request.user, chapter=membership.chapter))
        context.update(referral_selectors.home_context(user=request.user, chapter=membership.chapter))
        context.update(member_score_summary(request.user, membership.chapter))
        return render(request, "members/home.html", context)

    regions = RegionAdmin.objects.filter(user=request.user).values_list("region_id", flat=True)
    chapters = Chapter.objects.select_related("region").order_by("region__name", "name")
    if not request.user.is_superuser:
        chapters = chapters.filter(region_id__in=regions)
    return render(
        request,
        "members/home_without_membership.html",
        {"chapters": chapters[:100], "lapsed_membership": membership},
    )
