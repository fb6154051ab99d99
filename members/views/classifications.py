"""Seats of the chapter for the membership committee: lock and unlock classifications, and the
professions the chapter looks for (shown to visitors)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.access import chapter_view
from members.capabilities import Capability
from members.forms.applications import (
    ClassificationLockForm,
    ClassificationUnlockForm,
    WantedClassificationForm,
)
from members.selectors.classifications import (
    chapter_seats,
    classification_locks,
    seat_groups,
    wanted_classifications,
)
from members.services.classifications import (
    classification_lock,
    classification_unlock,
    wanted_classification_add,
    wanted_classification_remove,
)


@chapter_view(capability=Capability.MANAGE_MEMBERS)
@require_http_methods(["GET", "POST"])
def classifications(request: HttpRequest) -> HttpResponse:
    chapter = request.chapter
    form = ClassificationLockForm(request.POST or None, chapter=chapter)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            classification_lock(
                chapter=chapter,
                classification=data["classification"],
                reason=data["reason"],
                locked_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is locked: applicants cannot choose it.") % {"name": data["classification"].name},
            )
            return redirect("classifications", chapter_slug=chapter.slug)
    return _page(request, form=form)


def _page(request: HttpRequest, **forms) -> HttpResponse:
    chapter = request.chapter
    seats = chapter_seats(chapter)
    return render(
        request,
        "members/admin/classifications.html",
        {
            "form": forms.get("form") or ClassificationLockForm(chapter=chapter),
            "wanted_form": forms.get("wanted_form") or WantedClassificationForm(chapter=chapter),
            "wanted": wanted_classifications(chapter),
            "locks": classification_locks(chapter),
            "groups": seat_groups(seats),
            "open_count": sum(seat.is_open for seat in seats),
            "unlock_form": ClassificationUnlockForm(),
        },
    )


@chapter_view(capability=Capability.MANAGE_MEMBERS)
@require_POST
def classification_unlock_view(request: HttpRequest, pk: int) -> HttpResponse:
    lock = get_object_or_404(request.chapter.classification_locks.select_related("classification"), pk=pk)
    form = ClassificationUnlockForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    classification_unlock(lock=lock, unlocked_by=request.user, reason=reason)
    messages.success(
        request, _("%(name)s is open again for applicants.") % {"name": lock.classification.name}
    )
    return redirect("classifications", chapter_slug=request.chapter.slug)


@chapter_view(capability=Capability.MANAGE_MEMBERS)
@require_POST
def wanted_add(request: HttpRequest) -> HttpResponse:
    form = WantedClassificationForm(request.POST, chapter=request.chapter)
    if form.is_valid():
        data = form.cleaned_data
        try:
            wanted_classification_add(
                chapter=request.chapter,
                classification=data["classification"],
                note=data["note"],
                added_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Visitors now see that the chapter looks for: %(name)s.")
                % {"name": data["classification"].name},
            )
            return redirect("classifications", chapter_slug=request.chapter.slug)
    return _page(request, wanted_form=form)


@chapter_view(capability=Capability.MANAGE_MEMBERS)
@require_POST
def wanted_remove(request: HttpRequest, pk: int) -> HttpResponse:
    wanted = request.chapter.wanted_classifications.filter(pk=pk).first()
    if wanted is not None:  # removing twice: the second does nothing
        wanted_classification_remove(wanted=wanted)
        messages.success(
            request, _("%(name)s is no longer on the wanted list.") % {"name": wanted.classification.name}
        )
    return redirect("classifications", chapter_slug=request.chapter.slug)
