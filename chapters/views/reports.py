"""Report pages: they read, never write. Every report downloads as CSV or XLSX with ?format=."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from chapters import schemes
from chapters.reports import exports, periods
from chapters.reports import figures as figures_reports
from chapters.reports import network as network_reports
from chapters.reports import overview as overview_reports
from chapters.reports import palms as palms_reports
from chapters.reports import scores as scores_reports
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


@chapter_view(capability=REPORTS)
@require_GET
def palms_report(request: HttpRequest) -> HttpResponse:
    form, period = _period(request)
    period = periods.period_with_weeks(request.chapter, period.start, period.end)
    report = palms_reports.palms_report(request.chapter, period)
    fmt = exports.requested_format(request)
    if fmt:
        headers = [_("Member"), *[short for _key, short, _label in figures_reports.PALMS_COLUMNS]]
        rows = [
            [row.full_name, *[getattr(row, key) for key in figures_reports.PALMS_KEYS]]
            for row in report["rows"]
        ]
        rows.append([_("Total"), *[report["totals"][key] for key in figures_reports.PALMS_KEYS]])
        return exports.export_response(
            fmt=fmt,
            filename=f"PALMS {request.chapter.name} {period.start} {period.end}",
            headers=headers,
            rows=rows,
        )
    return render(
        request,
        "chapters/reports/palms.html",
        {"chapter": request.chapter, "form": form, "columns": figures_reports.PALMS_COLUMNS, **report},
    )


@chapter_view(capability=REPORTS)
@require_GET
def chapter_overview(request: HttpRequest) -> HttpResponse:
    form, period = _period(request)
    overview = overview_reports.chapter_overview(request.chapter, period)
    fmt = exports.requested_format(request)
    if fmt:
        headers = [_("Week"), _("Attendance %"), _("Referrals"), _("Visitors")]
        rows = [[week.day, week.attendance, week.referrals, week.visitors] for week in overview["weeks"]]
        rows.append(
            [
                _("Total"),
                overview["figures"]["attendance"],
                sum(w.referrals for w in overview["weeks"]),
                sum(w.visitors for w in overview["weeks"]),
            ]
        )
        return exports.export_response(
            fmt=fmt,
            filename=f"Overview {request.chapter.name} {period.start} {period.end}",
            headers=headers,
            rows=rows,
        )
    return render(
        request,
        "chapters/reports/overview.html",
        {"chapter": request.chapter, "form": form, "period": period, **overview},
    )


@chapter_view(capability=REPORTS)
@require_GET
def chapter_light(request: HttpRequest) -> HttpResponse:
    period = periods.six_months()
    figures = overview_reports.chapter_figures(request.chapter, period)
    light = overview_reports.chapter_traffic_light(figures, schemes.chapter_bands_for(request.chapter.region))
    fmt = exports.requested_format(request)
    if fmt:
        headers = [_("Figure"), _("Value"), _("Points")]
        rows = [[str(m.label), m.value, m.points] for m in light["metrics"]]
        rows.append([_("Total"), "", light["total"]])
        return exports.export_response(
            fmt=fmt, filename=f"Traffic light {request.chapter.name}", headers=headers, rows=rows
        )
    return render(
        request,
        "chapters/reports/chapter_light.html",
        {"chapter": request.chapter, "period": period, "figures": figures, **light},
    )


@chapter_view(capability=REPORTS)
@require_GET
def network(request: HttpRequest) -> HttpResponse:
    form, period = _period(request)
    matrix = network_reports.give_take_network(request.chapter, period)
    fmt = exports.requested_format(request)
    if fmt:
        headers = [_("From \\ to"), *[m.full_name for m in matrix["members"]], _("Given"), _("Received")]
        rows = [
            [row["member"].full_name, *row["cells"], row["given"], row["received"]] for row in matrix["rows"]
        ]
        rows.append([_("Total"), *matrix["column_totals"], matrix["total"], matrix["total"]])
        return exports.export_response(
            fmt=fmt, filename=f"Network {request.chapter.name}", headers=headers, rows=rows
        )
    return render(
        request,
        "chapters/reports/network.html",
        {"chapter": request.chapter, "form": form, "period": period, **matrix},
    )


@chapter_view(capability=REPORTS)
@require_GET
def chapter_scores(request: HttpRequest) -> HttpResponse:
    result = scores_reports.chapter_scores(request.chapter)
    fmt = exports.requested_format(request)
    if fmt:
        month_headers = [end.strftime("%Y-%m") for end in result["months"]]
        headers = [_("Member"), _("Colour"), *month_headers]
        rows = [
            [
                entry.member.full_name,
                str(schemes.COLOUR_LABELS.get(entry.score.colour, entry.score.colour)),
                *entry.trend,
            ]
            for entry in result["scores"]
        ]
        return exports.export_response(
            fmt=fmt, filename=f"Scores {request.chapter.name}", headers=headers, rows=rows
        )
    return render(
        request,
        "chapters/reports/scores.html",
        {"chapter": request.chapter, "colour_labels": schemes.COLOUR_LABELS, **result},
    )


@member_required
@require_GET
def my_score(request: HttpRequest) -> HttpResponse:
    context = scores_reports.member_score(request.user, request.chapter)
    return render(request, "chapters/reports/my_score.html", {"chapter": request.chapter, **context})
