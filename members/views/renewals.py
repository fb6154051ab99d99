"""Renewals: terms due within 60 days and overdue ones; leave, lapse or drop; the VP's decisions on
renewal requests (a leader who starts a renewal makes a request too: only the VP renews)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.access import chapter_view
from members.capabilities import Capability
from members.forms.member_admin import CloseForm, LeaveForm, RenewForm
from members.forms.renewals import RenewalDecisionForm
from members.models import Membership, RenewalRequest
from members.selectors.memberships import on_leave, renewals_due
from members.selectors.renewals import decided_renewal_requests, pending_renewal_requests
from members.services.memberships import (
    membership_drop,
    membership_end_leave,
    membership_lapse,
    membership_put_on_leave,
)
from members.services.renewals import renewal_approve, renewal_decline, renewal_preview, renewal_request


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
            "pending_requests": pending_renewal_requests(chapter=request.chapter).count(),
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
                if action == "renew":
                    return _start_renewal(request, membership, form.cleaned_data["renewal_due_on"])
                message = _run(action, membership, form.cleaned_data, request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, message)
                return redirect("renewals", chapter_slug=request.chapter.slug)
    return render(request, "members/admin/renewal_detail.html", {"membership": membership, "forms": forms})


def _start_renewal(request: HttpRequest, membership: Membership, renewal_due_on) -> HttpResponse:
    """A leader starts a renewal: a request, which the VP confirms on its own page."""
    renewal = renewal_request(membership=membership, requested_by=request.user, renewal_due_on=renewal_due_on)
    if request.access.can(Capability.REVIEW_APPLICATIONS):
        return redirect("renewal_request", chapter_slug=request.chapter.slug, pk=renewal.pk)
    messages.success(
        request,
        _("The renewal of %(name)s is requested; the VP approves it.") % {"name": membership.user.full_name},
    )
    return redirect("renewals", chapter_slug=request.chapter.slug)


def _run(action: str, membership: Membership, data: dict, user) -> str:
    name = membership.user.full_name
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


@chapter_view(capability=Capability.REVIEW_APPLICATIONS)
@require_GET
def renewal_requests(request: HttpRequest) -> HttpResponse:
    decided = Paginator(decided_renewal_requests(chapter=request.chapter), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "members/admin/renewal_requests.html",
        {"pending": pending_renewal_requests(chapter=request.chapter), "page_obj": decided},
    )


@chapter_view(capability=Capability.REVIEW_APPLICATIONS)
@require_http_methods(["GET", "POST"])
def renewal_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview (what approving does: the next term, its dues) and the decision that confirms it."""
    renewal = get_object_or_404(
        request.chapter.renewal_requests.select_related(
            "membership__user", "membership__classification", "requested_by", "decided_by", "renewed_term"
        ),
        pk=pk,
    )
    form = RenewalDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = _decide(renewal, form.cleaned_data, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, message)
            return redirect("renewal_requests", chapter_slug=request.chapter.slug)
    pending = renewal.status == RenewalRequest.Status.PENDING
    context = {
        "renewal": renewal,
        "preview": renewal_preview(renewal)
        if pending and renewal.membership.status in (*Membership.CURRENT_STATUSES, Membership.Status.LAPSED)
        else None,
        "form": form,
    }
    return render(request, "members/admin/renewal_request.html", context, status=200)


def _decide(renewal: RenewalRequest, data: dict, user) -> str:
    name = renewal.membership.user.full_name
    if data["decision"] == RenewalDecisionForm.APPROVE:
        term = renewal_approve(renewal=renewal, decided_by=user)
        return _("%(name)s is renewed until %(date)s.") % {
            "name": name,
            "date": date_format(term.renewal_due_on, "j F Y"),
        }
    renewal_decline(renewal=renewal, decided_by=user, reason=data["reason"])
    return _("The renewal of %(name)s is declined; they see it on their membership page.") % {"name": name}


@chapter_view(capability=Capability.REVIEW_APPLICATIONS)
@require_POST
def member_reinstate(request: HttpRequest, pk: int) -> HttpResponse:
    """The VP starts bringing a lapsed member back: a renewal request, confirmed on its preview page."""
    term = get_object_or_404(
        request.chapter.memberships.filter(status=Membership.Status.LAPSED).select_related("user", "chapter"),
        pk=pk,
    )
    try:
        renewal = renewal_request(membership=term, requested_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("member_edit", chapter_slug=request.chapter.slug, pk=pk)
    return redirect("renewal_request", chapter_slug=request.chapter.slug, pk=renewal.pk)
