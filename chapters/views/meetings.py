from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chapters.forms.agenda import MeetingItemFormSet
from chapters.forms.meetings import MeetingCancelForm, MeetingForm, MeetingGoalsForm, MeetingNotesForm
from chapters.models import AttendanceStatus, Meeting, RotaSlot
from chapters.selectors.agenda import agenda_plan
from chapters.selectors.meetings import meeting_window
from chapters.selectors.runner import agenda_fit
from chapters.selectors.runner_round import runner_presenters
from chapters.selectors.runner_sections import meeting_numbers
from chapters.services import schedule
from chapters.services.runner import meeting_goals_set
from config.cache import changed
from config.forms import add_errors
from members.access import chapter_view
from members.capabilities import Capability


def get_meeting(request: HttpRequest, pk: int) -> Meeting:
    """A meeting of the request's chapter; another chapter's is a 404."""
    return get_object_or_404(request.chapter.meetings.select_related("chapter"), pk=pk)


def _act_on_meeting(
    request: HttpRequest, meeting: Meeting, action: Callable[[], object], success: str
) -> HttpResponse:
    """A button on the meeting page: the service's refusal or `success` as a message, back on the page."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("meeting_detail", request.chapter.slug, meeting.pk)


def _agenda_context(meeting: Meeting) -> dict:
    """The agenda as the meeting page and its print show it: timed items, presenters and the rota."""
    items = list(meeting.agenda_items.select_related("responsible_role"))
    presenters = runner_presenters(meeting)
    plan, total = agenda_plan(items, len(presenters))
    return {
        "plan": plan,
        "total_seconds": total,
        "presenter_count": len(presenters),
        "rota": meeting.rota_slots.select_related("member").order_by("kind"),
    }


@chapter_view()
def meeting_list(request: HttpRequest) -> HttpResponse:
    chapter = request.chapter
    now = timezone.now()
    show_past = request.GET.get("show") == "past"
    meetings = chapter.meetings.prefetch_related(
        Prefetch("rota_slots", queryset=RotaSlot.objects.select_related("member").order_by("kind"))
    ).annotate(visitor_count=Count("visitors", distinct=True))
    if show_past:
        meetings = meetings.filter(ends_at__lt=now).order_by("-starts_at")
    else:
        meetings = meetings.filter(ends_at__gte=now).order_by("starts_at")
    page = Paginator(meetings, 12).get_page(request.GET.get("page"))
    return render(
        request,
        "chapters/meeting_list.html",
        {"chapter": chapter, "page_obj": page, "meetings": page.object_list, "show_past": show_past},
    )


@chapter_view()
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Before the meeting: when, where and the agenda. After it: the summary (attendance, visitors, notes)."""
    meeting = get_meeting(request, pk)
    agenda = _agenda_context(meeting)
    attendances = list(meeting.attendances.select_related("member").order_by("member__first_name"))
    counts = dict.fromkeys(AttendanceStatus.values, 0)
    for row in attendances:
        counts[row.status] += 1
    context = {
        "chapter": request.chapter,
        "meeting": meeting,
        **agenda,
        "attendances": attendances,
        "attendance_counts": [(status, label, counts[status]) for status, label in AttendanceStatus.choices],
        "visitors": meeting.visitors.select_related("invited_by").order_by("first_name"),
        "notes_form": MeetingNotesForm(instance=meeting),
        "goals_form": MeetingGoalsForm(instance=meeting),
        "numbers": meeting_numbers(meeting) if meeting.opened_at and not meeting.is_cancelled else None,
        "has_taken_place": meeting.starts_at <= timezone.now(),
        "window": meeting_window(meeting),
        "fit": agenda_fit(meeting, agenda["plan"])
        if meeting.opened_at is None and not meeting.is_cancelled
        else None,
    }
    return render(request, "chapters/meeting_detail.html", context)


@chapter_view(capability=Capability.RUN_MEETING)
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None, chapter=request.chapter)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = schedule.meeting_create(chapter=request.chapter, **form.slot())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The meeting is planned."))
            return redirect("meeting_detail", request.chapter.slug, meeting.pk)
    return render(
        request,
        "chapters/meeting_form.html",
        {"chapter": request.chapter, "form": form, "title": _("Plan an extra meeting")},
    )


