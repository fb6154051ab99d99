from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from chapters.selectors.runner import runner_state
from chapters.selectors.runner_sections import meeting_numbers
from chapters.services.runner import StaleStep, meeting_runner_step
from chapters.views.meetings import get_meeting
from chapters.views.self_check_in import qr_context
from members.access import chapter_view
from members.capabilities import Capability


def _render(request: HttpRequest, meeting, *, error: str = "") -> TemplateResponse:
    context = {"chapter": request.chapter, **runner_state(meeting), "error": error}
    if meeting.opened_at is None:  # the opening screen, on the projector: the code to check in with
        context.update(qr_context(request, meeting, "large"))
    if meeting.closed_at is not None:  # the closing screen: the meeting's numbers against its goals
        context["numbers"] = meeting_numbers(meeting)
    template = "chapters/runner.html#stage" if request.htmx else "chapters/runner.html"
    return TemplateResponse(request, template, context)


@chapter_view(capability=Capability.RUN_MEETING)
def runner(request: HttpRequest, pk: int) -> HttpResponse:
    """The full-screen runner. A second screen polls with ?v=<version>: 204 while nothing changed."""
    meeting = get_meeting(request, pk)
    if request.htmx and request.GET.get("v") == str(meeting.runner_version):
        return HttpResponse(status=204)
    return _render(request, meeting)


@require_POST
@chapter_view(capability=Capability.RUN_MEETING)
def runner_step(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    error = ""
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        meeting = meeting_runner_step(
            meeting=meeting, action=request.POST.get("action", ""), version=version, by=request.user
        )
    except StaleStep as exc:
        error = " ".join(exc.messages)
        if version == meeting.runner_version:  # another screen stepped since this page read the meeting
            meeting = get_meeting(request, pk)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("meeting_runner", request.chapter.slug, meeting.pk)
    return _render(request, meeting, error=error)
