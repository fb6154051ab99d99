"""Chapters of a region side by side."""

import datetime

from django.utils.translation import gettext as _

from chapters.models import (
    Region,
)
from chapters.reports.overview import chapter_traffic_light, chapters_figures
from chapters.reports.periods import six_months
from chapters.schemes import chapter_bands_for
from config.exports import Exporter


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


REGION_EXPORT_KEYS = [
    "members",
    "growth",
    "retention",
    "attendance",
    "referrals_per_member_per_week",
    "visitors_per_week",
    "conversion",
    "tyfcb",
]


class RegionExporter(Exporter):
    """The region's chapters side by side as a sheet: a row per chapter with its figures and points."""

    def __init__(self, region: Region, comparison: list[dict]):
        self.filename = f"Region {region.name}"
        self.comparison = comparison

    def headers(self) -> list:
        return [_("Chapter"), *REGION_EXPORT_KEYS, _("Points")]

    def rows(self) -> list[list]:
        return [
            [
                item["chapter"].name,
                *[item["figures"][key] for key in REGION_EXPORT_KEYS],
                item["light"]["total"],
            ]
            for item in self.comparison
        ]
