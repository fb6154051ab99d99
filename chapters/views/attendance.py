from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chapters.forms.attendance import AbsenceNoticeForm, AttendanceForm
from chapters.forms.visitors import WalkInForm
from chapters.models import Meeting, Visitor
from chapters.selectors.attendance import (
    absence_count,
    absence_window,
    chapter_absences,
    completion_preview,
    completion_refusal,
)
from chapters.selectors.check_in import CheckInRow, check_in_board, check_in_version
from chapters.selectors.meetings import members_at, my_next_turns
from chapters.services.attendance import (
    absence_notice_save,
    absence_notice_withdraw,
    attendance_check_in,
    attendance_set,
    attendance_undo_check_in,
    meeting_record_complete,
)
from chapters.services.calendar_tokens import calendar_tokens_for
from chapters.services.visitors import visitor_check_in, visitor_undo_check_in, visitor_walk_in
from chapters.views.meetings import get_meeting
from chapters.views.self_check_in import qr_context
from config.forms import add_errors
from members.access import chapter_view, member_required
from members.capabilities import Capability


def _board(request: HttpRequest, meeting: Meeting, **extra) -> dict:
    return {
        "chapter": request.chapter,
        "meeting": meeting,
        "guest_kinds": Visitor.Kind.choices,
        **check_in_board(meeting),
        **extra,
    }


@chapter_view(capability=Capability.RECORD_ATTENDANCE)
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """The check-in screen at the door: search, members grouped by where they are, guests, a live
    counter and the QR code for self check-in. The board polls with ?v=<version>: 204 while nothing
    changed, else the board again (a scan or another device's tap shows within seconds)."""
    meeting = get_meeting(request, pk)
    if request.htmx and "v" in request.GET:
        if request.GET["v"] == check_in_version(meeting):
            return HttpResponse(status=204)
        return TemplateResponse(request, "chapters/check_in.html#board", _board(request, meeting))
    return _check_in_page(request, meeting, WalkInForm(chapter=request.chapter))


def _check_in_page(request: HttpRequest, meeting: Meeting, walk_in_form: WalkInForm) -> HttpResponse:
    context = _board(request, meeting, walk_in_form=walk_in_form, **qr_context(request, meeting))
    return render(request, "chapters/check_in.html", context)


