import datetime
import threading

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from chapters.models import AbsenceNotice, Attendance, AttendanceStatus, Meeting
from chapters.reports.figures import PALMS_KEYS
from chapters.reports.palms import palms_report
from chapters.reports.periods import Period
from chapters.selectors.runner import runner_state
from chapters.selectors.runner_round import runner_presenters
from chapters.services.attendance import attendance_check_in, meeting_record_complete
from chapters.services.runner import StaleStep, meeting_runner_step
from members.models import Membership
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


def test_a_stale_press_from_a_second_screen_changes_nothing_and_says_so(meeting):
    m = step(meeting, "start")
    stale_version = m.runner_version - 1
    with pytest.raises(StaleStep, match="De runner was al verder"):
        meeting_runner_step(meeting=m, action="next", version=stale_version, now=T0)
    m.refresh_from_db()
    assert m.runner_item.title == "Welkom"
    assert m.runner_version == stale_version + 1


def test_two_leaders_tapping_the_same_step_advance_it_once(meeting, world):
    m = step(meeting, "start")
    first_screen, second_screen = Meeting.objects.get(pk=m.pk), Meeting.objects.get(pk=m.pk)
    meeting_runner_step(meeting=first_screen, action="next", version=first_screen.runner_version, now=T0)
    # The second screen read the same step before the first tap was written: refused, no second step.
    with pytest.raises(StaleStep):
        meeting_runner_step(
            meeting=second_screen, action="next", version=second_screen.runner_version, now=T0
        )
    m.refresh_from_db()
    assert (m.runner_item.title, m.runner_presenter) == ("60 seconden", world.alice)
    assert m.runner_version == second_screen.runner_version + 1


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


# --- Attendance and the runner are one record --------------------------------------------------


def _round(meeting):
    return [(p.user.first_name, p.to_confirm) for p in runner_presenters(meeting)]


def test_the_round_lists_checked_in_and_expected_members_but_not_the_absent_the_sick_or_the_new(
    meeting, world
):
    chapter = world.chapter
    Attendance.objects.create(meeting=meeting, member=world.alice, status=AttendanceStatus.LATE)
    Attendance.objects.create(meeting=meeting, member=world.bob, status=AttendanceStatus.ABSENT)
    sick = factories.make_member(chapter, "Mila", status=Membership.Status.ON_LEAVE)
    Membership.objects.filter(user=sick).update(
        leave_until=meeting.scheduled_on + datetime.timedelta(days=30)
    )
    later = factories.make_member(chapter, "Nina")
    Membership.objects.filter(user=later).update(starts_on=meeting.scheduled_on + datetime.timedelta(days=1))
    factories.make_member(chapter, "Otto", password=make_password(None))  # invited, never logged in
    subbed = factories.make_member(chapter, "Pim")
    AbsenceNotice.objects.create(meeting=meeting, member=subbed, substitute_name="Sam Vervanger")
    # Alice checked in; Carol expected, not checked in; Pim's substitute comes; the rest are not in it.
    assert _round(meeting) == [("Alice", False), ("Carol", True), ("Pim", True)]
    chapter.absences_before_activation = True
    chapter.save()
    meeting.refresh_from_db()
    assert [name for name, _ in _round(meeting)] == ["Alice", "Carol", "Otto", "Pim"]


def _to_round(meeting):
    m = step(meeting, "start")
    return step(m, "next", 3)  # welcome → the round


def test_leaving_a_member_nobody_checked_in_records_them(meeting, world):
    subbed = factories.make_member(world.chapter, "Zoe")
    AbsenceNotice.objects.create(meeting=meeting, member=subbed, substitute_name="Sam Vervanger")
    m = _to_round(meeting)
    assert m.runner_presenter == world.alice
    m = step(m, "next", 5)  # Alice presented: is here
    m = step(m, "skip", 6)  # Bob: absent
    m = step(m, "late", 8)  # Carol: came in late
    assert m.runner_presenter == subbed
    m = step(m, "skip", 9)  # Zoe's announced substitute did not speak: still S, as at completion
    assert m.runner_item.title == "Hoofdpresentatie"
    statuses = dict(meeting.attendances.values_list("member__first_name", "status"))
    assert statuses == {"Alice": "P", "Bob": "A", "Carol": "L", "Zoe": "S"}
    assert meeting.attendances.get(member=subbed).substitute_name == "Sam Vervanger"


