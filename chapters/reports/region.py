"""Chapters of a region side by side."""

import datetime

from chapters.models import (
    Region,
)
from chapters.reports.overview import chapter_traffic_light, chapters_figures
from chapters.reports.periods import six_months
from chapters.schemes import chapter_bands_for


def region_comparison(region: Region, period_end: datetime.date | None = None) -> list[dict]:
    """The region's chapters side by side: their figures in one query, whatever their number."""
    bands = chapter_bands_for(region)
    chapters = list(region.chapters.filter(is_active=True).order_by("name"))
    by_chapter = chapters_figures(
        region.chapters.filter(pk__in=[c.pk for c in chapters]), six_months(period_end)
    )
    return [
        {
            "chapter": chapter,
            "figures": by_chapter[chapter.pk],
            "light": chapter_traffic_light(by_chapter[chapter.pk], bands),
        }
        for chapter in chapters
    ]
