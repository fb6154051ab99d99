"""Report pages: they read, never write. Every report downloads as CSV or XLSX with ?format=."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from chapters import schemes
from chapters.reports import figures as figures_reports
from chapters.reports import network as network_reports
from chapters.reports import overview as overview_reports
from chapters.reports import palms as palms_reports
from chapters.reports import periods
from chapters.reports import scores as scores_reports
from config.exports import requested_format
from members.access import chapter_view, member_required
from members.capabilities import Capability
from members.forms.fields import BoundedDateField, DateInput

REPORTS = Capability.VIEW_REPORTS


class PeriodForm(forms.Form):
    start = BoundedDateField(label=gettext_lazy("From"), widget=DateInput())
    end = BoundedDateField(label=gettext_lazy("Up to and including"), widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start must be before the end."))
        return data


def _period(request: HttpRequest) -> tuple[PeriodForm, periods.Period]:
    """The period from ?start=&end=; by default the last 26 weeks. Bad dates: form errors, default period."""
    default = periods.six_months(timezone.localdate())
    if "start" not in request.GET:
        return PeriodForm(initial={"start": default.start, "end": default.end}), default
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return form, default
    # Meetings held are counted by the pages that show them, with their figures.
    return form, periods.Period(form.cleaned_data["start"], form.cleaned_data["end"])


def _report_page(request: HttpRequest, template: str, context: dict, exporter) -> HttpResponse:
    """The report as a page, or as a download when ?format= asks for one (`exporter()` builds it)."""
    if fmt := requested_format(request):
        return exporter().response(fmt)
    return render(request, template, {"chapter": request.chapter, **context})


@chapter_view(capability=REPORTS)
@require_GET
def palms_report(request: HttpRequest) -> HttpResponse:
    form, period = _period(request)
    period = periods.period_with_weeks(request.chapter, period.start, period.end)
    report = palms_reports.palms_report(request.chapter, period)
    return _report_page(
        request,
        "chapters/reports/palms.html",
        {"form": form, "columns": figures_reports.PALMS_COLUMNS, **report},
        lambda: palms_reports.PalmsExporter(request.chapter, period, report),
    )


@chapter_view(capability=REPORTS)
@require_GET
def chapter_overview(request: HttpRequest) -> HttpResponse:
    form, period = _period(request)
    overview = overview_reports.chapter_overview(request.chapter, period)
    return _report_page(
        request,
        "chapters/reports/overview.html",
        {"form": form, "period": period, **overview},
        lambda: overview_reports.OverviewExporter(request.chapter, period, overview),
    )


@chapter_view(capability=REPORTS)
@require_GET
def chapter_light(request: HttpRequest) -> HttpResponse:
    period = periods.six_months()
    figures = overview_reports.chapter_figures(request.chapter, period)
    light = overview_reports.chapter_traffic_light(figures, schemes.chapter_bands_for(request.chapter.region))
    return _report_page(
        request,
        "chapters/reports/chapter_light.html",
        {"period": period, "figures": figures, **light},
        lambda: overview_reports.TrafficLightExporter(request.chapter, light),
    )


@chapter_view(capability=REPORTS)
@require_GET
def network(request: HttpRequest) -> HttpResponse:
    form, period = _period(request)
    matrix = network_reports.give_take_network(request.chapter, period)
    return _report_page(
        request,
        "chapters/reports/network.html",
        {"form": form, "period": period, **matrix},
        lambda: network_reports.NetworkExporter(request.chapter, matrix),
    )


@chapter_view(capability=REPORTS)
@require_GET
def chapter_scores(request: HttpRequest) -> HttpResponse:
    result = scores_reports.chapter_scores(request.chapter)
    return _report_page(
        request,
        "chapters/reports/scores.html",
        {"colour_labels": schemes.COLOUR_LABELS, **result},
        lambda: scores_reports.ScoresExporter(request.chapter, result),
    )


@member_required
@require_GET
def my_score(request: HttpRequest) -> HttpResponse:
    context = scores_reports.member_score(request.user, request.chapter)
    return render(request, "chapters/reports/my_score.html", {"chapter": request.chapter, **context})