def test_skipping_a_member_checked_in_at_the_door_keeps_their_record(meeting, world):
    Attendance.objects.create(meeting=meeting, member=world.alice, status=AttendanceStatus.PRESENT)
    m = _to_round(meeting)
    m = step(m, "skip", 5)
    assert m.runner_presenter == world.bob
    assert meeting.attendances.get(member=world.alice).status == "P"


def _palms(chapter, meeting):
    day = meeting.scheduled_on
    rows = palms_report(chapter, Period(day, day))["rows"]
    return {row.first_name: tuple(getattr(row, key) for key in PALMS_KEYS) for row in rows}


def _chapter_with_five(name):
    chapter = factories.make_chapter(name=name)
    leader = factories.make_member(chapter, "Leo")
    people = {first: factories.make_member(chapter, first) for first in ["Ann", "Ben", "Cas", "Dirk"]}
    factories.make_member(chapter, "Eva", password=make_password(None))  # not activated
    meeting = make_meeting(chapter, starts_at=T0)
    add_agenda(meeting)
    AbsenceNotice.objects.create(meeting=meeting, member=people["Dirk"], substitute_name="Sam Vervanger")
    return chapter, leader, people, meeting


def test_a_meeting_run_from_the_runner_alone_gives_the_record_of_a_door_check_in(db):
    # At the door: Ann, Cas and Leo checked in before the start, Ben never came, Dirk sent Sam.
    door_chapter, leader, people, door = _chapter_with_five("Aan de deur")
    before = T0 - datetime.timedelta(minutes=5)
    for member in (leader, people["Ann"], people["Cas"]):
        attendance_check_in(meeting=door, member=member, by=leader, now=before)
    step(_to_round(door), "next", 4)
    meeting_record_complete(meeting=door, by=leader, now=T0 + datetime.timedelta(minutes=1))

    # The same meeting run from the runner alone, in name order: Ann, Ben, Cas, Dirk (S), Leo.
    run_chapter, leader, people, run = _chapter_with_five("Alleen de runner")
    m = _to_round(run)
    for seconds, action in enumerate(["next", "skip", "next", "next", "next"], start=4):
        m = meeting_runner_step(
            meeting=m,
            action=action,
            version=m.runner_version,
            now=T0 + datetime.timedelta(seconds=seconds),
            by=leader,
        )
    assert m.runner_item.title == "Hoofdpresentatie"
    meeting_record_complete(meeting=run, by=leader, now=T0 + datetime.timedelta(minutes=1))

    expected = {
        "Ann": (1, 0, 0, 0, 0),
        "Ben": (0, 1, 0, 0, 0),
        "Cas": (1, 0, 0, 0, 0),
        "Dirk": (0, 0, 0, 0, 1),
        "Eva": (0, 0, 0, 0, 0),  # not activated: neither in the round nor charged
        "Leo": (1, 0, 0, 0, 0),
    }
    assert {name: figures[:5] for name, figures in _palms(run_chapter, run).items()} == expected
    assert _palms(run_chapter, run) == _palms(door_chapter, door)


def test_completion_charges_no_absence_to_new_or_unactivated_members(meeting, world):
    newbie = factories.make_member(world.chapter, "Noor", password=make_password(None))
    later = factories.make_member(world.chapter, "Nina")
    Membership.objects.filter(user=later).update(starts_on=meeting.scheduled_on + datetime.timedelta(days=1))
    meeting_record_complete(meeting=meeting, by=world.carol, now=T0 + datetime.timedelta(minutes=1))
    charged = set(meeting.attendances.values_list("member__first_name", flat=True))
    assert charged == {"Alice", "Bob", "Carol"}
    assert not meeting.attendances.filter(member__in=[newbie, later]).exists()


def test_a_chapter_may_charge_members_who_have_not_activated_their_account(meeting, world):
    world.chapter.absences_before_activation = True
    world.chapter.save()
    newbie = factories.make_member(world.chapter, "Noor", password=make_password(None))
    meeting.refresh_from_db()
    meeting_record_complete(meeting=meeting, by=world.carol, now=T0 + datetime.timedelta(minutes=1))
    assert meeting.attendances.get(member=newbie).status == AttendanceStatus.ABSENT


def test_the_runner_page_asks_about_a_member_nobody_checked_in(client, carol, meeting, world):
    client.force_login(carol)
    url = f"/c/{meeting.chapter.slug}/meetings/{meeting.pk}/run/"
    m = _to_round(meeting)
    page = client.get(url).content.decode()
    assert "Nog niet ingecheckt" in page and "Is er: volgende" in page and "Afwezig: overslaan" in page
    client.post(url + "step/", {"action": "skip", "version": m.runner_version})
    alice = meeting.attendances.get(member=world.alice)
    assert alice.status == AttendanceStatus.ABSENT and alice.recorded_by == carol


