"""A runner step costs the same number of queries with 5 members as with 40: the step does one
locked read and one write, and the stage it sends back reads only what the current section shows
(the two-size pattern of tests/test_query_budgets.py)."""

import collections
import contextlib
import datetime
from unittest import mock

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chapters.models import AgendaKind, Attendance
from chapters.services.runner import meeting_runner_step
from tests import factories
from tests.chapters.helpers import add_agenda, make_meeting, make_running_meeting

# Queries of a step into a section, in the test database (SAVEPOINT and RELEASE of the step's
# transaction included): the page's meeting, the agenda, the locked read, the write, and the stage:
# the agenda again, the round's figures and what the section shows.
STEP_BUDGET = 13


def _chapter_meeting(size: int):
    """A running meeting of a chapter with `size` members, a guest per five members, slips from half."""
    return make_running_meeting(size, visitors=max(2, size // 5), slips=size // 2)


@contextlib.contextmanager
def _rows_loaded():
    """Counts the model instances read from the database, per model."""
    counts = collections.Counter()
    original = Model.from_db.__func__

    def from_db(cls, *args, **kwargs):
        counts[cls.__name__] += 1
        return original(cls, *args, **kwargs)

    with mock.patch.object(Model, "from_db", classmethod(from_db)):
        yield counts


class _Runner:
    def __init__(self, client, size):
        chapter, self.leader, self.meeting = _chapter_meeting(size)
        client.force_login(self.leader)
        self.client = client
        self.url = reverse("meeting_runner_step", args=[chapter.slug, self.meeting.pk])
        self.page = reverse("meeting_runner", args=[chapter.slug, self.meeting.pk])
        self.counts, self.sql, self.rows = {}, {}, {}

    def press(self, label, action="next", version=None):
        self.meeting.refresh_from_db()
        version = self.meeting.runner_version if version is None else version
        with CaptureQueriesContext(connection) as captured, _rows_loaded() as rows:
            response = self.client.post(
                self.url, {"action": action, "version": version}, headers={"HX-Request": "true"}
            )
        assert response.status_code == 200
        self.counts[label], self.rows[label] = len(captured), sum(rows.values())
        self.sql[label] = [query["sql"] for query in captured.captured_queries]
        return response.content.decode()

    def poll(self, label):
        """The second screen: the stage changed since it last looked."""
        with CaptureQueriesContext(connection) as captured, _rows_loaded() as rows:
            response = self.client.get(self.page, {"v": -1}, headers={"HX-Request": "true"})
        assert response.status_code == 200
        self.counts[label], self.rows[label] = len(captured), sum(rows.values())

    def run_on_to(self, title):
        """Unmeasured steps through the service, until the runner reaches `title`."""
        while True:
            self.meeting.refresh_from_db()
            if self.meeting.runner_item and self.meeting.runner_item.title == title:
                return
            meeting_runner_step(
                meeting=self.meeting, action="next", version=self.meeting.runner_version, by=self.leader
            )


def _walk(client, size) -> _Runner:
    runner = _Runner(client, size)
    assert "Start eerst de bijeenkomst." in runner.press("refused: next before the start")
    runner.press("start: the first section", action="start")
    runner.press("refused: a double tap", version=runner.meeting.runner_version - 1)
    runner.press("into the visitors' round")
    runner.press("to the next guest")
    runner.run_on_to("60 seconden")
    runner.press("next member, recording the one leaving")  # Leo, not checked in: is here
    runner.press("next member, checked in at the door")  # Lid00
    runner.press("back to the previous member", action="back")
    runner.poll("second screen, in the round")
    runner.run_on_to("Educatie")
    runner.press("into the rota's feature presentation")
    runner.press("into the referral round")
    html = runner.press("to the closing screen")
    assert 'data-testid="meeting-numbers"' in html
    return runner


def test_every_step_costs_the_same_with_5_or_40_members(client, db):
    ContentType.objects.get_for_model(Attendance)  # the audit log's first entry caches it: not a per-row cost
    few, many = _walk(client, 5), _walk(client, 40)
    per_row = {label: (few.counts[label], many.counts[label]) for label in few.counts}
    assert {label: counts for label, counts in per_row.items() if counts[0] != counts[1]} == {}, (
        "queries per step with 5 vs 40 members"
    )
    # Rows read: the same, but in the sections that list what they show (their guests, the givers).
    listing = ("into the visitors' round", "to the next guest", "into the referral round")
    rows = {label: (few.rows[label], many.rows[label]) for label in few.rows if label not in listing}
    assert {label: pair for label, pair in rows.items() if pair[0] != pair[1]} == {}, (
        "rows read per step with 5 vs 40 members"
    )
    recording = "next member, recording the one leaving"  # plus the check-in's own record and audit
    over = {label: n for label, n in many.counts.items() if n > STEP_BUDGET and label != recording}
    assert over == {}


def _locks_and_writes(sql: list[str]) -> tuple[int, int]:
    locks = sum(1 for query in sql if "FOR UPDATE" in query)
    writes = sum(
        1
        for query in sql
        if query.startswith(("UPDATE", "INSERT", "DELETE"))
        or (query.startswith("WITH") and "UPDATE" in query)
    )
    return locks, writes


def test_a_step_is_one_locked_read_and_one_write_and_a_refused_one_neither(client, db):
    runner = _walk(client, 5)
    for label in (
        "start: the first section",
        "into the visitors' round",
        "to the next guest",
        "next member, checked in at the door",
        "back to the previous member",
        "into the referral round",
        "to the closing screen",
    ):
        assert _locks_and_writes(runner.sql[label]) == (1, 1), label
    for label in ("refused: next before the start", "refused: a double tap"):
        assert _locks_and_writes(runner.sql[label]) == (0, 0), label


def test_a_double_tap_shows_the_current_step_and_says_it_had_moved_on(client, db):
    runner = _Runner(client, 5)
    runner.press("start", action="start")
    runner.meeting.refresh_from_db()
    version = runner.meeting.runner_version
    runner.press("next")
    html = runner.press("the same tap again", version=version)
    assert "De runner was al verder" in html
    runner.meeting.refresh_from_db()
    assert runner.meeting.runner_item.title == "Gasten" and runner.meeting.runner_version == version + 1
    assert 'data-testid="runner-section">Gasten' in html


def test_a_press_outside_the_check_in_window_is_refused_without_a_lock(client, db):
    chapter = factories.make_chapter()
    leader = factories.make_member(chapter, "Leo")
    factories.give_role(leader, chapter, "president")
    meeting = make_meeting(chapter, starts_in=datetime.timedelta(days=6))  # a rehearsal
    add_agenda(meeting, [("60 seconden", AgendaKind.MEMBER_PRESENTATIONS, 60)])
    meeting_runner_step(meeting=meeting, action="start", version=0)
    client.force_login(leader)
    url = reverse("meeting_runner_step", args=[chapter.slug, meeting.pk])
    meeting.refresh_from_db()
    with CaptureQueriesContext(connection) as captured:
        html = client.post(
            url, {"action": "next", "version": meeting.runner_version}, headers={"HX-Request": "true"}
        ).content.decode()
    assert "Inchecken kan vanaf een uur voor de bijeenkomst" in html  # "is here" would record Leo
    assert _locks_and_writes([query["sql"] for query in captured.captured_queries]) == (0, 0)
    assert not meeting.attendances.exists()
