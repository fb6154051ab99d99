"""Chapters of a region side by side."""

import datetime

from chapters.models import (
    Region,
)
from chapters.reports.overview import chapter_figures, chapter_traffic_light
from chapters.reports.periods import six_months
from chapters.schemes import chapter_bands_for


def region_comparison(region: Region, period_end: datetime.date | None = None) -> list[dict]:
    """The region's chapters side by side (a few queries per chapter; regions have a handful)."""
    comparison = []
    bands = chapter_bands_for(region)
    for chapter in region.chapters.filter(is_active=True).order_by("name"):
        figures = chapter_figures(chapter, six_months(period_end))
        comparison.append(
            {"chapter": chapter, "figures": figures, "light": chapter_traffic_light(figures, bands)}
        )
    return comparison
