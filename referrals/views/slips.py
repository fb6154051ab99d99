"""Referral slips: quick entry, my lists, detail with the receiver's pipeline, edit and withdraw."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from members.access import member_required
from referrals.forms.referrals import ConsentForm, ReferralEditForm, ReferralForm, StatusForm, WithdrawForm
from referrals.models import Referral
from referrals.selectors.receivers import reachable_membership, reachable_memberships, receiver_candidates
from referrals.selectors.referrals import (
    may_see_contact,
    recommendation_evidence,
    referral_for_user,
    referrals_for,
)
from referrals.selectors.totals import member_totals
from referrals.services import referrals as referrals_services
from referrals.services import status as status_services

PAGE_SIZE = 20
SUGGESTIONS = 6


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _say_saved(request: HttpRequest, referral, created: bool) -> None:
    """What the giver is told: saved once already, waiting for the contact, a lead, or passed."""
    if not created:
        messages.info(request, _("This referral was already saved."))
    elif referral.is_waiting_for_contact:
        messages.success(
            request,
            _(
                "Saved. Kring has asked your contact “Mag ik je doorgeven?”; %(name)s sees their details after a yes."
            )
            % {"name": referral.receiver.first_name},
        )
    elif referral.is_lead:
        messages.warning(
            request,
            _(
                "Saved as an introduction still to ask. Record the contact's consent so %(name)s can act on it."
            )
            % {"name": referral.receiver.first_name},
        )
    else:
        messages.success(
            request, _("Referral passed to %(name)s. Thank you!") % {"name": referral.receiver.full_name}
        )


@member_required
def referral_create(request: HttpRequest) -> HttpResponse:
    receivers = reachable_memberships(user=request.user, chapter=request.chapter)
    if request.method == "POST":
        form = ReferralForm(request.POST, receivers=receivers)
        if form.is_valid():
            receiver_membership = form.cleaned_data["receiver"]
            try:
                referral, created = referrals_services.referral_create(
                    giver=request.user,
                    receiver=receiver_membership.user,
                    known_memberships=[request.membership, receiver_membership],
                    data=form.referral_data(),
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                _say_saved(request, referral, created)
                return redirect("referral_detail", pk=referral.pk)
    else:
        to = request.GET.get("to") or None
        asking = request.GET.get("ask") == "1" and to is not None and to.isdigit() and len(to) < 19
        initial = {"receiver": to, "answers_ask": to if asking else None}
        form = ReferralForm(receivers=receivers, initial=initial)
    selected = reachable_membership(
        user=request.user, chapter=request.chapter, member_id=form["receiver"].value()
    )
    evidence = recommendation_evidence(giver=request.user, receiver=selected.user) if selected else None
    if not form.is_bound and evidence:
        # Experience on record (a thank-you, a testimonial): the slip starts as a recommendation.
        form.initial["recommendation"] = Referral.Recommendation.RECOMMEND
    # Before any typing: members to pick with one tap (own chapter first); the search narrows them.
    suggestions = (
        []
        if selected
        else receiver_candidates(giver=request.user, chapter=request.chapter, text="", limit=SUGGESTIONS)
    )
    return render(
        request,
        "referrals/referral_form.html",
        {
            "form": form,
            "selected": selected,
            "candidates": suggestions,
            "text": "",
            "evidence": evidence,
            # "I know someone": the ask this slip answers, shown above the form.
            "answering": selected.user
            if selected
            and selected.user.weekly_ask
            and str(form["answers_ask"].value()) == str(selected.user_id)
            else None,
        },
    )


@require_GET
@member_required
def receiver_search(request: HttpRequest) -> HttpResponse:
    """htmx: members matching a few letters, as radio buttons of the referral form."""
    text = request.GET.get("q", "").strip()[:60]
    candidates = receiver_candidates(giver=request.user, chapter=request.chapter, text=text) if text else []
    return render(
        request,
        "referrals/partials/receiver_options.html",
        {"candidates": candidates, "text": text, "field_name": request.GET.get("field", "receiver")},
    )


@member_required
def referral_list(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "received")
    if tab not in ("received", "given"):
        tab = "received"
    referrals = referrals_for(user=request.user, access=None)
    referrals = (
        referrals.filter(receiver=request.user) if tab == "received" else referrals.filter(giver=request.user)
    )
    status = request.GET.get("status", "")
    if status == "open":
        referrals = referrals.filter(status__in=Referral.OPEN_STATUSES)
    elif status in Referral.Status.values:
        referrals = referrals.filter(status=status)
    if tab == "received":
        # The receiver cannot see leads yet: the giver must ask the contact first. A lead Kring asked
        # the contact about shows, without the contact's details ("waiting for the contact's yes").
        referrals = referrals.filter(Q(kind=Referral.Kind.OWN_BUSINESS) | ~Q(consent=Referral.Consent.NONE))
    page = Paginator(referrals.order_by("-created_at"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/referral_list.html",
        {"page_obj": page, "tab": tab, "status": status, "statuses": Referral.Status.choices},
    )


def _detail_context(request: HttpRequest, referral: Referral) -> dict:
    is_receiver = referral.receiver_id == request.user.pk
    is_giver = referral.giver_id == request.user.pk
    return {
        "referral": referral,
        "is_receiver": is_receiver,
        "is_giver": is_giver,
        "show_contact": may_see_contact(referral=referral, user=request.user, access=request.access)
        and not (is_receiver and referral.is_lead),
        "next_statuses": [(s, Referral.Status(s).label) for s in referral.next_statuses()]
        if is_receiver
        else [],
        "status_changes": referral.status_changes.select_related("changed_by"),
        "corrections": referral.corrections.select_related("corrected_by")
        if is_giver or request.access.is_leader
        else [],
        "locked": referrals_services.referral_is_locked(referral) if is_giver else False,
        "consent_form": ConsentForm()
        if is_giver and referral.consent == Referral.Consent.NONE and referral.is_open
        else None,
        "consent_request": referral.consent_requests.first()
        if is_giver and referral.is_third_party
        else None,
        "thanks": referral.thanks.all(),
    }


@member_required
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = referral_for_user(user=request.user, access=request.access, pk=pk)
    return render(request, "referrals/referral_detail.html", _detail_context(request, referral))


@require_POST
@member_required
def referral_status(request: HttpRequest, pk: int) -> HttpResponse:
    referral = referral_for_user(user=request.user, access=request.access, pk=pk)
    if referral.receiver_id != request.user.pk:
        raise PermissionDenied(_("Only the member who received the referral can update its progress."))
    form = StatusForm(request.POST)
    error = None
    if not form.is_valid():
        error = _("Choose a valid next step.")
    else:
        try:
            referral = status_services.referral_set_status(
                referral=referral,
                by=request.user,
                to_status=form.cleaned_data["to_status"],
                expected_status=form.cleaned_data["expected_status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
            referral.refresh_from_db()
    if request.htmx:
        context = _detail_context(request, referral)
        context["status_error"] = error
        return render(request, "referrals/partials/status_response.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request, _("Progress saved: %(status)s.") % {"status": referral.get_status_display()}
        )
        if referral.status == Referral.Status.WON and not referral.thanks.exists():
            return redirect(f"{reverse('thank_you_create')}?referral={referral.pk}")
    return redirect("referral_detail", pk=referral.pk)


def _giver_referral(request: HttpRequest, pk: int) -> Referral:
    referral = referral_for_user(user=request.user, access=request.access, pk=pk)
    if referral.giver_id != request.user.pk:
        raise PermissionDenied(_("Only the member who passed the referral can change it."))
    return referral


@member_required
def referral_edit(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _giver_referral(request, pk)
    if not referral.is_open:
        messages.info(request, _("This referral is closed and can no longer be changed."))
        return redirect("referral_detail", pk=referral.pk)
    locked = referrals_services.referral_is_locked(referral)
    if request.method == "POST":
        form = ReferralEditForm(request.POST, initial=ReferralEditForm.initial_for(referral), locked=locked)
        if form.is_valid():
            try:
                referrals_services.referral_update(
                    referral=referral,
                    by=request.user,
                    data=form.referral_data(),
                    reason=form.cleaned_data.get("reason", ""),
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("Referral updated."))
                return redirect("referral_detail", pk=referral.pk)
    else:
        form = ReferralEditForm(initial=ReferralEditForm.initial_for(referral), locked=locked)
    return render(
        request, "referrals/referral_edit.html", {"form": form, "referral": referral, "locked": locked}
    )


@require_POST
@member_required
def referral_consent(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _giver_referral(request, pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            referrals_services.referral_record_consent(
                referral=referral,
                by=request.user,
                consent=form.cleaned_data["consent"],
                language=form.cleaned_data["ask_language"] or "nl",
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if form.cleaned_data["consent"] == Referral.Consent.ASK:
                messages.success(request, _("Kring has asked your contact. You will hear their answer."))
                return redirect("referral_detail", pk=referral.pk)
            messages.success(
                request,
                _("Consent recorded: %(name)s can now act on it.") % {"name": referral.receiver.first_name},
            )
    else:
        messages.error(request, _("Choose how the contact agreed."))
    return redirect("referral_detail", pk=referral.pk)


@member_required
def referral_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _giver_referral(request, pk)
    locked = referrals_services.referral_is_locked(referral)
    form = WithdrawForm(request.POST or None)
    if locked:
        form.fields["reason"].required = True
    if request.method == "POST" and form.is_valid():
        try:
            referrals_services.referral_withdraw(
                referral=referral, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Referral withdrawn."))
            return redirect("referral_list")
    return render(
        request, "referrals/referral_withdraw.html", {"form": form, "referral": referral, "locked": locked}
    )


@member_required
def my_numbers(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "referrals/my_numbers.html",
        {"totals": member_totals(user=request.user), "periods": PERIODS},
    )


PERIODS = [
    ("week", gettext_lazy("This week")),
    ("month", gettext_lazy("This month")),
    ("six_months", gettext_lazy("Last 6 months")),
]
