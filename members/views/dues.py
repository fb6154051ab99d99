"""The treasurer's dues page: open, overdue and paid lines, the fees, marking a line paid, export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.exports import requested_format
from members.access import chapter_view
from members.capabilities import Capability
from members.forms.dues import DuesRateForm, MarkPaidForm
from members.selectors.dues import DuesFilter, dues_lines, dues_rates, dues_totals
from members.services.dues import DuesExporter, dues_mark_paid, dues_rate_set


def _state(request: HttpRequest) -> str:
    state = request.GET.get("state", DuesFilter.OPEN)
    return state if state in DuesFilter.CHOICES else DuesFilter.OPEN


def _page(request: HttpRequest, *, rate_form: DuesRateForm | None = None, status: int = 200) -> HttpResponse:
    state = _state(request)
    totals = dues_totals(chapter=request.chapter)
    return render(
        request,
        "members/admin/dues.html",
        {
            "state": state,
            "states": [
                (DuesFilter.OPEN, _("Open")),
                (DuesFilter.OVERDUE, _("Overdue")),
                (DuesFilter.PAID, _("Paid")),
                (DuesFilter.ALL, _("All")),
            ],
            "lines": dues_lines(chapter=request.chapter, state=state)[:200],
            "totals_list": [
                (DuesFilter.OPEN, _("Open"), totals["open"]),
                (DuesFilter.OVERDUE, _("Overdue"), totals["overdue"]),
                (DuesFilter.PAID, _("Paid"), totals["paid"]),
            ],
            "rates": dues_rates(chapter=request.chapter),
            "rate_form": rate_form or DuesRateForm(),
            "paid_form": MarkPaidForm(),
            "today": timezone.localdate(),
        },
        status=status,
    )


@chapter_view(capability=Capability.MANAGE_DUES)
@require_GET
def dues(request: HttpRequest) -> HttpResponse:
    fmt = requested_format(request)
    if fmt:
        state = _state(request)
        lines = dues_lines(chapter=request.chapter, state=state)
        return DuesExporter(request.chapter, lines, state).response(fmt)
    return _page(request)


@chapter_view(capability=Capability.MANAGE_DUES)
@require_POST
def dues_rate(request: HttpRequest) -> HttpResponse:
    form = DuesRateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            dues_rate_set(
                chapter=request.chapter,
                term_months=data["term_months"],
                amount=data["amount"],
                vat_rate=data["vat_rate"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The fee is saved; new and renewed terms get it."))
            return redirect("dues", chapter_slug=request.chapter.slug)
    return _page(request, rate_form=form)


@chapter_view(capability=Capability.MANAGE_DUES)
@require_POST
def dues_paid(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(request.chapter.dues_lines.select_related("membership__user"), pk=pk)
    form = MarkPaidForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
    else:
        data = form.cleaned_data
        try:
            dues_mark_paid(
                line=line,
                recorded_by=request.user,
                method=data["method"],
                paid_on=data["paid_on"],
                reference=data["reference"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The payment of %(name)s is recorded.") % {"name": line.membership.user.full_name}
            )
    return redirect(
        f"{reverse('dues', kwargs={'chapter_slug': request.chapter.slug})}?state={_state(request)}"
    )
