"""The president's preview of the weekly summary ("what the members will receive") and a test send."""

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chapters.summaries.weekly import (
    SUMMARY_KIND,
    next_meeting_for_summary,
    send_summary_test,
    send_time,
    summary_for,
    summary_recipients,
)
from members.access import chapter_view
from members.capabilities import Capability
from members.models import SentMail, User

TEST_SEND_PAUSE = 60  # seconds: a double click sends one test


def _picked(request: HttpRequest, members: list[User], raw: str | None) -> User | None:
    by_pk = {str(member.pk): member for member in members}
    if raw in by_pk:
        return by_pk[raw]
    return by_pk.get(str(request.user.pk)) or (members[0] if members else None)


@chapter_view(Capability.MANAGE_CHAPTER)
@require_GET
def summary_preview(request: HttpRequest) -> HttpResponse:
    chapter = request.chapter
    meeting = next_meeting_for_summary(chapter)
    context = {"chapter": chapter, "meeting": meeting}
    if meeting is not None:
        members = summary_recipients(meeting)
        picked = _picked(request, members, request.GET.get("member"))
        if picked is not None:
            with translation.override(picked.language):
                context["summary"] = summary_for(
                    user=picked, meeting=meeting, personal=picked.pk == request.user.pk
                )
        context.update(
            members=members,
            picked=picked,
            without_email=[member for member in members if not member.email],
            sends_at=formats.date_format(timezone.localtime(send_time(meeting), chapter.zone), "l j F, H:i"),
            sent=SentMail.objects.filter(kind=SUMMARY_KIND, meeting=meeting).count(),
        )
    return render(request, "chapters/summary_preview.html", context)


@chapter_view(Capability.MANAGE_CHAPTER)
@require_POST
def summary_test(request: HttpRequest) -> HttpResponse:
    """Confirm first, then queue the picked member's summary to my own address (once a minute)."""
    chapter = request.chapter
    meeting = next_meeting_for_summary(chapter)
    members = summary_recipients(meeting) if meeting else []
    picked = _picked(request, members, request.POST.get("member"))
    back = reverse("summary_preview", args=[chapter.slug]) + (f"?member={picked.pk}" if picked else "")
    if meeting is None or picked is None:
        messages.error(request, _("There is no coming meeting to preview."))
        return redirect(back)
    if request.POST.get("confirm") != "yes":
        return render(
            request,
            "chapters/summary_test_confirm.html",
            {"chapter": chapter, "picked": picked, "meeting": meeting},
        )
    if not request.user.email:
        messages.error(request, _("Your account has no email address."))
    elif cache.add(f"summary_test:{request.user.pk}", 1, timeout=TEST_SEND_PAUSE):
        send_summary_test.enqueue(member_id=picked.pk, meeting_id=meeting.pk, to_user_id=request.user.pk)
        messages.success(request, _("A test is on its way to %(email)s.") % {"email": request.user.email})
    else:
        messages.info(request, _("A test was sent less than a minute ago; it is on its way."))
    return redirect(back)
