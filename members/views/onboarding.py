"""Onboarding: the mentor coordinator's page (mentors, checklists) and ticking items."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.access import chapter_view, member_required
from members.capabilities import Capability
from members.forms.onboarding import MentorForm, OnboardingStepForm
from members.models import OnboardingItem, OnboardingStep
from members.selectors.onboarding import chapter_onboardings
from members.services.onboarding import (
    onboarding_assign_mentor,
    onboarding_item_tick,
    onboarding_step_add,
    onboarding_step_remove,
    onboarding_steps,
)


@chapter_view(capability=Capability.MANAGE_ONBOARDING)
@require_GET
def onboarding_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "members/admin/onboarding.html",
        {
            "onboardings": chapter_onboardings(chapter=request.chapter),
            "mentor_form": MentorForm(chapter=request.chapter),
            "today": timezone.localdate(),
        },
    )


@chapter_view(capability=Capability.MANAGE_ONBOARDING)
@require_POST
def onboarding_mentor(request: HttpRequest, pk: int) -> HttpResponse:
    onboarding = get_object_or_404(request.chapter.onboardings.select_related("membership__user"), pk=pk)
    form = MentorForm(request.POST, chapter=request.chapter)
    if not form.is_valid():
        messages.error(request, _("Choose a current member as mentor."))
    else:
        try:
            onboarding_assign_mentor(onboarding=onboarding, mentor=form.cleaned_data["mentor"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(mentor)s is the mentor of %(name)s.")
                % {
                    "mentor": form.cleaned_data["mentor"].full_name,
                    "name": onboarding.membership.user.full_name,
                },
            )
    return redirect("onboarding_list", chapter_slug=request.chapter.slug)


@chapter_view(capability=Capability.MANAGE_ONBOARDING)
@require_POST
def onboarding_item_done(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator may tick any item of the chapter's checklists."""
    item = get_object_or_404(OnboardingItem.objects.filter(onboarding__chapter=request.chapter), pk=pk)
    onboarding_item_tick(item=item, by=request.user)
    return redirect("onboarding_list", chapter_slug=request.chapter.slug)


@member_required
@require_POST
def my_onboarding_item_done(request: HttpRequest, pk: int) -> HttpResponse:
    """The new member ticks their own items; their mentor ticks the mentor's items."""
    item = get_object_or_404(OnboardingItem.objects.select_related("onboarding__membership"), pk=pk)
    onboarding = item.onboarding
    own = onboarding.membership.user_id == request.user.pk and item.owner == OnboardingStep.Owner.MEMBER
    mentoring = onboarding.mentor_id == request.user.pk and item.owner != OnboardingStep.Owner.COORDINATOR
    if not (own or mentoring):
        raise Http404  # not theirs: as if it did not exist
    onboarding_item_tick(item=item, by=request.user)
    messages.success(request, _("Ticked: %(item)s.") % {"item": item.title})
    return redirect("home")


@chapter_view(capability=Capability.MANAGE_ONBOARDING)
@require_http_methods(["GET", "POST"])
def onboarding_template(request: HttpRequest) -> HttpResponse:
    """The chapter's checklist for new members: add and remove steps."""
    form = OnboardingStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            onboarding_step_add(chapter=request.chapter, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The step is added for new members from now on."))
            return redirect("onboarding_template", chapter_slug=request.chapter.slug)
    context = {"steps": onboarding_steps(request.chapter), "form": form}
    return render(request, "members/admin/onboarding_template.html", context)


@chapter_view(capability=Capability.MANAGE_ONBOARDING)
@require_POST
def onboarding_step_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    step = request.chapter.onboarding_steps.filter(pk=pk).first()
    if step is not None:  # removing twice: the second does nothing
        onboarding_step_remove(step=step)
        messages.success(request, _("The step is removed; checklists already started keep it."))
    return redirect("onboarding_template", chapter_slug=request.chapter.slug)
