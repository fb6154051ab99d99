"""Proposed new members: every current member sees them during the objection window and may object."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from members.access import chapter_view
from members.forms.applications import ObjectionForm
from members.models import Application
from members.selectors.applications import objected_ids, proposed_applications
from members.services.applications import objection_file


def _page(
    request: HttpRequest, *, form: ObjectionForm | None = None, form_for: int | None = None, status=200
):
    return render(
        request,
        "members/proposals.html",
        {
            "proposals": proposed_applications(chapter=request.chapter),
            "objected": objected_ids(chapter=request.chapter, user=request.user),
            "form": ObjectionForm(),
            "failed_form": form,
            "failed_for": form_for,
        },
        status=status,
    )


@chapter_view()
@require_GET
def proposals(request: HttpRequest) -> HttpResponse:
    return _page(request)


@chapter_view()
@require_POST
def proposal_object(request: HttpRequest, pk: int) -> HttpResponse:
    # Any proposed application of this chapter, also after its window: the service says it closed.
    application = get_object_or_404(
        request.chapter.applications.filter(status=Application.Status.PROPOSED), pk=pk
    )
    form = ObjectionForm(request.POST)
    if form.is_valid():
        try:
            objection_file(application=application, member=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Your objection to %(name)s is sent to the membership committee.")
                % {"name": application.full_name},
            )
        return redirect("proposals", chapter_slug=request.chapter.slug)
    return _page(request, form=form, form_for=application.pk, status=200)
