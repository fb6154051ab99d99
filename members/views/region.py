"""Region admin pages: the chapters of a region, and starting a new chapter with its leadership team."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from chapters.models import Region
from members import selectors, services
from members.access import current_q, is_region_admin
from members.forms import ChapterCreateForm, LeaderForm
from members.models import Role

FIRST_TEAM = ("president", "vice_president", "secretary_treasurer")


def _region_for_admin(request: HttpRequest, region_slug: str) -> Region:
    region = get_object_or_404(Region, slug=region_slug)
    if not (request.user.is_superuser or is_region_admin(request.user, region.pk)):
        raise Http404
    return region


@login_required
@require_GET
def region_home(request: HttpRequest) -> HttpResponse:
    """The region (or first region) the user administers."""
    admin_role = request.user.region_admin_roles.filter(current_q()).select_related("region").first()
    if admin_role is None:
        raise Http404
    return redirect("region_chapters", region_slug=admin_role.region.slug)


@login_required
@require_GET
def region_chapters(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = _region_for_admin(request, region_slug)
    return render(
        request,
        "members/region/chapters.html",
        {"region": region, "chapters": selectors.region_chapters(region=region)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def region_chapter_create(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = _region_for_admin(request, region_slug)
    roles = {role.code: role for role in Role.objects.filter(chapter=None, code__in=FIRST_TEAM)}
    data = request.POST or None
    form = ChapterCreateForm(data)
    leader_forms = [LeaderForm(data, role=roles[code], prefix=code) for code in FIRST_TEAM if code in roles]
    if request.method == "POST" and form.is_valid() and all(leader.is_valid() for leader in leader_forms):
        leaders = [
            services.NewLeader(role=leader.role, **leader.cleaned_data)
            for leader in leader_forms
            if leader.is_filled()
        ]
        try:
            chapter = services.chapter_create(
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
        "members/region/chapter_create.html",
        {"region": region, "form": form, "leader_forms": leader_forms},
    )
