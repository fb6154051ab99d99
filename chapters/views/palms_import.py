"""Importing PALMS history from BNI Connect: upload (row errors, or a draft), review the rows that
match nobody, preview what will be written, confirm."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chapters.forms.palms_import import PalmsImportForm, PalmsReviewForm
from chapters.models import PalmsImportDraft
from chapters.reports.palms_import import palms_parse
from chapters.reports.palms_import_drafts import (
    palms_draft_confirm,
    palms_draft_create,
    palms_draft_preview,
    palms_draft_review,
    palms_review_candidates,
)
from members.access import chapter_view
from members.capabilities import Capability


def _draft(request: HttpRequest, pk: int) -> PalmsImportDraft:
    """The chapter's draft (another chapter's is a 404, like any of its objects)."""
    try:
        return request.chapter.palms_import_drafts.get(pk=pk)
    except PalmsImportDraft.DoesNotExist:
        raise Http404 from None


def _to(name: str, request: HttpRequest, draft: PalmsImportDraft | None = None) -> HttpResponse:
    kwargs = {"chapter_slug": request.chapter.slug} | ({"pk": draft.pk} if draft else {})
    return redirect(name, **kwargs)


def _imported(request: HttpRequest, draft: PalmsImportDraft) -> HttpResponse:
    messages.success(
        request,
        _("PALMS of %(count)s members imported for %(start)s – %(end)s; the reports and scores count them.")
        % {
            "count": draft.imported_count,
            "start": draft.period_start.strftime("%d-%m-%Y"),
            "end": draft.period_end.strftime("%d-%m-%Y"),
        },
    )
    return _to("report_palms", request)


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
            draft = palms_draft_create(result=result, filename=upload.name, by=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            return _to("palms_import_review" if draft.unresolved else "palms_import_confirm", request, draft)
    context = {"chapter": request.chapter, "form": form, "errors": errors}
    return render(request, "chapters/reports/palms_import.html", context)


@chapter_view(capability=Capability.MANAGE_MEMBERS)
@require_http_methods(["GET", "POST"])
def palms_import_review(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    if draft.imported_at is not None:
        return _imported(request, draft)
    if not draft.to_review:
        return _to("palms_import_confirm", request, draft)
    form = PalmsReviewForm(
        request.POST or None, rows=draft.to_review, candidates=palms_review_candidates(draft)
    )
    if request.method == "POST" and form.is_valid():
        try:
            palms_draft_review(chapter=request.chapter, pk=draft.pk, choices=form.choices_by_line())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _to("palms_import_confirm", request, draft)
    matched = len(draft.rows) - len(draft.to_review)
    context = {"chapter": request.chapter, "draft": draft, "form": form, "matched": matched}
    return render(request, "chapters/reports/palms_import_review.html", context)


@chapter_view(capability=Capability.MANAGE_MEMBERS)
@require_http_methods(["GET", "POST"])
def palms_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    if draft.imported_at is not None:
        return _imported(request, draft)
    if draft.unresolved:
        return _to("palms_import_review", request, draft)
    errors: list[str] = []
    if request.method == "POST":
        try:
            draft, _written_now = palms_draft_confirm(chapter=request.chapter, pk=draft.pk, by=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            return _imported(request, draft)
    context = {"chapter": request.chapter, "draft": draft, "errors": errors, **palms_draft_preview(draft)}
    return render(request, "chapters/reports/palms_import_confirm.html", context)
