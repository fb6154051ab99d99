"""The region admin pseudonymises a former member of a chapter: a page that says what will happen."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members.access import chapter_view
from members.forms.leaving import PseudonymiseForm
from members.models import Membership
from members.services.leaving import pseudonym, user_pseudonymise


@chapter_view()
@require_http_methods(["GET", "POST"])
def member_pseudonymise(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.access.is_region_admin:
        raise PermissionDenied(_("Only the region admin can pseudonymise a former member."))
    term = get_object_or_404(
        request.chapter.memberships.exclude(status__in=Membership.CURRENT_STATUSES).select_related("user"),
        pk=pk,
    )
    person = term.user
    form = PseudonymiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and person.pseudonymised_at is None:
        try:
            user_pseudonymise(user=person, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The former member is pseudonymised; the chapter's figures are unchanged.")
            )
            return redirect("member_edit", chapter_slug=request.chapter.slug, pk=term.pk)
    first_name, last_name, _email = pseudonym(person)
    context = {"term": term, "person": person, "form": form, "pseudonym": f"{first_name} {last_name}"}
    return render(request, "members/admin/pseudonymise.html", context)