@chapter_view(capability=Capability.RUN_MEETING)
def meeting_move(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    form = MeetingForm(request.POST or None, chapter=request.chapter, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            schedule.meeting_move(meeting=meeting, reason=form.cleaned_data["reason"], **form.slot())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The meeting is moved; the members get an email."))
            return redirect("meeting_detail", request.chapter.slug, meeting.pk)
    return render(
        request,
        "chapters/meeting_form.html",
        {"chapter": request.chapter, "form": form, "meeting": meeting, "title": _("Move the meeting")},
    )


@chapter_view(capability=Capability.RUN_MEETING)
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    form = MeetingCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            schedule.meeting_cancel(meeting=meeting, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The meeting is cancelled; the members get an email."))
            return redirect("meeting_detail", request.chapter.slug, meeting.pk)
    return render(
        request,
        "chapters/meeting_cancel.html",
        {"chapter": request.chapter, "meeting": meeting, "form": form},
    )


@require_POST
@chapter_view(capability=Capability.RUN_MEETING)
def meeting_restore(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    return _act_on_meeting(
        request,
        meeting,
        lambda: schedule.meeting_restore(meeting=meeting),
        _("The meeting takes place again."),
    )


@require_POST
@chapter_view(capability=Capability.EDIT_AGENDA)
def meeting_agenda_scale(request: HttpRequest, pk: int) -> HttpResponse:
    """The offer on the meeting page: fit the agenda into a shorter meeting (confirm=yes)."""
    meeting = get_meeting(request, pk)
    if request.POST.get("confirm") != "yes":
        messages.info(request, _("The agenda is unchanged."))
        return redirect("meeting_detail", request.chapter.slug, meeting.pk)
    return _act_on_meeting(
        request,
        meeting,
        lambda: schedule.meeting_agenda_scale(meeting=meeting),
        _("The agenda now fits the meeting."),
    )


@chapter_view(capability=Capability.EDIT_AGENDA)
def meeting_agenda_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    formset = MeetingItemFormSet(
        request.POST or None,
        instance=meeting,
        queryset=meeting.agenda_items.all(),
        form_kwargs={"chapter": request.chapter},
    )
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            formset.save()
            changed(chapters=[meeting.chapter_id])
        messages.success(request, _("The agenda of this meeting is saved."))
        return redirect("meeting_detail", request.chapter.slug, meeting.pk)
    return render(
        request,
        "chapters/agenda_edit.html",
        {
            "chapter": request.chapter,
            "meeting": meeting,
            "formset": formset,
            "title": _("Edit this week's agenda"),
        },
    )


@chapter_view()
def meeting_agenda_print(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    return render(
        request,
        "chapters/agenda_print.html",
        {"chapter": request.chapter, "meeting": meeting, **_agenda_context(meeting)},
    )


@require_POST
@chapter_view(capability=Capability.RUN_MEETING)
def meeting_goals(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    form = MeetingGoalsForm(request.POST, instance=meeting)
    if not form.is_valid():
        messages.error(request, _("The goals could not be saved: give whole numbers from 0 to 999."))
        return redirect("meeting_detail", request.chapter.slug, meeting.pk)
    goals = form.cleaned_data
    return _act_on_meeting(
        request,
        meeting,
        lambda: meeting_goals_set(
            meeting=meeting,
            visitors=goals["goal_visitors"],
            referrals=goals["goal_referrals"],
            one_to_ones=goals["goal_one_to_ones"],
        ),
        _("The goals are saved."),
    )


@require_POST
@chapter_view(capability=Capability.RUN_MEETING)
def meeting_notes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    form = MeetingNotesForm(request.POST, instance=meeting)
    if form.is_valid():
        schedule.meeting_save_notes(meeting=meeting, notes=form.cleaned_data["notes"])
        messages.success(request, _("The notes are saved."))
    else:
        messages.error(request, _("The notes could not be saved: they are too long."))
    return redirect("meeting_detail", request.chapter.slug, meeting.pk)
