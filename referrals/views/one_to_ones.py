"""One-to-ones: log, confirm with one click, outcome, and whom to meet next."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import member_required
from referrals.forms.one_to_ones import OneToOneForm, OneToOneOutcomeForm
from referrals.models import OneToOne
from referrals.selectors.one_to_ones import one_to_one_suggestions, one_to_ones_of
from referrals.selectors.receivers import reachable_members
from referrals.services import one_to_ones
from referrals.views.slips import PAGE_SIZE, _form_errors


def _one_to_one_for_user(request: HttpRequest, pk: int) -> OneToOne:
    one_to_one = one_to_ones_of(request.user).filter(pk=pk).first()
    if one_to_one is None:
        raise Http404
    return one_to_one


def _prefilled_goals(user, partner) -> dict:
    """Before the meeting: the goals in both members' own words from their profiles."""
    why = ""
    if partner is not None:
        why = " ".join(part for part in (partner.offer, partner.gains_networks) if part)[:2000]
    return {
        "what_i_offer": user.offer,
        "what_i_need": user.ideal_referral,
        "why_this_partner": why,
        "how_we_add_value": (partner.ideal_referral if partner is not None else "")[:2000],
    }


@member_required
def one_to_one_create(request: HttpRequest) -> HttpResponse:
    partners = reachable_members(user=request.user, chapter=request.chapter).order_by(
        "first_name", "last_name"
    )
    if request.method == "POST":
        form = OneToOneForm(request.POST, partners=partners)
        if form.is_valid():
            texts = {key: form.cleaned_data[key] for key in one_to_ones.ONE_TO_ONE_TEXT_FIELDS}
            try:
                one_to_one, created = one_to_ones.one_to_one_log(
                    logged_by=request.user,
                    partner=form.cleaned_data["partner"],
                    met_on=form.cleaned_data["met_on"],
                    texts=texts,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                if created:
                    messages.success(
                        request,
                        _("One-to-one logged. %(name)s is asked to confirm it.")
                        % {"name": form.cleaned_data["partner"].first_name},
                    )
                else:
                    messages.info(request, _("This one-to-one was already logged; it counts once."))
                return redirect("one_to_one_detail", pk=one_to_one.pk)
    else:
        partner = (
            partners.filter(pk=request.GET.get("partner")).first()
            if request.GET.get("partner", "").isdigit()
            else None
        )
        initial = {"partner": partner.pk if partner else None, **_prefilled_goals(request.user, partner)}
        form = OneToOneForm(partners=partners, initial=initial)
    return render(request, "referrals/one_to_one_form.html", {"form": form})


@member_required
def one_to_one_list(request: HttpRequest) -> HttpResponse:
    meetings = one_to_ones_of(request.user).order_by("-met_on", "-created_at")
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    suggestions = one_to_one_suggestions(user=request.user, chapter=request.chapter)
    return render(request, "referrals/one_to_one_list.html", {"page_obj": page, "suggestions": suggestions})


@member_required
def one_to_one_detail(request: HttpRequest, pk: int) -> HttpResponse:
    one_to_one = _one_to_one_for_user(request, pk)
    if request.method == "POST":
        form = OneToOneOutcomeForm(request.POST, instance=one_to_one)
        if form.is_valid():
            one_to_ones.one_to_one_update(one_to_one=one_to_one, by=request.user, texts=form.cleaned_data)
            messages.success(request, _("One-to-one saved."))
            return redirect("one_to_one_detail", pk=one_to_one.pk)
    else:
        form = OneToOneOutcomeForm(instance=one_to_one)
    return render(
        request,
        "referrals/one_to_one_detail.html",
        {
            "one_to_one": one_to_one,
            "partner": one_to_one.partner_of(request.user),
            "form": form,
            "may_confirm": one_to_one.confirmed_at is None and one_to_one.confirmer_id == request.user.pk,
        },
    )


@require_POST
@member_required
def one_to_one_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    one_to_one = _one_to_one_for_user(request, pk)
    if one_to_one.confirmer_id != request.user.pk:
        raise PermissionDenied(_("Only the other member of this one-to-one can confirm it."))
    one_to_ones.one_to_one_confirm(one_to_one=one_to_one, by=request.user)
    messages.success(request, _("One-to-one confirmed. Thank you!"))
    return redirect("one_to_one_detail", pk=one_to_one.pk)
