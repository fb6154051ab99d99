"""Member scoring ("traffic lights") as data: a scheme is a dict, not code.

Two kinds of scheme, as regions use them:

- "bands": every metric is banded into points (the common 100-point member traffic lights). A band
  is [operator, threshold, points]; the first band that matches wins. Metrics measured "per_week"
  are divided by the number of meetings held in the window (holidays excluded).
- "weighted": points per event summed (the "CATS" style): +2 per third-party referral, -2 per
  absence, ...; "per_amount" metrics give points per whole unit (e.g. per EUR 1,000).

Colours are bands on the total: [["green", 70], ["amber", 50], ["red", 30], ["grey", 0]].
"""

import itertools
import math
from dataclasses import dataclass, field
from decimal import Decimal

# Raw values a scheme can score; each is counted over the scheme's window.
METRICS = (
    "referrals_given",  # all referrals given (inside and outside the chapter)
    "referrals_third_party",  # given for a third party's business
    "referrals_own_business",  # given for the giver's own business
    "visitors",  # first visits of guests the member invited
    "one_to_ones",
    "education_credits",
    "testimonials",
    "tyfcb_given",  # EUR thanked by the member for business received... see note below
    "absences",  # absent without substitute
    "late",
)
# "tyfcb_given" follows the chapters' convention: TYFCB a member *gives* is the thank-you they
# pass to others for business those others brought them.

# What a member can do more of in the coming weeks to raise a score.
IMPROVABLE = (
    "referrals_given",
    "referrals_third_party",
    "referrals_own_business",
    "visitors",
    "one_to_ones",
    "education_credits",
    "testimonials",
    "tyfcb_given",
)

TRAFFIC_LIGHTS = {
    "kind": "bands",
    "window": "rolling_6_months",
    "colours": [["green", 70], ["amber", 50], ["red", 30], ["grey", 0]],
    "metrics": [
        {
            "metric": "referrals_given",
            "per_week": True,
            "bands": [
                [">=", "1.2", 20],
                [">=", "1", 15],
                [">=", "0.75", 10],
                [">=", "0.5", 5],
                [">=", "0", 0],
            ],
        },
        {
            "metric": "visitors",
            "per_week": True,
            "bands": [
                [">=", "0.5", 20],
                [">=", "0.25", 15],
                [">=", "0.167", 10],
                [">=", "0.083", 5],
                [">=", "0", 0],
            ],
        },
        {
            "metric": "absences",
            "per_week": False,
            "bands": [["<=", "0", 15], ["<=", "1", 10], ["<=", "2", 5], [">=", "0", 0]],
        },
        {
            "metric": "education_credits",
            "per_week": True,
            "bands": [[">=", "1", 15], [">=", "0.5", 10], [">=", "0.25", 5], [">=", "0", 0]],
        },
        {
            "metric": "testimonials",
            "per_week": True,
            "bands": [[">=", "0.075", 10], [">", "0", 5], [">=", "0", 0]],
        },
        {
            "metric": "tyfcb_given",
            "per_week": False,
            "bands": [[">=", "5000", 15], [">=", "2500", 10], [">=", "1000", 5], [">=", "0", 0]],
        },
        {"metric": "late", "per_week": False, "bands": [["<=", "0", 5], [">=", "0", 0]]},
    ],
}

CATS = {
    "kind": "weighted",
    "window": "rolling_6_months",
    # Colours on the average points per meeting.
    "per_week_colours": True,
    "colours": [["green", 3], ["amber", 2], ["red", 1], ["grey", -1000]],
    "metrics": [
        {"metric": "referrals_third_party", "points": 2},
        {"metric": "referrals_own_business", "points": 1},
        {"metric": "visitors", "points": 2},
        {"metric": "one_to_ones", "points": 1},
        {"metric": "tyfcb_given", "points": 1, "per_amount": "1000"},
        {"metric": "absences", "points": -2},
    ],
}

PRESETS = {"traffic_lights": TRAFFIC_LIGHTS, "cats": CATS}

