"""Time the report queries on a chapter with 50 members and 5 years of data (fresh, not ANALYZEd).

Each line: wall time of the report function (queries and Python) and its number of queries. The
member scores compute four monthly windows; the target is well under 400 ms.

Run: TEST_DB_NAME=test_kring_bench .venv/bin/python -m pytest bench/reports.py -q -s -p no:cacheprovider
"""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chapters import reports
from tests import factories
from tests.chapters.report_data import generate, make_members


@pytest.mark.django_db
def test_palms_report_on_five_years_of_fifty_members():
    chapter = factories.make_chapter()
    members = make_members(chapter, 50)
    generate(chapter, members, weeks=5 * 52, seed=11)
    period = reports.six_months()
    for name, run in [
        ("PALMS 26 weeks", lambda: reports.palms_report(chapter, period)),
        (
            "PALMS 5 years",
            lambda: reports.palms_report(
                chapter,
                reports.period_with_weeks(
                    chapter,
                    members[0].date_joined.date().replace(year=members[0].date_joined.year - 5),
                    period.end,
                ),
            ),
        ),
        ("chapter scores (4 months)", lambda: reports.chapter_scores(chapter)),
        ("my score (one member)", lambda: reports.member_score(members[0], chapter)),
        ("chapter overview", lambda: reports.chapter_overview(chapter, period)),
        ("give/take network", lambda: reports.give_take_network(chapter, period)),
    ]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            run()
            elapsed = time.perf_counter() - started
        print(f"{name}: {elapsed * 1000:.0f} ms, {len(queries)} queries")