@require_POST
@chapter_view(capability=Capability.HOST_VISITORS)
def check_in_walk_in(request: HttpRequest, pk: int) -> HttpResponse:
    """A guest nobody registered, added and checked in at the door in one short form."""
    meeting = get_meeting(request, pk)
    form = WalkInForm(request.POST, chapter=request.chapter)
    if form.is_valid():
        data = form.cleaned_data
        try:
            visitor = visitor_walk_in(
                meeting=meeting,
                by=request.user,
                kind=data["kind"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                profession=data["profession"],
                company=data["company"],
                email=data["email"],
                invited_by=data["invited_by"],
                substitute_for=data["substitute_for"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(name)s is checked in.") % {"name": visitor.full_name})
            return redirect("meeting_check_in", request.chapter.slug, meeting.pk)
    return _check_in_page(request, meeting, form)


@require_POST
@chapter_view(capability=Capability.RECORD_ATTENDANCE)
def check_in_member(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    """A tap on a member's row. htmx swaps the whole board back (the member moves to their group,
    the counter moves), or, asked for the row alone, the row; with the error in it if the tap failed."""
    meeting = get_meeting(request, pk)
    membership = get_object_or_404(members_at(meeting), user_id=member_id)
    error = ""
    try:
        if request.POST.get("action") == "undo":
            attendance_undo_check_in(meeting=meeting, member=membership.user)
        else:
            attendance_check_in(meeting=meeting, member=membership.user, by=request.user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("meeting_check_in", request.chapter.slug, meeting.pk)
    if request.htmx.target == "checkin-board":
        board = _board(request, meeting, row_error=error, error_member_id=member_id)
        return TemplateResponse(request, "chapters/check_in.html#board", board)
    row = CheckInRow(
        membership,
        meeting.attendances.filter(member_id=member_id).first(),
        meeting.absence_notices.filter(member_id=member_id).first(),
    )
    return TemplateResponse(
        request,
        "chapters/check_in.html#member_row",
        {
            "chapter": request.chapter,
            "meeting": meeting,
            "row": row,
            "row_error": error,
            "error_member_id": member_id,
        },
    )


@require_POST
@chapter_view(capability=Capability.HOST_VISITORS)
def check_in_visitor(request: HttpRequest, pk: int, visitor_id: int) -> HttpResponse:
    """A guest's check-in; htmx swaps the guest's row back, with the error in it if it failed."""
    meeting = get_meeting(request, pk)
    visitor = get_object_or_404(meeting.visitors, pk=visitor_id)
    error = ""
    try:
        if request.POST.get("action") == "undo":
            visitor = visitor_undo_check_in(visitor=visitor)
        else:
            visitor = visitor_check_in(visitor=visitor, kind=request.POST.get("kind", ""), by=request.user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
        visitor.refresh_from_db()
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("meeting_check_in", request.chapter.slug, meeting.pk)
    return TemplateResponse(
        request,
        "chapters/check_in.html#visitor_row",
        {
            "chapter": request.chapter,
            "meeting": meeting,
            "visitor": visitor,
            "guest_kinds": Visitor.Kind.choices,
            "row_error": error,
            "error_visitor_id": visitor.pk,
        },
    )


@chapter_view(capability=Capability.RECORD_ATTENDANCE)
def attendance_edit(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    """Set any PALMS status; on a completed record this is a correction with a reason."""
    meeting = get_meeting(request, pk)
    membership = (
        request.chapter.memberships.select_related("user")
        .filter(user_id=member_id)
        .order_by("-starts_on")
        .first()
    )
    if membership is None:
        raise Http404
    attendance = meeting.attendances.filter(member_id=member_id).first()
    initial = {}
    if attendance:
        initial = {
            "status": attendance.status,
            "substitute_name": attendance.substitute_name,
            "substitute_email": attendance.substitute_email,
        }
    form = AttendanceForm(request.POST or None, initial=initial, completed=meeting.is_completed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            attendance_set(
                meeting=meeting,
                member=membership.user,
                status=data["status"],
                substitute_name=data["substitute_name"],
                substitute_email=data["substitute_email"],
                reason=data.get("reason", ""),
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Attendance of %(name)s is saved.") % {"name": membership.user.full_name}
            )
            target = "meeting_detail" if meeting.is_completed else "meeting_check_in"
            return redirect(target, request.chapter.slug, meeting.pk)
    corrections = attendance.corrections.select_related("changed_by") if attendance else []
    return render(
        request,
        "chapters/attendance_form.html",
        {
            "chapter": request.chapter,
            "meeting": meeting,
            "member": membership.user,
            "form": form,
            "corrections": corrections,
        },
    )


@chapter_view(capability=Capability.RECORD_ATTENDANCE)
def record_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """First what completing will do (who becomes absent, which letters go to whom); only a POST
    with confirm=yes completes. Nothing is written on a GET or an unconfirmed POST."""
    meeting = get_meeting(request, pk)
    if meeting.is_completed:
        messages.info(request, _("The attendance record is completed and locked."))
        return redirect("meeting_detail", request.chapter.slug, meeting.pk)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            meeting_record_complete(meeting=meeting, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("meeting_detail", request.chapter.slug, meeting.pk)
        messages.success(request, _("The attendance record is completed and locked."))
        return redirect("meeting_detail", request.chapter.slug, meeting.pk)
    return render(
        request,
        "chapters/record_complete.html",
        {
            "chapter": request.chapter,
            "meeting": meeting,
            "refusal": completion_refusal(meeting),
            "recorded": meeting.attendances.select_related("member").order_by("member__first_name"),
            **completion_preview(meeting),
        },
    )


@chapter_view(capability=Capability.RECORD_ATTENDANCE)
def absences_overview(request: HttpRequest) -> HttpResponse:
    chapter = request.chapter
    today = timezone.localdate()
    start, end = absence_window(chapter=chapter, day=today)
    page = Paginator(chapter_absences(chapter=chapter, day=today), 30).get_page(request.GET.get("page"))
    open_records = chapter.meetings.filter(
        status=Meeting.Status.SCHEDULED,
        record_status=Meeting.RecordStatus.DRAFT,
        starts_at__lte=timezone.now(),
    ).order_by("-starts_at")[:5]
    return render(
        request,
        "chapters/attendance_overview.html",
        {
            "chapter": chapter,
            "page_obj": page,
            "members": page.object_list,
            "window_start": start,
            "window_end": min(end, today),
            "open_records": open_records,
        },
    )


@member_required
def my_absences(request: HttpRequest) -> HttpResponse:
    """Tell the chapter ahead of time: I'll be absent, and who my substitute is."""
    chapter = request.chapter
    form = AbsenceNoticeForm(request.POST or None, chapter=chapter)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            absence_notice_save(
                member=request.user,
                meeting=data["meeting"],
                substitute_name=data["substitute_name"],
                substitute_email=data["substitute_email"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you: the chapter knows you will be absent."))
            return redirect("my_absences")
    notices = request.user.absence_notices.filter(
        meeting__chapter=chapter, meeting__ends_at__gte=timezone.now()
    ).select_related("meeting__chapter")
    chapter_token, token = calendar_tokens_for(chapter=chapter, user=request.user)
    return render(
        request,
        "chapters/my_absences.html",
        {
            "chapter": chapter,
            "form": form,
            "notices": notices,
            "absences": absence_count(member=request.user, chapter=chapter),
            "member_feed": request.build_absolute_uri(reverse("ical_member", args=[token.token])),
            "chapter_feed": request.build_absolute_uri(reverse("ical_chapter", args=[chapter_token.token])),
            "turns": my_next_turns(user=request.user, chapter=chapter),
        },
    )


@require_POST
@member_required
def my_absence_withdraw(request: HttpRequest, notice_id: int) -> HttpResponse:
    absence_notice_withdraw(member=request.user, notice_id=notice_id)
    messages.success(request, _("Your absence notice is withdrawn."))
    return redirect("my_absences")
