import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from chapters import scoring
from chapters.models import ScoringScheme
from chapters.reports.figures import PALMS_KEYS
from chapters.reports.network import give_take_network
from chapters.reports.overview import CHAPTER_METRIC_LABELS, chapter_overview, chapter_traffic_light
from chapters.reports.palms import palms_report
from chapters.reports.periods import period_with_weeks
from chapters.reports.scores import chapter_scores, member_score, member_score_summary
from chapters.schemes import CHAPTER_BANDS
from referrals.selectors.balance import month_starts
from referrals.selectors.totals import member_totals
from referrals.services.thanks import thank_you_create
from tests import factories
from tests.chapters.report_data import generate, make_members


@pytest.fixture
def history(world):
    """30 weeks of generated history for alice's chapter, with referrals to dave's chapter too."""
    members = [world.alice, world.bob, world.carol, *make_members(world.chapter, 5)]
    generate(world.chapter, members, weeks=30, outsider=world.dave)
    return members


def _english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def _period(chapter, weeks=26):
    today = timezone.localdate()
    return period_with_weeks(chapter, today - datetime.timedelta(weeks=weeks), today)


def test_the_palms_totals_row_is_the_sum_of_the_member_rows(world, history):
    report = palms_report(world.chapter, _period(world.chapter))
    assert len(report["rows"]) == len(history)
    for key in PALMS_KEYS:
        assert report["totals"][key] == sum(getattr(row, key) for row in report["rows"]), key
    assert report["totals"]["given_inside"] > 0 and report["totals"]["given_outside"] > 0
    assert report["totals"]["absent"] > 0 and report["totals"]["tyfcb"] > 0


def test_inside_referrals_given_equal_inside_referrals_received(world, history):
    totals = palms_report(world.chapter, _period(world.chapter))["totals"]
    assert totals["given_inside"] == totals["received_inside"]


def test_palms_figures_agree_with_the_members_own_referral_numbers(world, history):
    today = timezone.localdate()
    start = month_starts(today)[0]
    period = period_with_weeks(world.chapter, start, today)
    row = next(row for row in palms_report(world.chapter, period)["rows"] if row.pk == world.alice.pk)
    mine = member_totals(user=world.alice, today=today)["six_months"]
    assert row.given_inside == mine["given_inside"]
    assert row.given_outside == mine["given_outside"]
    assert row.received_inside == mine["received_inside"]
    assert row.tyfcb == mine["thanks_given"]
    assert row.one_to_ones == mine["one_to_ones"]


def test_my_score_uses_the_same_figures_as_the_chapter_scores(world, history):
    mine = member_score(world.alice, world.chapter)
    chapter = chapter_scores(world.chapter)
    entry = next(entry for entry in chapter["scores"] if entry.member.pk == world.alice.pk)
    assert entry.score.total == mine["score"].total
    assert mine["period"].weeks == 26
    totals = [entry.score.total for entry in chapter["scores"]]
    assert totals == sorted(totals, reverse=True)


def test_the_chapter_overview_agrees_with_the_palms_report(world, history):
    period = _period(world.chapter)
    palms = palms_report(world.chapter, period)["totals"]
    overview = chapter_overview(world.chapter, period)
    assert overview["figures"]["referrals"] == palms["given_inside"] + palms["given_outside"]
    assert overview["figures"]["tyfcb"] == palms["tyfcb"]
    assert sum(week.referrals for week in overview["weeks"]) <= overview["figures"]["referrals"]
    network = give_take_network(world.chapter, period)
    assert network["total"] == palms["given_inside"]
    assert sum(row["given"] for row in network["rows"]) == network["total"]


def test_cancelled_weeks_are_holidays_and_do_not_count_as_weeks(world, history):
    period = _period(world.chapter, weeks=30)
    held = world.chapter.meetings.filter(status="scheduled", scheduled_on__gte=period.start).count()
    assert period.weeks == held < 30


@pytest.mark.parametrize(
    "url_name", ["report_palms", "report_overview", "report_chapter_light", "report_network", "report_scores"]
)
def test_report_pages_use_a_bounded_number_of_queries(
    world, history, client, django_assert_max_num_queries, url_name
):
    make_members(world.chapter, 20)
    client.force_login(world.carol)
    url = reverse(url_name, args=[world.chapter.slug])
    # session, user, membership, chapter, region admin, roles; then the report's own aggregates.
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200


def test_my_score_page_uses_a_bounded_number_of_queries(
    world, history, client, django_assert_max_num_queries
):
    client.force_login(world.alice)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("my_score"))
    assert response.status_code == 200


def test_the_score_summary_for_the_home_page_takes_three_queries(world, history, django_assert_num_queries):
    with django_assert_num_queries(3):
        summary = member_score_summary(world.alice, world.chapter)
    assert summary["score"].colour in {"green", "amber", "red", "grey"}


def test_a_member_sees_their_score_explained(world, client):
    client.force_login(_english(world.alice))
    response = client.get(reverse("my_score"))
    text = response.content.decode()
    assert "Member traffic lights" in text
    assert "The last 26 meetings" in text
    assert "Visitors brought" in text
    # No meetings and no figures: the cheapest way up is spelled out.
    assert "The cheapest way to the next colour" in text


