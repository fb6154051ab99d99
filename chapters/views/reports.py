"""Report pages: they read, never write. Every report downloads as CSV or XLSX with ?format=."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from chapters import exports, reports, scoring_schemes
from chapters.models import Region, ScoringScheme, ScoringWindow
from members.access import chapter_view, is_region_admin, member_required
from members.capabilities import Capability
from members.forms import DateInput

REPORTS = Capability.VIEW_REPORTS


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=DateInput())
    end = forms.DateField(label=gettext_lazy("Up to and including"), widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start must be before the end."))
        return data


def _period(request: HttpRequest) -> tuple[PeriodForm, reports.Period]:
    """The period from ?start=&end=; by default the last 26 weeks. Bad dates: form errors, default period."""
    default = reports.six_months(timezone.localdate())
    if "start" not in request.GET:
        return PeriodForm(initial={"start": default.start, "end": default.end}), default
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return form, default
    # Meetings held are counted by the pages that show them, with their figures.
    return form, reports.Period(form.cleaned_data["start"], form.cleaned_data["end"])


def _export_format(request: HttpRequest) -> str | None:
    fmt = request.GET.get("format")
    return fmt if fmt in exports.FORMATS else None


@chapter_view(capability=REPORTS)
@require_GET
def palms_report(request: HttpRequest) -> HttpResponse:
    form, period = _period(request)
    period = reports.period_with_weeks(request.chapter, period.start, period.end)
    report = reports.palms_report(request.chapter, period)
    fmt = _export_format(request)
    if fmt:
        headers = [_("Member"), *[short for _key, short, _label in reports.PALMS_COLUMNS]]
        rows = [[row.full_name, *[getattr(row, key) for key in reports.PALMS_KEYS]] for row in report["rows"]]
        rows.append([_("Total"), *[report["totals"][key] for key in reports.PALMS_KEYS]])
        return exports.export_response(
            fmt=fmt,
            filename=f"PALMS {request.chapter.name} {period.start} {period.end}",
            headers=headers,
            rows=rows,
        )
    return render(
        request,
        "chapters/reports/palms.html",
        {"chapter": request.chapter, "form": form, "columns": reports.PALMS_COLUMNS, **report},
    )


@chapter_view(capability=REPORTS)
@require_GET
def chapter_overview(request: HttpRequest) -> HttpResponse:
    form, period = _period(request)
    overview = reports.chapter_overview(request.chapter, period)
    fmt = _export_format(request)
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
    period = reports.six_months()
    figures = reports.chapter_figures(request.chapter, period)
    light = reports.chapter_traffic_light(figures, reports.chapter_bands_for(request.chapter.region))
    fmt = _export_format(request)
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
    matrix = reports.give_take_network(request.chapter, period)
    fmt = _export_format(request)
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
    result = reports.chapter_scores(request.chapter)
    fmt = _export_format(request)
    if fmt:
        month_headers = [end.strftime("%Y-%m") for end in result["months"]]
        headers = [_("Member"), _("Colour"), *month_headers]
        rows = [
            [
                entry.member.full_name,
                str(reports.COLOUR_LABELS.get(entry.score.colour, entry.score.colour)),
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
        {"chapter": request.chapter, "colour_labels": reports.COLOUR_LABELS, **result},
    )


@member_required
@require_GET
def my_score(request: HttpRequest) -> HttpResponse:
    context = reports.member_score(request.user, request.chapter)
    return render(request, "chapters/reports/my_score.html", {"chapter": request.chapter, **context})


# --- Region


def _region_for_admin(request: HttpRequest, region_slug: str) -> Region:
    region = get_object_or_404(Region, slug=region_slug)
    if not (request.user.is_superuser or is_region_admin(request.user, region.pk)):
        raise Http404
    return region


@login_required
@require_GET
def region_reports(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = _region_for_admin(request, region_slug)
    comparison = reports.region_comparison(region)
    labels = reports.CHAPTER_METRIC_LABELS
    fmt = _export_format(request)
    if fmt:
        keys = [
            "members",
            "growth",
            "retention",
            "attendance",
            "referrals_per_member_per_week",
            "visitors_per_week",
            "conversion",
            "tyfcb",
        ]
        headers = [_("Chapter"), *keys, _("Points")]
        rows = [
            [item["chapter"].name, *[item["figures"][key] for key in keys], item["light"]["total"]]
            for item in comparison
        ]
        return exports.export_response(fmt=fmt, filename=f"Region {region.name}", headers=headers, rows=rows)
    return render(
        request,
        "chapters/reports/region.html",
        {
            "region": region,
            "comparison": comparison,
            "labels": labels,
            "colour_labels": reports.COLOUR_LABELS,
        },
    )


class SchemeChoiceForm(forms.Form):
    scheme = forms.ModelChoiceField(
        queryset=ScoringScheme.objects.none(), label=gettext_lazy("Scoring scheme")
    )
    window = forms.ChoiceField(label=gettext_lazy("Window"), choices=ScoringWindow.choices)
    definition = forms.JSONField(
        label=gettext_lazy("Table (points, thresholds and colours)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "font-monospace"}),
        help_text=gettext_lazy("Leave empty to use the chosen scheme's table as it is."),
    )
    chapter_bands = forms.JSONField(
        label=gettext_lazy("Chapter traffic light (bands and colours)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "font-monospace"}),
        help_text=gettext_lazy("Leave empty to use the standard bands shown on the chapter traffic light."),
    )

    def clean_chapter_bands(self):
        bands = self.cleaned_data["chapter_bands"]
        if bands:
            reports.validate_chapter_bands(bands)
        return bands or {}

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = ScoringScheme.objects.filter(Q(region=None) | Q(region=region))


@login_required
@require_http_methods(["GET", "POST"])
def region_scoring(request: HttpRequest, region_slug: str) -> HttpResponse:
    """Region admins choose the scheme, its window and table; every member's score page says which applies."""
    region = _region_for_admin(request, region_slug)
    current = region.scoring_scheme
    form = SchemeChoiceForm(
        request.POST or None,
        region=region,
        initial={
            "scheme": current,
            "window": current.window if current else ScoringWindow.ROLLING,
            "definition": current.definition if current else None,
            "chapter_bands": region.chapter_light_bands or reports.CHAPTER_BANDS,
        },
    )
    if request.method == "POST" and form.is_valid():
        scheme = form.cleaned_data["scheme"]
        try:
            scoring_schemes.scoring_scheme_choose(
                region=region,
                scheme=scheme,
                window=form.cleaned_data["window"],
                definition=form.cleaned_data["definition"] or scheme.definition,
                chapter_bands=form.cleaned_data["chapter_bands"],
            )
        except ValidationError as error:
            form.add_error("definition", error)
        else:
            messages.success(request, _("The region's scoring scheme is saved."))
            return redirect("region_scoring", region_slug=region.slug)
    return render(
        request,
        "chapters/reports/region_scoring.html",
        {"region": region, "form": form, "current": current or reports.DEFAULT_SCHEME},
    )