_OPERATORS = {
    ">=": lambda value, threshold: value >= threshold,
    ">": lambda value, threshold: value > threshold,
    "<=": lambda value, threshold: value <= threshold,
    "<": lambda value, threshold: value < threshold,
    "==": lambda value, threshold: value == threshold,
}


@dataclass(frozen=True)
class MetricScore:
    metric: str
    raw: Decimal  # count or amount over the window
    value: Decimal  # what the bands compare: raw, or raw per meeting
    points: Decimal
    max_points: Decimal
    bands: list = field(default_factory=list)


@dataclass(frozen=True)
class Score:
    total: Decimal
    colour: str
    metrics: list[MetricScore]
    weeks: int
    next_colour: str | None = None
    points_to_next_colour: Decimal | None = None


@dataclass(frozen=True)
class Suggestion:
    """The fewest extra events that reach the next colour, e.g. {"visitors": 1, "referrals_given": 2}."""

    events: dict[str, int]
    colour: str


def _decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def prepared(scheme: dict) -> dict:
    """The scheme with its thresholds, points and amounts as Decimals, for scoring many members.

    A scheme is JSON (numbers as ints, floats or strings); converting them once instead of at each
    comparison was most of the member scores page's time (40 members x 4 months x every band).
    """
    metrics = []
    for definition in scheme["metrics"]:
        definition = dict(definition)
        if "bands" in definition:
            definition["bands"] = [
                [operator, _decimal(threshold), _decimal(points)]
                for operator, threshold, points in definition["bands"]
            ]
            definition["max_points"] = max(
                (points for _operator, _threshold, points in definition["bands"]), default=Decimal(0)
            )
        for key in ("points", "per_amount"):
            if definition.get(key) is not None:
                definition[key] = _decimal(definition[key])
        metrics.append(definition)
    colours = [[colour, _decimal(threshold)] for colour, threshold in scheme["colours"]]
    return {**scheme, "metrics": metrics, "colours": colours}


def band_points(value: Decimal, bands: list) -> Decimal:
    for operator, threshold, points in bands:
        if _OPERATORS[operator](value, _decimal(threshold)):
            return _decimal(points)
    return Decimal(0)


def colour_for(total: Decimal, scheme: dict) -> str:
    for colour, threshold in scheme["colours"]:
        if total >= _decimal(threshold):
            return colour
    return scheme["colours"][-1][0]


def _per_week(raw: Decimal, weeks: int) -> Decimal:
    return raw / weeks if weeks else Decimal(0)


def score(values: dict[str, object], weeks: int, scheme: dict) -> Score:
    """Score one member's raw counts over a window of `weeks` meetings with `scheme`."""
    metrics = [_metric_score(definition, values, weeks, scheme["kind"]) for definition in scheme["metrics"]]
    total = sum((metric.points for metric in metrics), Decimal(0))
    compared = _compared(total, weeks, scheme)
    colour = colour_for(compared, scheme)
    next_colour, gap = _next_colour(compared, scheme)
    if gap is not None and scheme.get("per_week_colours"):
        gap = gap * weeks
    return Score(total, colour, metrics, weeks, next_colour, gap)


def _metric_score(definition: dict, values: dict, weeks: int, kind: str) -> MetricScore:
    name = definition["metric"]
    raw = _decimal(values.get(name, 0))
    if kind == "bands":
        value = _per_week(raw, weeks) if definition.get("per_week") else raw
        points = band_points(value, definition["bands"])
        if "max_points" in definition:
            max_points = definition["max_points"]
        else:
            max_points = max(_decimal(points) for _op, _threshold, points in definition["bands"])
        return MetricScore(name, raw, value, points, max_points, definition["bands"])
    per_amount = definition.get("per_amount")
    units = Decimal(math.floor(raw / _decimal(per_amount))) if per_amount else raw
    return MetricScore(name, raw, units, units * _decimal(definition["points"]), Decimal(0))


