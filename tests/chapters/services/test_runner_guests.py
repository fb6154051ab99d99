"""The visitors' round: the runner steps through the guests who came, each with their share of the time."""

import datetime

from django.utils import timezone

from chapters.models import AgendaKind
from chapters.selectors.runner import runner_state
from chapters.services.runner import meeting_runner_step
from chapters.services.visitors import visitor_check_in
from tests.chapters.helpers import add_agenda, make_meeting, make_visitor

AGENDA = [
    ("Welkom", AgendaKind.NORMAL, 60),
    ("Gasten", AgendaKind.VISITOR_INTROS, 120),
    ("Afsluiting", AgendaKind.NORMAL, 60),
]


def _meeting_with_guests(world, carol, names=("Vera", "Wim")):
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(minutes=1))
    add_agenda(meeting, AGENDA)
    for minutes, name in enumerate(names):
        visitor = make_visitor(meeting, name, invited_by=world.alice)
        visitor_check_in(
            visitor=visitor,
            kind="visitor",
            by=carol,
            now=timezone.now() - datetime.timedelta(minutes=10 - minutes),
        )
    make_visitor(meeting, "Nora")  # registered, not here: not in the round
    return meeting


def press(meeting, action):
    meeting.refresh_from_db()
    return meeting_runner_step(meeting=meeting, action=action, version=meeting.runner_version)


def test_next_steps_through_the_guests_who_came_then_the_next_section(world, carol):
    meeting = _meeting_with_guests(world, carol)
    press(meeting, "start")
    meeting = press(meeting, "next")
    state = runner_state(meeting)
    assert (state["guest"].first_name, state["guest_number"], state["next_guest"].first_name) == (
        "Vera",
        1,
        "Wim",
    )
    assert state["unit_seconds"] == 60  # two guests share the section's two minutes
    assert state["later_seconds"] == 60 + 60  # Wim, then the close
    meeting = press(meeting, "next")
    assert runner_state(meeting)["guest"].first_name == "Wim"
    meeting = press(meeting, "next")
    assert meeting.runner_item.title == "Afsluiting" and meeting.runner_visitor is None
    meeting = press(meeting, "back")  # back into the round, at its last guest
    assert meeting.runner_visitor.first_name == "Wim"
    meeting = press(meeting, "back")
    assert meeting.runner_visitor.first_name == "Vera"


def test_skip_in_the_visitors_round_skips_the_whole_section(world, carol):
    meeting = _meeting_with_guests(world, carol)
    press(meeting, "start")
    press(meeting, "next")
    meeting = press(meeting, "skip")
    assert meeting.runner_item.title == "Afsluiting"
    assert meeting.agenda_items.get(title="Gasten").skipped


def test_with_no_guest_the_round_says_so_and_next_moves_on(client, world, carol):
    meeting = _meeting_with_guests(world, carol, names=())
    press(meeting, "start")
    meeting = press(meeting, "next")
    assert meeting.runner_visitor is None
    client.force_login(carol)
    html = client.get(f"/c/{world.chapter.slug}/meetings/{meeting.pk}/run/").content.decode()
    assert "Geen gasten ingecheckt." in html
    assert press(meeting, "next").runner_item.title == "Afsluiting"
