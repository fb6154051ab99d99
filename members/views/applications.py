"""Applying to a chapter (public) and the membership committee's review."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chapters.models import Chapter
from config import rate_limits
from members.access import chapter_view
from members.capabilities import Capability
from members.forms.applications import ApplicationForm, ClassifyForm, DecisionForm, InterviewForm
from members.models import Application
from members.selectors.applications import decided_applications, open_applications
from members.selectors.classifications import chapter_seats, wanted_classifications
from members.services.applications import (
    application_approve,
    application_classify,
    application_from_visitor,
    application_propose,
    application_record_interview,
    application_reject,
    application_submit,
)
from members.services.classifications import classification_holder, classification_is_locked


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, chapter_slug: str) -> HttpResponse:
    chapter = get_object_or_404(Chapter, slug=chapter_slug, is_active=True)
    form = ApplicationForm(request.POST or None, chapter=chapter)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        limits = rate_limits.limits_for(request, "apply", email=data["email"])
        try:
            with rate_limits.counted(limits):
                application_submit(
                    chapter=chapter,
                    classification=data["classification"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    phone=data["phone"],
                    company=data["company"],
                    website=data["website"],
                    references=data["references"],
                    motivation=data["motivation"],
                    profession=data["profession"],
                    language=request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("nl", "en") else "nl",
                )
        except rate_limits.RateLimited:
            form.add_error(
                None,
                _(
                    "Too many submissions from your connection or for this email address. Please try again later."
                ),
            )
            status = 429
        except ValidationError as error:
            form.add_error("classification", error)
        else:
            return redirect("chapter_apply_thanks", chapter_slug=chapter.slug)
    seats = chapter_seats(chapter)
    taken = [seat for seat in seats if not seat.is_open]
    context = {
        "chapter": chapter,
        "form": form,
        "taken": taken,
        "wanted": wanted_classifications(chapter, seats),
    }
    return render(request, "members/apply.html", context, status=status)


@require_GET
def apply_thanks(request: HttpRequest, chapter_slug: str) -> HttpResponse:
    chapter = get_object_or_404(Chapter, slug=chapter_slug, is_active=True)
    return render(request, "members/apply_thanks.html", {"chapter": chapter})


@chapter_view(capability=Capability.REVIEW_APPLICATIONS)
@require_GET
def applications(request: HttpRequest) -> HttpResponse:
    decided = Paginator(decided_applications(chapter=request.chapter), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "members/admin/applications.html",
        {"open_applications": open_applications(chapter=request.chapter), "page_obj": decided},
    )


def _application_or_404(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(
        request.chapter.applications.select_related("classification", "decided_by", "member"), pk=pk
    )


def _seat_free(request: HttpRequest, application: Application) -> tuple[bool, object, bool]:
    chapter, classification = request.chapter, application.classification
    holder = classification_holder(chapter=chapter, classification=classification)
    locked = classification_is_locked(chapter=chapter, classification=classification)
    return classification is not None and not holder and not locked, holder, locked


def _decision_form(request: HttpRequest, application: Application, data=None) -> DecisionForm:
    seat_free = _seat_free(request, application)[0]
    proposed = application.status == Application.Status.PROPOSED
    window_open = proposed and timezone.now() < application.objections_until
    return DecisionForm(
        data, chapter=request.chapter, approvable=seat_free and proposed, window_open=window_open
    )


def _detail(request: HttpRequest, application: Application, **forms) -> HttpResponse:
    chapter = request.chapter
    seat_free, holder, locked = _seat_free(request, application)
    interview_missing = chapter.interview_required and application.interviewed_on is None
    context = {
        "application": application,
        "holder": holder,
        "locked": locked,
        "seat_free": seat_free,
        "interview_missing": interview_missing,
        "can_propose": seat_free and application.status != Application.Status.PROPOSED,
        "window_open": application.status == Application.Status.PROPOSED
        and timezone.now() < application.objections_until,
        "objections": application.objections.select_related("member"),
        "interview_form": forms.get("interview_form") or InterviewForm(instance=application),
        "decision_form": forms.get("decision_form") or _decision_form(request, application),
        "classify_form": forms.get("classify_form") or ClassifyForm(chapter=chapter),
    }
    return render(request, "members/admin/application_detail.html", context)


@chapter_view(capability=Capability.REVIEW_APPLICATIONS)
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _application_or_404(request, pk))


@chapter_view(capability=Capability.REVIEW_APPLICATIONS)
@require_POST
def application_interview(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_or_404(request, pk)
    form = InterviewForm(request.POST, instance=Application.objects.get(pk=application.pk))
    if form.is_valid():
        try:
            application_record_interview(
                application=application,
                notes=form.cleaned_data["interview_notes"],
                interviewed_on=form.cleaned_data["interviewed_on"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The interview is recorded."))
        return redirect("application_detail", chapter_slug=request.chapter.slug, pk=pk)
    return _detail(request, application, interview_form=form)


@chapter_view(capability=Capability.REVIEW_APPLICATIONS)
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_or_404(request, pk)
    form = _decision_form(request, application, request.POST)
    if not form.is_valid():
        return _detail(request, application, decision_form=form)
    data = form.cleaned_data
    try:
        if data["decision"] == DecisionForm.APPROVE:
            member = application_approve(
                application=application,
                decided_by=request.user,
                reason=data["reason"],
                sponsor=data["sponsor"],
                early_reason=data.get("early_reason", ""),
            )
            messages.success(
                request,
                _("%(name)s is now a member and receives an email to set a password.")
                % {"name": member.full_name},
            )
        else:
            application_reject(application=application, decided_by=request.user, reason=data["reason"])
            messages.success(
                request, _("The application is rejected; the applicant receives a polite email.")
            )
    except ValidationError as error:
        form.add_error(None, error)
        return _detail(request, application, decision_form=form)
    return redirect("applications", chapter_slug=request.chapter.slug)


@chapter_view(capability=Capability.REVIEW_APPLICATIONS)
@require_POST
def application_classification(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_or_404(request, pk)
    form = ClassifyForm(request.POST, chapter=request.chapter)
    if not form.is_valid():
        return _detail(request, application, classify_form=form)
    try:
        application_classify(application=application, classification=form.cleaned_data["classification"])
    except ValidationError as error:
        form.add_error(None, error)
        return _detail(request, application, classify_form=form)
    messages.success(request, _("The classification of the application is set."))
    return redirect("application_detail", chapter_slug=request.chapter.slug, pk=pk)


@chapter_view(capability=Capability.REVIEW_APPLICATIONS)
@require_POST
def application_propose_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_or_404(request, pk)
    try:
        proposed = application_propose(application=application, proposed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is proposed: the members may object until %(until)s.")
            % {
                "name": proposed.full_name,
                "until": formats.date_format(timezone.localtime(proposed.objections_until), "j F Y H:i"),
            },
        )
    return redirect("application_detail", chapter_slug=request.chapter.slug, pk=pk)


@chapter_view(capability=Capability.HOST_VISITORS)
@require_POST
def visitor_application(request: HttpRequest, pk: int) -> HttpResponse:
    """One click on the visitor's page: an application prefilled from the visit; the committee is told."""
    visitor = get_object_or_404(request.chapter.visitors.select_related("chapter"), pk=pk)
    try:
        application = application_from_visitor(visitor=visitor)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s has an application now; the membership committee is told.")
            % {"name": application.full_name},
        )
    return redirect("visitor_detail", chapter_slug=request.chapter.slug, pk=pk)
