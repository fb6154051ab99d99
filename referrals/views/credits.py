"""Education credits and testimonials: the small records the member traffic lights count."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members.access import member_required
from referrals.forms.credits import EducationCreditForm, TestimonialForm
from referrals.selectors.receivers import reachable_members
from referrals.services import credits as credit_services

PAGE_SIZE = 25


@member_required
@require_http_methods(["GET", "POST"])
def education_credits(request: HttpRequest) -> HttpResponse:
    form = EducationCreditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _credit, created = credit_services.education_credit_add(
            member=request.user, chapter=request.chapter, **form.cleaned_data
        )
        if created:
            messages.success(request, _("Your education credit is recorded."))
        else:
            messages.info(request, _("You had already recorded this education credit."))
        return redirect("education_credits")
    credits = request.user.education_credits.all()
    page = Paginator(credits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "referrals/credits/education_credits.html", {"form": form, "page_obj": page, "credits": page}
    )


@member_required
@require_http_methods(["GET", "POST"])
def testimonials(request: HttpRequest) -> HttpResponse:
    members = reachable_members(user=request.user, chapter=request.chapter, own_chapter_only=True).order_by(
        "first_name", "last_name"
    )
    # ?to=: preselected from the invite after a won slip; an unknown id just preselects nobody.
    to = request.GET.get("to", "")
    initial = {"given_to": int(to)} if to.isdigit() and len(to) < 12 else {}
    form = TestimonialForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _testimonial, created = credit_services.testimonial_add(
                given_by=request.user, chapter=request.chapter, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if created:
                messages.success(request, _("Your testimonial is recorded."))
            else:
                messages.info(request, _("You had already recorded this testimonial."))
            return redirect("testimonials")
    given = request.user.testimonials_given.select_related("given_to")
    page = Paginator(given, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "referrals/credits/testimonials.html", {"form": form, "page_obj": page, "testimonials": page}
    )
