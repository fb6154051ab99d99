"""The chapter's audit log: who changed what and when, for leaders who manage the chapter."""

from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from members.access import chapter_view
from members.audit import CHAPTER_OF, entry_changes
from members.capabilities import Capability

PAGE_SIZE = 50
ACTIONS = {
    LogEntry.Action.CREATE: _("Added"),
    LogEntry.Action.UPDATE: _("Changed"),
    LogEntry.Action.DELETE: _("Deleted"),
    LogEntry.Action.ACCESS: _("Viewed"),
}


def _audited_types() -> list[tuple[str, str]]:
    types = [
        (f"{model._meta.app_label}.{model._meta.model_name}", model._meta.verbose_name)
        for model in CHAPTER_OF
    ]
    return sorted(types, key=lambda choice: str(choice[1]))


class AuditFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("What"), required=False)
    object = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Everything")), *_audited_types()]


def chapter_log_entries(chapter_id: int, *, type_label: str = "", object_id: int | None = None):
    entries = LogEntry.objects.filter(additional_data__chapter_id=chapter_id)
    if type_label:
        app_label, model = type_label.split(".")
        entries = entries.filter(content_type=ContentType.objects.get_by_natural_key(app_label, model))
        if object_id:
            entries = entries.filter(object_id=object_id)
    return entries.select_related("actor", "content_type").order_by("-timestamp", "-pk")


@chapter_view(capability=Capability.MANAGE_CHAPTER)
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = chapter_log_entries(
        request.chapter.pk, type_label=filters.get("type") or "", object_id=filters.get("object")
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        model = entry.content_type.model_class()
        entry.kind = model._meta.verbose_name if model else entry.content_type.model
        entry.action_label = ACTIONS.get(entry.action, "")
        entry.rows = entry_changes(entry, model)
    return render(
        request,
        "members/audit_log.html",
        {
            "form": form,
            "page_obj": page,
            "entries": page.object_list,
            "filtered_object": filters.get("object"),
        },
    )
