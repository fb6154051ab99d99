"""Time the meeting runner's step (POST, htmx) on a chapter of 40 members: the step and the
re-render of the stage, through the Django test client, as the leader's tablet sends it.

Walks the agenda forward to the close and back to the start again and again (the visitors' round,
the 60-second round member by member, the rota speakers, the referral round), and presses a stale
step (a double tap: refused) as often. Prints the median and p90 in ms and the queries per step.

Run: TEST_DB_NAME=test_kring_bench_runner .venv/bin/python -m pytest bench/runner_step.py -q -s -p no:cacheprovider
"""

import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chapters.models import AgendaKind
from tests.chapters.helpers import RUNNER_AGENDA, make_running_meeting

MEMBERS = 40
STEPS = 200
AGENDA = [*RUNNER_AGENDA, ("Afsluiting", AgendaKind.NORMAL, 60)]


def _running_meeting():
    return make_running_meeting(MEMBERS, AGENDA, visitors=4, slips=20)


def _press(client, url, action, version):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.post(url, {"action": action, "version": version}, headers={"HX-Request": "true"})
        elapsed = time.perf_counter() - started
    assert response.status_code == 200
    return elapsed * 1000, len(queries)


def _report(name, samples):
    times = sorted(ms for ms, _ in samples)
    queries = sorted(n for _, n in samples)
    print(
        f"{name}: median {statistics.median(times):.1f} ms, p90 {times[int(len(times) * 0.9)]:.1f} ms, "
        f"queries median {statistics.median(queries):.0f} (min {queries[0]}, max {queries[-1]}), "
        f"{len(times)} steps"
    )


@pytest.mark.django_db
def test_runner_step_on_a_chapter_of_forty(client):
    chapter, leader, meeting = _running_meeting()
    client.force_login(leader)
    url = reverse("meeting_runner_step", args=[chapter.slug, meeting.pk])
    meeting.refresh_from_db()
    _press(client, url, "start", meeting.runner_version)
    steps, refused, forward = [], [], True
    for _ in range(3):  # warm up: templates, connections
        meeting.refresh_from_db()
        _press(client, url, "back", -1)
    while len(steps) < STEPS:
        meeting.refresh_from_db()
        if meeting.closed_at is not None:
            forward = False
        elif not forward and meeting.runner_item.title == "Welkom":
            forward = True
        steps.append(_press(client, url, "next" if forward else "back", meeting.runner_version))
        refused.append(_press(client, url, "next", meeting.runner_version))  # the same version again
    _report("runner step (next/back)", steps)
    _report("refused step (stale version)", refused)
