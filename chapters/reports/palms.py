"""The PALMS report: per-member attendance and activity over a period."""

from chapters.models import (
    Chapter,
)
from chapters.reports.figures import member_figures, totals
from chapters.reports.periods import Period


def palms_report(chapter: Chapter, period: Period) -> dict:
    rows = member_figures(chapter, period)
    return {"rows": rows, "totals": totals(rows), "period": period}