def test_the_palms_report_downloads_as_xlsx_with_numbers(world, history, client):
    client.force_login(world.carol)
    response = client.get(reverse("report_palms", args=[world.chapter.slug]), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("Member", "P", "A", "L", "M", "S") or rows[0][1:6] == ("P", "A", "L", "M", "S")
    members = rows[1:-1]
    assert len(members) == len(history)
    assert isinstance(members[0][1], int)
    for column in range(1, len(rows[0])):
        assert rows[-1][column] == sum(row[column] for row in members)


def test_the_csv_export_uses_semicolons_and_a_bom_in_dutch(world, history, client):
    client.force_login(world.carol)
    response = client.get(
        reverse("report_palms", args=[world.chapter.slug]),
        {"format": "csv"},
        headers={"accept-language": "nl"},
    )
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content[1:]), delimiter=";"))
    assert rows[0][1:6] == ["P", "A", "L", "M", "S"]
    assert len(rows) == len(history) + 2


def test_a_bad_period_shows_a_form_error_not_a_crash(world, client):
    client.force_login(_english(world.carol))
    url = reverse("report_palms", args=[world.chapter.slug])
    response = client.get(url, {"start": "2026-13-45", "end": "2026-01-01"})
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()
    response = client.get(url, {"start": "2026-02-01", "end": "2026-01-01"})
    assert "The start must be before the end" in response.content.decode()


def test_the_chapter_traffic_light_shows_its_thresholds(world, client):
    client.force_login(_english(world.carol))
    response = client.get(reverse("report_chapter_light", args=[world.chapter.slug]))
    text = response.content.decode()
    assert "Members now" in text and "&gt;= 31 → 15" in text


def test_chapter_size_bands():
    bands = CHAPTER_BANDS
    base = dict.fromkeys(CHAPTER_METRIC_LABELS, 0)
    for size, points in [(19, 0), (20, 5), (25, 5), (26, 10), (30, 10), (31, 15)]:
        light = chapter_traffic_light({**base, "members": size, "absence_rate": 100}, bands)
        assert light["metrics"][0].points == points, size


def test_region_admins_compare_their_chapters(world, history, client):
    client.force_login(world.rita)
    response = client.get(reverse("region_reports", args=[world.chapter.region.slug]))
    text = response.content.decode()
    assert world.chapter.name in text and world.other_chapter.name in text
    assert world.far_chapter.name not in text


def test_a_region_admin_chooses_the_weekly_points_and_members_see_it(world, client):
    cats = ScoringScheme.objects.create(
        code="cats", name="Weekpunten", kind="weighted", definition=scoring.CATS
    )
    client.force_login(world.rita)
    url = reverse("region_scoring", args=[world.chapter.region.slug])
    for _ in range(2):  # a double submit changes nothing more
        response = client.post(url, {"scheme": cats.pk, "window": "previous_half_year", "definition": ""})
        assert response.status_code == 302
    assert ScoringScheme.objects.filter(region=world.chapter.region).count() == 1
    client.force_login(_english(world.alice))
    text = client.get(reverse("my_score")).content.decode()
    assert "Weekpunten" in text and "The previous completed half-year" in text


def test_a_broken_scoring_table_is_a_form_error(world, client):
    preset = ScoringScheme.objects.create(
        code="traffic_lights", name="Stoplicht", kind="bands", definition=scoring.TRAFFIC_LIGHTS
    )
    client.force_login(_english(world.rita))
    url = reverse("region_scoring", args=[world.chapter.region.slug])
    response = client.post(
        url, {"scheme": preset.pk, "window": "rolling_6_months", "definition": '{"kind": "bands"}'}
    )
    assert response.status_code == 200
    assert "not a valid scoring scheme" in response.content.decode()


def test_tyfcb_in_the_score_is_what_the_member_thanked_others(world):
    factories.make_member(world.chapter, "Extra")
    thank_you_create(
        thanked_by=world.alice,
        thanked=world.bob,
        amount=Decimal("5000"),
        business_type="new",
        closed_on=timezone.localdate(),
    )
    score = member_score(world.alice, world.chapter)["score"]
    tyfcb = next(metric for metric in score.metrics if metric.metric == "tyfcb_given")
    assert tyfcb.raw == 5000 and tyfcb.points == 15


def test_a_region_sets_its_own_chapter_traffic_light_bands(world, client):
    import copy
    import json

    preset = ScoringScheme.objects.create(
        code="traffic_lights", name="Stoplicht", kind="bands", definition=scoring.TRAFFIC_LIGHTS
    )
    bands = copy.deepcopy(CHAPTER_BANDS)
    bands["metrics"][0]["bands"][0] = [">=", "40", 15]  # a region that wants bigger chapters
    client.force_login(_english(world.rita))
    url = reverse("region_scoring", args=[world.chapter.region.slug])
    response = client.post(
        url,
        {
            "scheme": preset.pk,
            "window": "rolling_6_months",
            "definition": "",
            "chapter_bands": json.dumps(bands),
        },
    )
    assert response.status_code == 302

    client.force_login(_english(world.carol))
    text = client.get(reverse("report_chapter_light", args=[world.chapter.slug])).content.decode()
    assert "&gt;= 40 → 15" in text and "&gt;= 31 → 15" not in text


def test_broken_chapter_traffic_light_bands_are_a_form_error(world, client):
    preset = ScoringScheme.objects.create(
        code="traffic_lights", name="Stoplicht", kind="bands", definition=scoring.TRAFFIC_LIGHTS
    )
    client.force_login(_english(world.rita))
    url = reverse("region_scoring", args=[world.chapter.region.slug])
    bad = '{"colours": [["green", 70]], "metrics": [{"metric": "size", "bands": [["~", "x", 1]]}]}'
    response = client.post(
        url, {"scheme": preset.pk, "window": "rolling_6_months", "definition": "", "chapter_bands": bad}
    )
    assert response.status_code == 200
    assert "not a valid chapter traffic light" in response.content.decode()
    world.chapter.region.refresh_from_db()
    assert world.chapter.region.chapter_light_bands == {}
