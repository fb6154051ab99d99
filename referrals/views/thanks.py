"""Thank-yous for closed business (TYFCB)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from members.access import member_required
from referrals.forms.thanks import ThankYouForm
from referrals.models import Referral, ThankYou
from referrals.selectors.receivers import reachable_members
from referrals.services import thanks as thanks_services
from referrals.views.slips import PAGE_SIZE, _form_errors


@member_required
def thank_you_create(request: HttpRequest) -> HttpResponse:
    members = reachable_members(user=request.user, chapter=request.chapter).order_by(
        "first_name", "last_name"
    )
    thankable = Referral.objects.filter(receiver=request.user).exclude(status=Referral.Status.WITHDRAWN)
    referral = None
    referral_id = request.POST.get("referral") or request.GET.get("referral")
    if referral_id and str(referral_id).isdigit():
        referral = thankable.select_related("giver").filter(pk=referral_id).first()
    if request.method == "POST":
        form = ThankYouForm(request.POST, members=members, referrals=thankable)
        if form.is_valid():
            try:
                thank_you, created = thanks_services.thank_you_create(
                    thanked_by=request.user,
                    thanked=form.cleaned_data["thanked"],
                    amount=form.cleaned_data["amount"],
                    business_type=form.cleaned_data["business_type"],
                    closed_on=form.cleaned_data["closed_on"],
                    referral=form.cleaned_data["referral"],
                    note=form.cleaned_data["note"],
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    another_payment=form.cleaned_data["another_payment"],
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                if created:
                    messages.success(
                        request, _("Thank you recorded. Closing the loop keeps referrals coming!")
                    )
                else:
                    messages.info(request, _("This thank-you was already saved."))
                if thank_you.referral_id:
                    return redirect("referral_detail", pk=thank_you.referral_id)
                return redirect("thank_you_list")
    else:
        initial = {}
        if referral is not None:
            initial = {"referral": referral.pk, "thanked": referral.giver_id}
        form = ThankYouForm(members=members, referrals=thankable, initial=initial)
    earlier = list(referral.thanks.order_by("closed_on", "pk")) if referral is not None else []
    return render(
        request,
        "referrals/thank_you_form.html",
        {"form": form, "referral": referral, "earlier_thanks": earlier},
    )


@member_required
def thank_you_list(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "received")
    thanks = ThankYou.objects.select_related(
        "thanked_by", "thanked", "referral", "to_chapter", "from_chapter"
    )
    if tab == "given":
        thanks = thanks.filter(thanked_by=request.user)
    else:
        tab = "received"
        thanks = thanks.filter(Q(thanked=request.user))
    page = Paginator(thanks.order_by("-closed_on", "-created_at"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "referrals/thank_you_list.html", {"page_obj": page, "tab": tab})
