"""A member brings a guest: registers the visitor they invite to one of the next meetings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chapters.forms.visitors import GuestInviteForm
from chapters.services.guests import guest_register
from config.forms import add_errors
from members.access import member_required


@require_http_methods(["GET", "POST"])
@member_required
def my_guests(request: HttpRequest) -> HttpResponse:
    chapter = request.chapter
    form = GuestInviteForm(request.POST or None, chapter=chapter)
    if request.method == "POST" and form.is_valid():
        try:
            visitor, created = guest_register(
                member=request.user, meeting=form.cleaned_data["meeting"], **form.visitor_details()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if created:
                messages.success(
                    request,
                    _("%(name)s is registered and gets the invitation with the calendar invite.")
                    % {"name": visitor.full_name},
                )
            else:
                messages.info(request, _("%(name)s was already registered.") % {"name": visitor.full_name})
            return redirect("my_guests")
    guests = (
        request.user.invited_visitors.filter(chapter=chapter, meeting__ends_at__gte=timezone.now())
        .select_related("meeting__chapter")
        .order_by("meeting__starts_at", "first_name")
    )
    return render(request, "chapters/my_guests.html", {"chapter": chapter, "form": form, "guests": guests})