def _compared(total: Decimal, weeks: int, scheme: dict) -> Decimal:
    return _per_week(total, weeks) if scheme.get("per_week_colours") else total


def _next_colour(total: Decimal, scheme: dict) -> tuple[str | None, Decimal | None]:
    better = [
        (colour, _decimal(threshold))
        for colour, threshold in scheme["colours"]
        if total < _decimal(threshold)
    ]
    if not better:
        return None, None
    colour, threshold = better[-1]
    return colour, threshold - total


def cheapest_way_to_next_colour(values: dict[str, object], weeks: int, scheme: dict, max_events: int = 12):
    """The smallest number of extra events (referrals, visitors, ...) that lifts the colour.

    Among the ways with the fewest events, the one touching the fewest metrics wins (then the first
    in metric order). None if already top colour or out of reach within `max_events`.

    A metric's points depend on that metric alone, so the gain of k extra events is computed per
    metric once (metrics × max_events scores) and the combinations are searched on those tables.
    """
    current = score(values, weeks, scheme)
    if current.next_colour is None:
        return None
    colours = [colour for colour, _ in scheme["colours"]]
    target_rank = colours.index(current.next_colour)

    def reaches(total: Decimal) -> bool:
        return colours.index(colour_for(_compared(total, weeks, scheme), scheme)) <= target_rank

    definitions = [d for d in scheme["metrics"] if d["metric"] in IMPROVABLE]
    gains = []  # gains[j][k]: extra points from k more events of metric j
    for definition in definitions:
        name, unit = definition["metric"], _step_for(definition["metric"], scheme)
        now = _metric_score(definition, values, weeks, scheme["kind"]).points
        raw = _decimal(values.get(name, 0))
        gains.append(
            [
                _metric_score(definition, {name: raw + unit * k}, weeks, scheme["kind"]).points - now
                for k in range(max_events + 1)
            ]
        )
    fewest = _fewest_events_and_metrics(gains, current.total, reaches, max_events)
    if fewest is None:
        return None
    events, metric_count = fewest
    for split in _splits(events, len(definitions)):
        used = [(j, k) for j, k in enumerate(split) if k]
        if len(used) == metric_count and reaches(current.total + sum(gains[j][k] for j, k in used)):
            return Suggestion({definitions[j]["metric"]: k for j, k in used}, current.next_colour)
    return None  # unreachable: the table search found this combination


def _fewest_events_and_metrics(gains: list[list[Decimal]], total: Decimal, reaches, max_events: int):
    """(events, metrics touched) of the cheapest combination that reaches the colour, or None.

    best[(events, metrics)] is the highest gain found so far for that many events over that many
    metrics; adding metrics one at a time keeps it exact (a knapsack over small integers).
    """
    best: dict[tuple[int, int], Decimal] = {(0, 0): Decimal(0)}
    for table in gains:
        grown = dict(best)
        for (events, metrics), gain in best.items():
            for k in range(1, max_events - events + 1):
                key = (events + k, metrics + 1)
                if key not in grown or gain + table[k] > grown[key]:
                    grown[key] = gain + table[k]
        best = grown
    reachable = [key for key, gain in best.items() if key[0] and reaches(total + gain)]
    return min(reachable) if reachable else None


def _step_for(metric: str, scheme: dict) -> Decimal:
    """One "event" of a metric: one referral, one visitor; for TYFCB the amount of the next band step."""
    if metric != "tyfcb_given":
        return Decimal(1)
    for definition in scheme["metrics"]:
        if definition["metric"] == metric and definition.get("per_amount"):
            return _decimal(definition["per_amount"])
    return Decimal(500)


def _splits(total: int, parts: int):
    """All ways to write `total` as an ordered sum of `parts` non-negative integers."""
    for bars in itertools.combinations(range(total + parts - 1), parts - 1):
        previous = -1
        split = []
        for bar in (*bars, total + parts - 1):
            split.append(bar - previous - 1)
            previous = bar
        yield split
