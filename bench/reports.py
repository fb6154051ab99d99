"""Time the report queries on a chapter with 50 members and 5 years of data (fresh, not ANALYZEd).

Each line: wall time of the report function (queries and Python) and its number of queries. The
member scores compute four monthly windows; the target is well under 400 ms. PALMS and the scores
read the member-day rollups; each of them is timed again with the raw computation in their place
(`figures_from_raw_over_periods`, the tests' oracle), so a line is a before/after pair of one run.
Each figure is the best of three runs.
The last line times rebuilding the chapter's rollups from the raw tables.

Run: TEST_DB_NAME=test_kring_bench .venv/bin/python -m pytest bench/reports.py -q -s -p no:cacheprovider
"""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chapters.reports import figures as report_figures
from chapters.reports import scores as report_scores
from chapters.reports.figures import figures_from_raw_over_periods, figures_over_periods
from chapters.reports.network import give_take_network
from chapters.reports.overview import chapter_overview
from chapters.reports.palms import palms_report
from chapters.reports.periods import period_with_weeks, six_months
from chapters.reports.rollups import figures_rebuild
from chapters.reports.scores import chapter_scores, member_score
from tests import factories
from tests.chapters.report_data import generate, make_members


def _timed(run) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        run()
        elapsed = time.perf_counter() - started
    return elapsed * 1000, len(queries)


def _use_figures(monkeypatch, function) -> None:
    monkeypatch.setattr(report_figures, "figures_over_periods", function)
    monkeypatch.setattr(report_scores, "figures_over_periods", function)


@pytest.mark.django_db
def test_palms_report_on_five_years_of_fifty_members(monkeypatch):
    chapter = factories.make_chapter()
    members = make_members(chapter, 50)
    generate(chapter, members, weeks=5 * 52, seed=11)
    period = six_months()
    for name, run in [
        ("PALMS 26 weeks", lambda: palms_report(chapter, period)),
        (
            "PALMS 5 years",
            lambda: palms_report(
                chapter,
                period_with_weeks(
                    chapter,
                    members[0].date_joined.date().replace(year=members[0].date_joined.year - 5),
                    period.end,
                ),
            ),
        ),
        ("chapter scores (4 months)", lambda: chapter_scores(chapter)),
        ("my score (one member)", lambda: member_score(members[0], chapter)),
        ("chapter overview", lambda: chapter_overview(chapter, period)),
        ("give/take network", lambda: give_take_network(chapter, period)),
    ]:
        _use_figures(monkeypatch, figures_over_periods)
        rollups = min(_timed(run) for _attempt in range(3))
        if name.startswith(("PALMS", "chapter scores", "my score")):
            _use_figures(monkeypatch, figures_from_raw_over_periods)
            raw = min(_timed(run) for _attempt in range(3))
            print(f"{name}: {rollups[0]:.0f} ms, {rollups[1]} queries (raw tables: {raw[0]:.0f} ms)")
        else:  # the overview's sums read the rollups in SQL; the network reads the slips
            print(f"{name}: {rollups[0]:.0f} ms, {rollups[1]} queries")
    elapsed, _queries = _timed(lambda: figures_rebuild(chapter))
    print(f"rebuild the chapter's member-day figures: {elapsed:.0f} ms")
