"""Renewals: terms due within 60 days and overdue ones; renew, leave, lapse or drop."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from members.access import chapter_view
from members.capabilities import Capability
from members.forms.member_admin import CloseForm, LeaveForm, RenewForm
from members.models import Membership
from members.selectors.memberships import on_leave, renewals_due
from members.services.memberships import (
    membership_drop,
    membership_end_leave,
    membership_lapse,
    membership_put_on_leave,
    membership_renew,
)


@chapter_view(capability=Capability.MANAGE_MEMBERS)
@require_GET
def renewals(request: HttpRequest) -> HttpResponse:
    page = Paginator(renewals_due(chapter=request.chapter), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "members/admin/renewals.html",
        {
            "page_obj": page,
            "on_leave": on_leave(chapter=request.chapter),
            "today": timezone.localdate(),
        },
    )


ACTIONS = {
    "renew": RenewForm,
    "leave": LeaveForm,
    "end_leave": CloseForm,
    "lapse": CloseForm,
    "drop": CloseForm,
}


@chapter_view(capability=Capability.MANAGE_MEMBERS)
@require_http_methods(["GET", "POST"])
def renewal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        request.chapter.memberships.current().select_related("user", "classification"),
        pk=pk,
    )
    forms = {name: form_class(prefix=name) for name, form_class in ACTIONS.items()}
    action = request.POST.get("action")
    if request.method == "POST" and action in ACTIONS:
        form = forms[action] = ACTIONS[action](request.POST, prefix=action)
        if form.is_valid():
            try:
                message = _run(action, membership, form.cleaned_data, request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, message)
                return redirect("renewals", chapter_slug=request.chapter.slug)
    return render(request, "members/admin/renewal_detail.html", {"membership": membership, "forms": forms})


def _run(action: str, membership: Membership, data: dict, user) -> str:
    name = membership.user.full_name
    if action == "renew":
        term = membership_renew(membership=membership, renewal_due_on=data["renewal_due_on"])
        return _("%(name)s is renewed until %(date)s.") % {
            "name": name,
            "date": date_format(term.renewal_due_on, "j F Y"),
        }
    if action == "leave":
        membership_put_on_leave(
            membership=membership, until=data["until"], reason=data["reason"], approved_by=user
        )
        return _("%(name)s is on leave until %(date)s.") % {
            "name": name,
            "date": date_format(data["until"], "j F Y"),
        }
    if action == "end_leave":
        membership_end_leave(membership=membership)
        return _("%(name)s is back from leave.") % {"name": name}
    if action == "lapse":
        membership_lapse(membership=membership, reason=data["reason"])
        return _("The membership of %(name)s has lapsed.") % {"name": name}
    membership_drop(membership=membership, reason=data["reason"])
    return _("%(name)s is dropped from the chapter.") % {"name": name}
