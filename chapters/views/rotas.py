from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chapters.forms.rotas import RotaAssignForm, RotaSwapForm
from chapters.models import Meeting, RotaKind, RotaSlot
from chapters.selectors.meetings import my_next_turns
from chapters.services import rotas
from members.access import chapter_view
from members.capabilities import Capability
from members.selectors.memberships import current_members

WEEKS = 8


@chapter_view()
def rota_list(request: HttpRequest) -> HttpResponse:
    """The coming weeks' feature presenters and education moments; leaders assign and swap here."""
    chapter = request.chapter
    meetings = list(
        chapter.meetings.filter(ends_at__gte=timezone.now())
        .order_by("starts_at")
        .prefetch_related(Prefetch("rota_slots", queryset=RotaSlot.objects.select_related("member")))[:WEEKS]
    )
    rows = []
    for meeting in meetings:
        slots = {slot.kind: slot for slot in meeting.rota_slots.all()}
        rows.append(
            {
                "meeting": meeting,
                "cells": [(kind, label, slots.get(kind)) for kind, label in RotaKind.choices],
            }
        )
    can_edit = request.access.can(Capability.EDIT_AGENDA)
    members = list(current_members(chapter).order_by("first_name", "last_name")) if can_edit else []
    return render(
        request,
        "chapters/rota_list.html",
        {
            "chapter": chapter,
            "rows": rows,
            "kinds": RotaKind.choices,
            "members": members,
            "can_edit": can_edit,
            "my_turns": my_next_turns(user=request.user, chapter=chapter),
            "all_slots": [cell[2] for row in rows for cell in row["cells"] if cell[2]],
        },
    )


@require_POST
@chapter_view(capability=Capability.EDIT_AGENDA)
def rota_fill(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind")
    if kind not in RotaKind.values:
        raise Http404
    filled = rotas.rota_fill(chapter=request.chapter, kind=kind, weeks=WEEKS)
    messages.success(request, _("%(count)s open turns are filled, longest wait first.") % {"count": filled})
    return redirect("rota_list", request.chapter.slug)


@require_POST
@chapter_view(capability=Capability.EDIT_AGENDA)
def rota_swap(request: HttpRequest) -> HttpResponse:
    form = RotaSwapForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose two turns to swap."))
    else:
        try:
            rotas.rota_swap(
                chapter=request.chapter,
                first_slot_id=form.cleaned_data["first"],
                second_slot_id=form.cleaned_data["second"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The two turns are swapped."))
    return redirect("rota_list", request.chapter.slug)


@require_POST
@chapter_view(capability=Capability.EDIT_AGENDA)
def rota_assign(request: HttpRequest, meeting_id: int, kind: str) -> HttpResponse:
    if kind not in RotaKind.values:
        raise Http404
    meeting = get_object_or_404(
        request.chapter.meetings.filter(status=Meeting.Status.SCHEDULED), pk=meeting_id
    )
    form = RotaAssignForm(request.POST, chapter=request.chapter)
    if form.is_valid():
        try:
            rotas.rota_set(meeting=meeting, kind=kind, member=form.cleaned_data["member"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The rota is saved."))
    else:
        messages.error(request, _("Choose a member of the chapter."))
    return redirect("rota_list", request.chapter.slug)
