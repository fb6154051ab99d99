from decimal import Decimal

import pytest

from chapters.scoring import CATS, TRAFFIC_LIGHTS, cheapest_way_to_next_colour, score

WEEKS = 26


def metric_points(values: dict, name: str, weeks: int = WEEKS) -> Decimal:
    result = score(values, weeks, TRAFFIC_LIGHTS)
    return next(metric.points for metric in result.metrics if metric.metric == name)


@pytest.mark.parametrize(
    ("referrals", "points"),
    # per week over 26 meetings: 12 = 0.46, 13 = 0.5, 19 = 0.73, 20 = 0.77, 25 = 0.96, 26 = 1.0, 31 = 1.19, 32 = 1.23
    [(0, 0), (12, 0), (13, 5), (19, 5), (20, 10), (25, 10), (26, 15), (31, 15), (32, 20)],
)
def test_referrals_per_week_are_banded_at_every_edge(referrals, points):
    assert metric_points({"referrals_given": referrals}, "referrals_given") == points


@pytest.mark.parametrize(
    ("visitors", "weeks", "points"),
    [
        (0, 12, 0),
        (1, 12, 5),  # 0.0833 >= 0.083
        (2, 12, 5),  # 0.16666 is just under the 0.167 edge
        (3, 12, 15),  # 0.25
        (5, 12, 15),  # 0.4167
        (6, 12, 20),  # 0.5
    ],
)
def test_visitors_per_week_are_banded_at_every_edge(visitors, weeks, points):
    assert metric_points({"visitors": visitors}, "visitors", weeks) == points


@pytest.mark.parametrize(("absences", "points"), [(0, 15), (1, 10), (2, 5), (3, 0), (7, 0)])
def test_absences_lose_points(absences, points):
    assert metric_points({"absences": absences}, "absences") == points


@pytest.mark.parametrize(
    ("credits", "points"), [(0, 0), (6, 0), (7, 5), (12, 5), (13, 10), (25, 10), (26, 15)]
)  # 6/26 = 0.23, 7/26 = 0.27, 13/26 = 0.5, 26/26 = 1
def test_education_credits_per_week_are_banded(credits, points):
    assert metric_points({"education_credits": credits}, "education_credits") == points


@pytest.mark.parametrize(("testimonials", "points"), [(0, 0), (1, 5), (2, 10)])  # 1/26 = 0.038, 2/26 = 0.077
def test_testimonials_any_gives_five_and_enough_gives_ten(testimonials, points):
    assert metric_points({"testimonials": testimonials}, "testimonials") == points


@pytest.mark.parametrize(
    ("amount", "points"),
    [("0", 0), ("999.99", 0), ("1000", 5), ("2499.99", 5), ("2500", 10), ("4999.99", 10), ("5000", 15)],
)
def test_tyfcb_over_six_months_is_banded_in_euros(amount, points):
    assert metric_points({"tyfcb_given": Decimal(amount)}, "tyfcb_given") == points


def test_never_late_earns_five_points():
    assert metric_points({"late": 0}, "late") == 5
    assert metric_points({"late": 1}, "late") == 0


@pytest.mark.parametrize(
    ("total_points", "colour"),
    [(70, "green"), (69, "amber"), (50, "amber"), (49, "red"), (30, "red"), (29, "grey")],
)
def test_colours_follow_the_total(total_points, colour):
    from chapters.scoring import colour_for

    assert colour_for(Decimal(total_points), TRAFFIC_LIGHTS) == colour


def test_a_perfect_member_scores_one_hundred_and_is_green():
    values = {
        "referrals_given": 40,
        "visitors": 13,
        "absences": 0,
        "education_credits": 26,
        "testimonials": 2,
        "tyfcb_given": Decimal(6000),
        "late": 0,
    }
    result = score(values, WEEKS, TRAFFIC_LIGHTS)
    assert result.total == 100
    assert result.colour == "green"
    assert result.next_colour is None


def test_the_cheapest_way_to_green_is_one_more_visitor():
    values = {
        "referrals_given": 26,  # 15
        "visitors": 12,  # 12/26 = 0.46 -> 15; 13 -> 0.5 -> 20
        "absences": 0,  # 15
        "education_credits": 13,  # 10
        "testimonials": 0,  # 0
        "tyfcb_given": Decimal(1000),  # 5
        "late": 0,  # 5
    }
    current = score(values, WEEKS, TRAFFIC_LIGHTS)
    assert current.total == 65
    assert current.colour == "amber"
    assert current.next_colour == "green"
    assert current.points_to_next_colour == 5
    suggestion = cheapest_way_to_next_colour(values, WEEKS, TRAFFIC_LIGHTS)
    assert sum(suggestion.events.values()) == 1
    assert suggestion.colour == "green"
    # One visitor (+5) or one testimonial (+5) both work; either is one event.
    assert set(suggestion.events) <= {"visitors", "testimonials"}


def test_cats_adds_points_per_event_and_subtracts_absences():
    values = {
        "referrals_third_party": 3,
        "referrals_own_business": 2,
        "visitors": 1,
        "one_to_ones": 4,
        "tyfcb_given": Decimal("2999.99"),
        "absences": 1,
    }
    result = score(values, 4, CATS)
    # 3*2 + 2*1 + 1*2 + 4*1 + 2 (whole thousands) - 2 = 14 points; 3.5 a week -> green
    assert result.total == 14
    assert result.colour == "green"
