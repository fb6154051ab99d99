"""Importing PALMS history from BNI Connect: upload, row errors or all rows imported."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chapters.forms.palms_import import PalmsImportForm
from chapters.reports.palms_import import palms_import, palms_parse
from members.access import chapter_view
from members.capabilities import Capability


@chapter_view(capability=Capability.MANAGE_MEMBERS)
@require_http_methods(["GET", "POST"])
def palms_history_import(request: HttpRequest) -> HttpResponse:
    form = PalmsImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        result = palms_parse(
            chapter=request.chapter,
            content=upload.read(),
            filename=upload.name,
            start=data["start"],
            end=data["end"],
        )
        try:
            count = palms_import(result=result, by=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _(
                    "PALMS of %(count)s members imported for %(start)s – %(end)s; the reports and scores count them."
                )
                % {
                    "count": count,
                    "start": data["start"].strftime("%d-%m-%Y"),
                    "end": data["end"].strftime("%d-%m-%Y"),
                },
            )
            return redirect("report_palms", chapter_slug=request.chapter.slug)
    context = {"chapter": request.chapter, "form": form, "errors": errors}
    return render(request, "chapters/reports/palms_import.html", context)
