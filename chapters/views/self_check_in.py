"""Self check-in by QR: the code the room sees (check-in page, runner, projector) and the page a
member's phone opens when it scans it."""

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from chapters.models import AttendanceStatus, Meeting
from chapters.selectors.check_in_codes import SLOT_SECONDS, check_in_code, code_refusal, qr_refusal
from chapters.selectors.meetings import members_at
from chapters.services.attendance import attendance_self_check_in
from chapters.views.meetings import get_meeting
from members.access import chapter_view
from members.capabilities import Capability

QR_SIZES = ("small", "large")


def qr_context(request: HttpRequest, meeting: Meeting, size: str = "small") -> dict:
    """The QR code of this moment (an SVG data URI, allowed by the CSP), or why there is none."""
    now = timezone.now()
    context = {"qr_size": size if size in QR_SIZES else "small", "qr_code": "", "qr_image": ""}
    if refusal := qr_refusal(meeting, now):
        return {**context, "qr_refusal": refusal}
    code = check_in_code(meeting, now)
    url = request.build_absolute_uri(
        reverse("meeting_self_check_in", args=[meeting.chapter.slug, meeting.pk, code])
    )
    image = segno.make(url, error="m").svg_data_uri(scale=4, border=2)
    # Polled a few times per slot, so a rotation shows within seconds.
    return {**context, "qr_refusal": "", "qr_code": code, "qr_image": image, "qr_poll": SLOT_SECONDS // 10}


@require_GET
@chapter_view()
def check_in_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The code large, for the projector. Polled by htmx: 204 while the code shown is still current."""
    if not (request.access.can(Capability.RUN_MEETING) or request.access.can(Capability.RECORD_ATTENDANCE)):
        raise PermissionDenied(_("Your role in this chapter does not allow this."))
    meeting = get_meeting(request, pk)
    size = request.GET.get("size", "small") if request.htmx else "large"
    context = {"chapter": request.chapter, "meeting": meeting, **qr_context(request, meeting, size)}
    if request.htmx:
        if request.GET.get("shown") == context["qr_code"]:
            return HttpResponse(status=204)
        return TemplateResponse(request, "chapters/partials/check_in_qr.html", context)
    return render(request, "chapters/check_in_qr.html", context)


@require_http_methods(["GET", "POST"])
@chapter_view()
def self_check_in(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """What a member's phone opens after scanning: one button that checks in the logged-in member
    (never anyone else). Checked in already: says so, whatever the code."""
    meeting = get_meeting(request, pk)
    refusal = ""
    if request.method == "POST":
        try:
            attendance_self_check_in(meeting=meeting, member=request.user, code=code)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(request, _("You are checked in. Welcome!"))
            return redirect("meeting_self_check_in", request.chapter.slug, meeting.pk, code)
    attendance = meeting.attendances.filter(
        member=request.user, status__in=(AttendanceStatus.PRESENT, AttendanceStatus.LATE)
    ).first()
    if attendance is None and not refusal:
        refusal = code_refusal(meeting, code)
        if not refusal and not members_at(meeting).filter(user=request.user).exists():
            refusal = _("Only members of this chapter can check in to its meeting.")
    return render(
        request,
        "chapters/self_check_in.html",
        {"chapter": request.chapter, "meeting": meeting, "attendance": attendance, "refusal": refusal},
    )
