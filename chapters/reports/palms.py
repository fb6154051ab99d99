"""The PALMS report: per-member attendance and activity over a period."""

from django.utils.translation import gettext as _

from chapters.models import (
    Chapter,
    ImportedPalms,
)
from chapters.reports.figures import PALMS_COLUMNS, PALMS_KEYS, member_figures, totals
from chapters.reports.periods import Period
from config.exports import Exporter


def palms_report(chapter: Chapter, period: Period) -> dict:
    rows = member_figures(chapter, period)
    imported = ImportedPalms.objects.filter(chapter=chapter, period_end__range=(period.start, period.end))
    return {"rows": rows, "totals": totals(rows), "period": period, "imported": imported.exists()}


class PalmsExporter(Exporter):
    """The PALMS report as a sheet: a row per member, then the totals."""

    def __init__(self, chapter: Chapter, period: Period, report: dict):
        self.filename = f"PALMS {chapter.name} {period.start} {period.end}"
        self.report = report

    def headers(self) -> list:
        return [_("Member"), *[short for _key, short, _label in PALMS_COLUMNS]]

    def rows(self) -> list[list]:
        rows = [[row.full_name, *[getattr(row, key) for key in PALMS_KEYS]] for row in self.report["rows"]]
        rows.append([_("Total"), *[self.report["totals"][key] for key in PALMS_KEYS]])
        return rows
