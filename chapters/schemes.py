"""Scoring schemes and the chapter traffic light's bands: which table a chapter is judged by, and
whether a table is valid. The scoring engine itself is chapters.scoring."""

from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chapters import scoring
from chapters.models import (
    Chapter,
    Region,
    ScoringScheme,
    ScoringWindow,
)

# Chapter traffic light: every figure over 6 months banded into points, as data. [operator, threshold, points].
COLOUR_LABELS = {"green": _("green"), "amber": _("amber"), "red": _("red"), "grey": _("grey")}

CHAPTER_METRIC_LABELS = {
    "size": _("Members now"),
    "growth": _("Member growth (joined minus left)"),
    "retention": _("Retention: members of 6 months ago still a member (in %)"),
    "referrals_per_member_per_week": _("Referrals per member per week"),
    "visitors_per_week": _("Visitors per week"),
    "conversion": _("Visitor-to-member conversion: visitors who applied (in %)"),
    "absence_rate": _("Absence rate: absences among attendance records (in %)"),
}

CHAPTER_BANDS = {
    "colours": [["green", 70], ["amber", 50], ["red", 30], ["grey", 0]],
    "metrics": [
        {"metric": "size", "bands": [[">=", "31", 15], [">=", "26", 10], [">=", "20", 5], [">=", "0", 0]]},
        {"metric": "growth", "bands": [[">=", "5", 15], [">=", "2", 10], [">", "0", 5], [">=", "-1000", 0]]},
        {
            "metric": "retention",
            "bands": [[">=", "90", 15], [">=", "80", 10], [">=", "70", 5], [">=", "0", 0]],
        },
        {
            "metric": "referrals_per_member_per_week",
            "bands": [[">=", "1.2", 15], [">=", "1", 10], [">=", "0.75", 5], [">=", "0", 0]],
        },
        {
            "metric": "visitors_per_week",
            "bands": [[">=", "2", 15], [">=", "1", 10], [">=", "0.5", 5], [">=", "0", 0]],
        },
        {
            "metric": "conversion",
            "bands": [[">=", "25", 15], [">=", "15", 10], [">=", "5", 5], [">=", "0", 0]],
        },
        {"metric": "absence_rate", "bands": [["<=", "3", 10], ["<=", "5", 5], [">=", "0", 0]]},
    ],
}


@dataclass(frozen=True)
class SchemeInUse:
    name: str
    kind: str
    window: str
    definition: dict
    pk: int | None = None

    @property
    def window_label(self) -> str:
        return ScoringWindow(self.window).label


DEFAULT_SCHEME = SchemeInUse(
    _("Member traffic lights"), "bands", ScoringWindow.ROLLING, scoring.TRAFFIC_LIGHTS
)


def scheme_for(chapter: Chapter) -> SchemeInUse:
    """The region's scheme, or the traffic lights when the region has not chosen.

    No query when the region came with its scheme (the request's membership does), else one.
    """
    if Chapter.region.is_cached(chapter) and Region.scoring_scheme.is_cached(chapter.region):
        scheme = chapter.region.scoring_scheme
    else:
        scheme = ScoringScheme.objects.filter(regions_using__pk=chapter.region_id).first()
    if scheme is None:
        return DEFAULT_SCHEME
    return SchemeInUse(scheme.name, scheme.kind, scheme.window, scheme.definition, scheme.pk)


def chapter_bands_for(region) -> dict:
    """The region's own chapter traffic light bands, or the defaults."""
    return region.chapter_light_bands or CHAPTER_BANDS


@contextmanager
def _valid_table(message: str):
    """Turn any sign of a malformed table (a missing key, a bad number) into one clear error."""
    try:
        yield
    except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError) as exc:
        raise ValidationError(message, code="invalid") from exc


def validate_definition(definition: dict, kind: str) -> None:
    """A table the engine can score: metrics it knows, bands or points as numbers, colours."""
    with _valid_table(_("This table is not a valid scoring scheme of this kind.")):
        if definition.get("kind") != kind or not definition.get("metrics") or not definition.get("colours"):
            raise ValueError
        for metric in definition["metrics"]:
            if metric["metric"] not in scoring.METRICS:
                raise ValueError
        scoring.score({}, 26, definition)


def validate_chapter_bands(bands: dict) -> None:
    """Same shape as CHAPTER_BANDS: known metrics, [operator, threshold, points] bands, colours."""
    with _valid_table(_("This table is not a valid chapter traffic light.")):
        if not bands["metrics"]:
            raise ValueError
        for colour, threshold in bands["colours"]:
            if colour not in COLOUR_LABELS:
                raise ValueError
            Decimal(str(threshold))
        for definition in bands["metrics"]:
            if definition["metric"] not in CHAPTER_METRIC_LABELS:
                raise ValueError
            for operator, threshold, points in definition["bands"]:
                if operator not in (">=", ">", "<=", "<", "=="):
                    raise ValueError
                Decimal(str(threshold)), Decimal(str(points))
