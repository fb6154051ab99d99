"""The chapter's leadership team: assign and end roles, add the chapter's own roles."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.access import chapter_view
from members.capabilities import Capability
from members.forms.roles import RoleAssignForm, RoleCreateForm
from members.selectors.memberships import current_role_assignments
from members.services import roles as roles_services


@chapter_view(capability=Capability.MANAGE_ROLES)
@require_http_methods(["GET", "POST"])
def roles(request: HttpRequest) -> HttpResponse:
    form = RoleAssignForm(request.POST or None, chapter=request.chapter)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            roles_services.role_assign(
                chapter=request.chapter,
                role=data["role"],
                user=data["user"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s.") % {"name": data["user"].full_name, "role": data["role"].name},
            )
            return redirect("roles", chapter_slug=request.chapter.slug)
    return render(
        request,
        "members/admin/roles.html",
        {
            "assignments": current_role_assignments(chapter=request.chapter),
            "custom_roles": request.chapter.custom_roles.all(),
            "form": form,
        },
    )


@chapter_view(capability=Capability.MANAGE_ROLES)
@require_POST
def role_end(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(request.chapter.role_assignments.select_related("role", "user"), pk=pk)
    roles_services.role_end(assignment=assignment)
    messages.success(
        request,
        _("%(name)s no longer holds the role %(role)s.")
        % {"name": assignment.user.full_name, "role": assignment.role.name},
    )
    return redirect("roles", chapter_slug=request.chapter.slug)


@chapter_view(capability=Capability.MANAGE_ROLES)
@require_http_methods(["GET", "POST"])
def role_create(request: HttpRequest) -> HttpResponse:
    form = RoleCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            role = roles_services.role_create(chapter=request.chapter, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role %(role)s is added.") % {"role": role.name})
            return redirect("roles", chapter_slug=request.chapter.slug)
    return render(request, "members/admin/role_create.html", {"form": form})
