"""Region admin pages: the region's chapters, starting a new chapter, region reports and scoring."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from chapters import schemes
from chapters.forms.chapter_setup import ChapterCreateForm, LeaderForm
from chapters.forms.region import SchemeChoiceForm
from chapters.models import ScoringWindow
from chapters.reports.region import RegionExporter, region_comparison
from chapters.services import scoring_schemes
from chapters.services.chapter_setup import NewLeader, chapter_create
from config.exports import requested_format
from members.access import current_q, region_view
from members.models import Role
from members.selectors import memberships

FIRST_TEAM = ("president", "vice_president", "secretary_treasurer")


@login_required
@require_GET
def region_home(request: HttpRequest) -> HttpResponse:
    """The region (or first region) the user administers."""
    admin_role = request.user.region_admin_roles.filter(current_q()).select_related("region").first()
    if admin_role is None:
        raise Http404
    return redirect("region_chapters", region_slug=admin_role.region.slug)


@region_view
@require_GET
def region_chapters(request: HttpRequest) -> HttpResponse:
    region = request.region
    return render(
        request,
        "chapters/region/chapters.html",
        {"region": region, "chapters": memberships.region_chapters(region=region)},
    )


@region_view
@require_http_methods(["GET", "POST"])
def region_chapter_create(request: HttpRequest) -> HttpResponse:
    region = request.region
    roles = {role.code: role for role in Role.objects.filter(chapter=None, code__in=FIRST_TEAM)}
    data = request.POST or None
    form = ChapterCreateForm(data)
    leader_forms = [LeaderForm(data, role=roles[code], prefix=code) for code in FIRST_TEAM if code in roles]
    if request.method == "POST" and form.is_valid() and all(leader.is_valid() for leader in leader_forms):
        leaders = [
            NewLeader(role=leader.role, **leader.cleaned_data)
            for leader in leader_forms
            if leader.is_filled()
        ]
        try:
            chapter = chapter_create(
                region=region, leaders=leaders, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(chapter)s is started; its leadership team receives an email to set a password.")
                % {"chapter": chapter.name},
            )
            return redirect("region_chapters", region_slug=region.slug)
    return render(
        request,
        "chapters/region/chapter_create.html",
        {"region": region, "form": form, "leader_forms": leader_forms},
    )


@region_view
@require_GET
def region_reports(request: HttpRequest) -> HttpResponse:
    region = request.region
    comparison = region_comparison(region)
    labels = schemes.CHAPTER_METRIC_LABELS
    fmt = requested_format(request)
    if fmt:
        return RegionExporter(region, comparison).response(fmt)
    return render(
        request,
        "chapters/region/reports.html",
        {
            "region": region,
            "comparison": comparison,
            "labels": labels,
            "colour_labels": schemes.COLOUR_LABELS,
        },
    )


@region_view
@require_http_methods(["GET", "POST"])
def region_scoring(request: HttpRequest) -> HttpResponse:
    """Region admins choose the scheme, its window and table; every member's score page says which applies."""
    region = request.region
    current = region.scoring_scheme
    form = SchemeChoiceForm(
        request.POST or None,
        region=region,
        initial={
            "scheme": current,
            "window": current.window if current else ScoringWindow.ROLLING,
            "definition": current.definition if current else None,
            "chapter_bands": region.chapter_light_bands or schemes.CHAPTER_BANDS,
        },
    )
    if request.method == "POST" and form.is_valid():
        scheme = form.cleaned_data["scheme"]
        try:
            scoring_schemes.scoring_scheme_choose(
                region=region,
                scheme=scheme,
                window=form.cleaned_data["window"],
                definition=form.cleaned_data["definition"] or scheme.definition,
                chapter_bands=form.cleaned_data["chapter_bands"],
            )
        except ValidationError as error:
            form.add_error("definition", error)
        else:
            messages.success(request, _("The region's scoring scheme is saved."))
            return redirect("region_scoring", region_slug=region.slug)
    return render(
        request,
        "chapters/region/scoring.html",
        {"region": region, "form": form, "current": current or schemes.DEFAULT_SCHEME},
    )
