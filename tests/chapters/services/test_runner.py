import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from chapters.models import AbsenceNotice, Attendance, AttendanceStatus
from chapters.selectors.runner import runner_presenters, runner_state
from chapters.services.runner import meeting_runner_step
from tests import factories
from tests.chapters.helpers import add_agenda, make_meeting

T0 = timezone.now().replace(microsecond=0)


@pytest.fixture
def meeting(world):
    meeting = make_meeting(world.chapter, starts_at=T0)
    add_agenda(meeting)  # welcome 3 s · round 2 s per member · feature 3 s
    return meeting


def step(meeting, action, seconds=0):
    return meeting_runner_step(
        meeting=meeting,
        action=action,
        version=meeting.runner_version,
        now=T0 + datetime.timedelta(seconds=seconds),
    )


def test_the_runner_walks_the_agenda_and_every_present_member(meeting, world):
    m = step(meeting, "start")
    assert m.opened_at == T0
    assert m.runner_item.title == "Welkom"
    m = step(m, "next", 3)
    assert m.runner_item.title == "60 seconden"
    # Active members in name order: Alice, Bob, Carol (larry has lapsed).
    assert m.runner_presenter == world.alice
    m = step(m, "next", 5)
    assert m.runner_presenter == world.bob
    m = step(m, "skip", 6)  # Bob turns out to be absent: skip him
    assert m.runner_presenter == world.carol
    m = step(m, "next", 8)
    assert m.runner_item.title == "Hoofdpresentatie"
    assert m.runner_presenter is None
    m = step(m, "next", 11)
    assert m.closed_at is not None and m.runner_item is None


def test_back_returns_to_the_previous_member_and_section(meeting, world):
    m = step(meeting, "start")
    m = step(m, "next", 3)
    m = step(m, "back", 4)
    assert m.runner_item.title == "Welkom"
    m = step(m, "next", 5)
    m = step(m, "next", 6)
    assert m.runner_presenter == world.bob
    m = step(m, "back", 7)
    assert m.runner_presenter == world.alice
    m = step(m, "next", 8)
    m = step(m, "next", 9)
    m = step(m, "next", 10)
    m = step(m, "next", 11)
    m = step(m, "next", 12)
    assert m.closed_at is not None
    m = step(m, "back", 13)
    assert m.closed_at is None and m.runner_item.title == "Hoofdpresentatie"


def test_skip_outside_the_round_skips_the_whole_section(meeting):
    m = step(meeting, "start")
    m = step(m, "skip", 1)
    welcome = m.agenda_items.get(title="Welkom")
    assert welcome.skipped and m.runner_item.title == "60 seconden"


def test_a_stale_press_from_a_second_screen_changes_nothing(meeting):
    m = step(meeting, "start")
    stale_version = m.runner_version - 1
    again = meeting_runner_step(meeting=m, action="next", version=stale_version, now=T0)
    assert again.runner_item.title == "Welkom"
    assert again.runner_version == m.runner_version


def test_next_before_the_start_is_refused(meeting):
    with pytest.raises(ValidationError):
        step(meeting, "next")


def test_absent_members_and_announced_absences_are_left_out_of_the_round(meeting, world):
    Attendance.objects.create(meeting=meeting, member=world.alice, status=AttendanceStatus.ABSENT)
    AbsenceNotice.objects.create(meeting=meeting, member=world.bob)
    sub = factories.make_member(world.chapter, "Zoe")
    AbsenceNotice.objects.create(meeting=meeting, member=sub, substitute_name="Sam Vervanger")
    presenters = runner_presenters(meeting)
    assert [(p.user, p.substitute_name) for p in presenters] == [(world.carol, ""), (sub, "Sam Vervanger")]


def test_the_drift_counts_what_is_left_of_the_plan(meeting, world):
    m = step(meeting, "start")
    state = runner_state(m)
    # Plan: 3 + 3 members x 2 + 3 = 12 s; nothing spent yet.
    assert state["total_seconds"] == 12
    assert state["unit_seconds"] == 3 and state["later_seconds"] == 9
    m = step(m, "next", 10)  # the welcome ran 7 s over
    state = runner_state(m)
    assert state["presenter"].user == world.alice
    assert state["unit_seconds"] == 2 and state["later_seconds"] == 2 * 2 + 3
    # Projected end = 10 + 2 + 7 = 19 s after the start; planned end 12 s: 7 s behind.
    projected = 10 + state["unit_seconds"] + state["later_seconds"]
    planned_end = (state["planned_end"] - m.starts_at).total_seconds()
    assert projected - planned_end == 7


def test_the_runner_page_polls_quietly_while_nothing_changed(client, carol, meeting):
    client.force_login(carol)
    url = f"/c/{meeting.chapter.slug}/meetings/{meeting.pk}/run/"
    assert client.get(url).status_code == 200
    assert client.get(url, {"v": meeting.runner_version}, headers={"HX-Request": "true"}).status_code == 204
    response = client.post(
        url + "step/", {"action": "start", "version": meeting.runner_version}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'id="runner-stage"' in response.content.decode()
    assert "<html" not in response.content.decode()
    assert client.get(url, {"v": meeting.runner_version}, headers={"HX-Request": "true"}).status_code == 200