def test_back_returns_to_a_member_skipped_as_absent_and_next_corrects_it(meeting, world):
    m = _to_round(meeting)
    m = step(m, "next", 4)  # Alice is here
    m = step(m, "skip", 5)  # Bob: absent (a mistake)
    assert m.runner_presenter == world.carol
    m = step(m, "back", 6)
    assert m.runner_presenter == world.bob
    state = runner_state(m)
    assert state["presenter"].absent and state["presenter"].to_confirm
    m = step(m, "next", 7)  # he is here after all
    assert m.runner_presenter == world.carol
    assert meeting.attendances.get(member=world.bob).status == AttendanceStatus.PRESENT


def test_the_member_card_shows_whom_exactly_the_member_asks_for(client, carol, meeting, world):
    from_every_member = {"weekly_ask": "Een introductie", "ask_who": "Facility managers in Utrecht"}
    type(world.alice).objects.filter(pk__in=[world.alice.pk, world.bob.pk, carol.pk]).update(
        **from_every_member
    )
    client.force_login(carol)
    _to_round(meeting)
    page = client.get(f"/c/{meeting.chapter.slug}/meetings/{meeting.pk}/run/").content.decode()
    assert 'data-testid="runner-ask-who"' in page and "Facility managers in Utrecht" in page


def test_the_round_goes_by_first_then_last_name_whatever_their_case_or_accents(meeting, world):
    names = [("émile", "Zand"), ("Eva", "de Bruin"), ("eva", "Akker"), ("Zoë", "Berg"), ("anna", "Smit")]
    for first, last in names:
        factories.make_member(world.chapter, first, last_name=last)
    presenters = runner_presenters(meeting)
    keys = [(p.user.first_name.lower(), p.user.last_name.lower(), p.user.pk) for p in presenters]
    assert keys == sorted(keys)
    assert [p.user.first_name for p in presenters][:3] == ["Alice", "anna", "Bob"]
    m = _to_round(meeting)
    seen = []
    while m.runner_presenter_id is not None:
        seen.append(m.runner_presenter_id)
        m = step(m, "next", 4)
    assert seen == [p.user.pk for p in presenters]  # "next" walks the same order the page lists


def test_each_section_keeps_the_time_it_really_took(meeting):
    m = step(meeting, "start")
    m = step(m, "next", 7)  # the welcome took 7 s
    m = step(m, "skip", 8)  # Alice, Bob and Carol: the round runs on member by member
    m = step(m, "next", 9)
    m = step(m, "next", 10)
    m = step(m, "back", 11)  # back into the round from the feature: its start is cleared
    feature = m.agenda_items.get(title="Hoofdpresentatie")
    assert feature.started_at is None and m.runner_presenter is not None
    m = step(m, "next", 12)
    m = step(m, "skip", 20)  # the feature skipped after 8 s
    items = {item.title: item for item in m.agenda_items.all()}
    assert items["Welkom"].actual_seconds == 7 and not items["Welkom"].skipped
    assert items["60 seconden"].actual_seconds == 12 - 11  # re-entered at 11 with "back", left at 12
    assert items["Hoofdpresentatie"].actual_seconds == 8 and items["Hoofdpresentatie"].skipped
    assert m.closed_at == T0 + datetime.timedelta(seconds=20)


@pytest.mark.django_db(transaction=True)
def test_two_leaders_tapping_at_the_same_moment_advance_the_runner_once(world):
    meeting = make_meeting(world.chapter, starts_at=T0)
    add_agenda(meeting)
    m = step(meeting, "start")
    screens = [Meeting.objects.select_related("chapter").get(pk=m.pk) for _ in range(2)]
    barrier, outcomes = threading.Barrier(2), []

    def tap(screen):
        barrier.wait()
        try:
            meeting_runner_step(meeting=screen, action="next", version=screen.runner_version, now=T0)
            outcomes.append("stepped")
        except StaleStep:
            outcomes.append("told it had moved on")
        finally:
            connection.close()

    threads = [threading.Thread(target=tap, args=(screen,)) for screen in screens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["stepped", "told it had moved on"]
    m.refresh_from_db()
    assert m.runner_version == screens[0].runner_version + 1 and m.runner_item.title == "60 seconden"
