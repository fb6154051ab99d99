"""The score card's "cheapest way to the next colour" reads as things to do: counts and amounts."""

from django.urls import reverse
from django.utils import translation

from chapters import scoring
from chapters.reports.scores import METRIC_LABELS, explain_suggestion


def _steps(events: dict, definition: dict = scoring.TRAFFIC_LIGHTS) -> list[str]:
    return explain_suggestion(scoring.Suggestion(events, "amber"), definition)


def test_a_tyfcb_step_reads_as_an_amount_in_dutch():
    # The traffic lights count TYFCB in steps of EUR 500: four steps are EUR 2,000.
    with translation.override("nl"):
        assert _steps({"tyfcb_given": 4}) == ["€ 2.000 meer TYFCB geven"]


def test_a_tyfcb_step_reads_as_an_amount_in_english():
    with translation.override("en"):
        assert _steps({"tyfcb_given": 4}) == ["give €2,000 more TYFCB"]


def test_a_tyfcb_step_follows_the_schemes_amount_per_point():
    # The weekly points give a point per whole EUR 1,000.
    with translation.override("en"):
        assert _steps({"tyfcb_given": 3}, scoring.CATS) == ["give €3,000 more TYFCB"]


def test_counted_steps_use_singular_and_plural():
    events = {"referrals_given": 2, "visitors": 1, "one_to_ones": 1, "testimonials": 3}
    with translation.override("en"):
        assert _steps(events) == ["2 referrals", "1 visitor", "1 one-to-one", "3 testimonials"]
    with translation.override("nl"):
        assert _steps(events) == ["2 referrals", "1 bezoeker", "1 één-op-één", "3 testimonials"]


def test_every_improvable_metric_has_a_step_in_words():
    with translation.override("en"):
        for metric in scoring.IMPROVABLE:
            (step,) = _steps({metric: 2})
            assert "×" not in step and str(METRIC_LABELS[metric]) not in step, metric


def test_no_suggestion_has_no_steps():
    assert explain_suggestion(None, scoring.TRAFFIC_LIGHTS) == []


def test_my_score_page_names_the_amount_of_tyfcb_to_give(world, client):
    # No meetings held yet: only TYFCB can lift the colour, EUR 2,500 reaches the 10 points needed.
    world.alice.language = "en"
    world.alice.save(update_fields=["language"])
    client.force_login(world.alice)
    text = client.get(reverse("my_score")).content.decode()
    assert "give €2,500 more TYFCB" in text
    assert "TYFCB given (EUR)</strong>" not in text


def test_the_home_score_card_names_the_amount_in_dutch(world, client):
    client.force_login(world.alice)
    text = client.get(reverse("home")).content.decode()
    assert "€ 2.500 meer TYFCB geven" in text
