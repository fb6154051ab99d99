"""Time the meeting runner's step (POST, htmx) on a chapter of 40 members: the step and the
re-render of the stage, through the Django test client, as the leader's tablet sends it.

Walks the agenda forward to the close and back to the start again and again (the visitors' round,
the 60-second round member by member, the rota speakers, the referral round), and presses a stale
step (a double tap: refused) as often. Prints the median and p90 in ms and the queries per step.

Run: TEST_DB_NAME=test_kring_bench_runner .venv/bin/python -m pytest bench/runner_step.py -q -s -p no:cacheprovider
"""

import datetime
import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chapters.models import AgendaKind, Attendance, AttendanceStatus, RotaKind, RotaSlot
from chapters.services.visitors import visitor_check_in
from tests import factories
from tests.chapters.helpers import add_agenda, make_meeting, make_visitor
from tests.referrals.helpers import own_business

MEMBERS = 40
STEPS = 200
AGENDA = [
    ("Welkom", AgendaKind.NORMAL, 60),
    ("Gasten", AgendaKind.VISITOR_INTROS, 120),
    ("60 seconden", AgendaKind.MEMBER_PRESENTATIONS, 60),
    ("Educatie", AgendaKind.EDUCATION, 300),
    ("Hoofdpresentatie", AgendaKind.FEATURE_PRESENTATION, 600),
    ("Referrals", AgendaKind.REFERRALS, 300),
    ("Afsluiting", AgendaKind.NORMAL, 60),
]


def _running_meeting():
    chapter = factories.make_chapter()
    leader = factories.make_member(chapter, "Leo")
    factories.give_role(leader, chapter, "president")
    members = [
        factories.make_member(chapter, f"Lid{n:02}", classification=factories.make_classification())
        for n in range(MEMBERS - 1)
    ]
    meeting = make_meeting(chapter, starts_in=-datetime.timedelta(minutes=5))
    add_agenda(meeting, AGENDA)
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member=member, status=AttendanceStatus.PRESENT) for member in members[::2]
    )
    for n in range(4):
        visitor = make_visitor(meeting, f"Gast{n}", invited_by=members[n])
        visitor_check_in(visitor=visitor, kind="visitor", by=leader)
    RotaSlot.objects.create(meeting=meeting, kind=RotaKind.FEATURE, member=members[0])
    RotaSlot.objects.create(meeting=meeting, kind=RotaKind.EDUCATION, member=members[1])
    for member in members[:20]:
        own_business(member, leader)
    return chapter, leader, meeting


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
