"""My membership: my term, asking to renew, downloading my data, and leaving the chapter."""

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.access import member_required
from members.forms.leaving import LeaveChapterForm
from members.selectors.renewals import latest_renewal_request
from members.services.leaving import membership_leave
from members.services.renewals import renewal_request
from referrals.services.member_data import member_data_zip


@member_required
@require_GET
def my_membership(request: HttpRequest) -> HttpResponse:
    term = request.membership
    return render(
        request,
        "members/my_membership.html",
        {"term": term, "renewal": latest_renewal_request(membership=term)},
    )


@member_required
@require_POST
def my_membership_renew(request: HttpRequest) -> HttpResponse:
    """Ask the VP to renew; asking twice keeps the one request."""
    try:
        renewal_request(membership=request.membership, requested_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your renewal is requested. The VP of your chapter approves it."))
    return redirect("my_membership")


@member_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything Kring keeps about me, as a ZIP of JSON and CSV (with my photo)."""
    response = HttpResponse(member_data_zip(user=request.user), content_type="application/zip")
    name = f"kring-my-data-{timezone.localdate().isoformat()}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@member_required
@require_http_methods(["GET", "POST"])
def my_membership_leave(request: HttpRequest) -> HttpResponse:
    """What leaving does, and the confirm that does it; afterwards the member is logged out."""
    form = LeaveChapterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership_leave(membership=request.membership, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            chapter_name = request.membership.chapter.name
            logout(request)
            messages.success(
                request,
                _("You have left %(chapter)s. Thank you for being a member.") % {"chapter": chapter_name},
            )
            return redirect("home")
    return render(request, "members/leave.html", {"form": form, "term": request.membership})
