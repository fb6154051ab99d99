from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from chapters.forms.agenda import AgendaTemplateForm, TemplateItemFormSet
from chapters.models import AgendaTemplate
from chapters.services.schedule import agenda_template_set_default
from members.access import chapter_view
from members.capabilities import Capability


@chapter_view(capability=Capability.EDIT_AGENDA)
def template_list(request: HttpRequest) -> HttpResponse:
    templates = request.chapter.agenda_templates.prefetch_related("items")
    return render(
        request, "chapters/agenda_template_list.html", {"chapter": request.chapter, "templates": templates}
    )


def _edit(request: HttpRequest, template: AgendaTemplate) -> HttpResponse:
    form = AgendaTemplateForm(request.POST or None, instance=template, chapter=request.chapter)
    formset = TemplateItemFormSet(
        request.POST or None,
        instance=template,
        queryset=template.items.all() if template.pk else None,
        form_kwargs={"chapter": request.chapter},
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            make_default = form.cleaned_data["is_default"]
            template = form.save(commit=False)
            template.is_default = False
            template.save()
            formset.instance = template
            formset.save()
            if make_default:
                agenda_template_set_default(template=template)
        messages.success(request, _("The agenda template is saved. New meetings use the default template."))
        return redirect("agenda_template_list", request.chapter.slug)
    return render(
        request,
        "chapters/agenda_edit.html",
        {
            "chapter": request.chapter,
            "template_form": form,
            "formset": formset,
            "agenda_template": template,
            "title": template.name if template.pk else _("New agenda template"),
        },
    )


@chapter_view(capability=Capability.EDIT_AGENDA)
def template_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, AgendaTemplate(chapter=request.chapter))


@chapter_view(capability=Capability.EDIT_AGENDA)
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(request.chapter.agenda_templates, pk=pk))
