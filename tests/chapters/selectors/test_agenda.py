import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chapters.forms.meetings import DurationField, parse_duration
from chapters.models import AgendaKind, Meeting, MeetingAgendaItem
from chapters.selectors.agenda import agenda_plan, format_seconds, scaled_seconds
from chapters.selectors.runner import agenda_fit, runner_state
from chapters.services.schedule import meeting_agenda_scale
from tests.chapters.helpers import add_agenda, make_meeting, make_template


@pytest.mark.parametrize(
    ("text", "seconds"), [("5:00", 300), ("0:45", 45), ("45", 45), ("15:00", 900), ("1:05", 65)]
)
def test_durations_are_read_as_minutes_and_seconds(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["-1:00", "0:00", "0", "5:75", "abc", "1:2:3"])
def test_bad_durations_give_a_form_error(text):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        DurationField().clean(text)


@given(st.integers(min_value=1, max_value=59 * 60 + 59))
def test_a_formatted_duration_reads_back_the_same(seconds):
    assert parse_duration(format_seconds(seconds)) == seconds


def test_the_members_round_lasts_its_time_per_member_times_the_members_present(world):
    meeting = make_meeting(world.chapter)
    add_agenda(meeting)  # 3 s welcome, 2 s per member, 3 s feature
    plan, total = agenda_plan(list(meeting.agenda_items.all()), presenter_count=3)
    assert [(p.seconds, p.offset) for p in plan] == [(3, 0), (6, 3), (3, 9)]
    assert total == 12


def test_a_template_with_a_negative_duration_is_refused(client, carol, world):
    template = make_template(world.chapter)
    client.force_login(carol)
    url = f"/c/{world.chapter.slug}/agenda-templates/{template.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    items = list(template.items.all())
    data = {
        "name": "Standaard",
        "is_default": "on",
        "items-TOTAL_FORMS": len(items) + 2,
        "items-INITIAL_FORMS": len(items),
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
    }
    for i, item in enumerate(items):
        data.update(
            {
                f"items-{i}-id": item.pk,
                f"items-{i}-template": template.pk,
                f"items-{i}-order": item.order,
                f"items-{i}-title": item.title,
                f"items-{i}-kind": item.kind,
                f"items-{i}-planned": "-5:00" if i == 0 else "1:00",
            }
        )
    for extra in range(len(items), len(items) + 2):  # the empty rows as the page renders them
        data.update({f"items-{extra}-order": 0, f"items-{extra}-kind": "normal", f"items-{extra}-title": ""})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "langer dan nul" in response.content.decode()
    data["items-0-planned"] = "4:30"
    assert client.post(url, data).status_code == 302
    assert template.items.order_by("order").first().planned_seconds == 270


def test_editing_one_weeks_agenda_leaves_the_template_alone(client, carol, world):
    template = make_template(world.chapter)
    meeting = make_meeting(world.chapter)
    from chapters.services.schedule import agenda_copy_from_template

    agenda_copy_from_template(meeting=meeting, template=template)
    item = meeting.agenda_items.first()
    client.force_login(carol)
    data = {
        "agenda_items-TOTAL_FORMS": 1,
        "agenda_items-INITIAL_FORMS": 1,
        "agenda_items-MIN_NUM_FORMS": 0,
        "agenda_items-MAX_NUM_FORMS": 1000,
        "agenda_items-0-id": item.pk,
        "agenda_items-0-meeting": meeting.pk,
        "agenda_items-0-order": 1,
        "agenda_items-0-title": "Welkom door de gastspreker",
        "agenda_items-0-kind": AgendaKind.NORMAL,
        "agenda_items-0-planned": "2:00",
    }
    response = client.post(f"/c/{world.chapter.slug}/meetings/{meeting.pk}/agenda/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert MeetingAgendaItem.objects.get(pk=item.pk).title == "Welkom door de gastspreker"
    assert template.items.first().title == "Welkom"


# --- The agenda fits the meeting ------------------------------------------------------------------


def test_an_agenda_that_fits_is_left_alone():
    assert scaled_seconds([600, 300], 900) == [600, 300]


def test_sections_shrink_in_proportion():
    assert scaled_seconds([600, 1200, 1800], 1800) == [300, 600, 900]


def test_scaled_sections_are_quarter_minutes_and_fill_what_is_available():
    seconds = [100, 200, 333, 1000]
    scaled = scaled_seconds(seconds, 500)
    assert all(s % 15 == 0 for s in scaled)
    assert 500 - 15 < sum(scaled) <= 500
    assert all(new <= old for new, old in zip(scaled, seconds, strict=True))
    assert scaled == sorted(scaled)  # the order of lengths stays


def test_a_short_section_keeps_its_length_and_a_hopeless_fit_is_refused():
    assert scaled_seconds([5, 3000], 600) == [5, 585]
    with pytest.raises(ValueError):
        scaled_seconds([600, 600], 20)


def test_a_short_meeting_gets_the_agenda_scaled_but_the_round_keeps_its_time_per_member(world):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(days=1))
    meeting.ends_at = meeting.starts_at + datetime.timedelta(minutes=15)
    meeting.save()
    add_agenda(
        meeting,
        [
            ("Open netwerken", AgendaKind.OPEN_NETWORKING, 30 * 60),
            ("60 seconden", AgendaKind.MEMBER_PRESENTATIONS, 60),
            ("Hoofdpresentatie", AgendaKind.FEATURE_PRESENTATION, 10 * 60),
            ("Referrals", AgendaKind.REFERRALS, 20 * 60),
        ],
    )
    fit = agenda_fit(meeting)
    assert fit.round_seconds == 3 * 60  # Alice, Bob and Carol
    assert fit.overrun == 63 * 60 - 15 * 60 and fit.scalable
    assert runner_state(meeting)["overrun_seconds"] == fit.overrun
    meeting_agenda_scale(meeting=meeting)
    lengths = dict(meeting.agenda_items.values_list("title", "planned_seconds"))
    assert lengths["60 seconden"] == 60
    assert lengths == {"Open netwerken": 360, "60 seconden": 60, "Hoofdpresentatie": 120, "Referrals": 240}
    assert agenda_fit(meeting).overrun == 0
    state = runner_state(meeting)
    assert state["overrun_seconds"] == 0 and state["planned_end"] == meeting.ends_at


def test_the_meeting_page_warns_and_scales_only_when_confirmed(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(days=1))
    Meeting.objects.filter(pk=meeting.pk).update(ends_at=meeting.starts_at + datetime.timedelta(minutes=15))
    add_agenda(
        meeting, [("Welkom", AgendaKind.NORMAL, 20 * 60), ("Referrals", AgendaKind.REFERRALS, 20 * 60)]
    )
    client.force_login(carol)
    page = f"/c/{world.chapter.slug}/meetings/{meeting.pk}/"
    html = client.get(page).content.decode()
    assert "De agenda duurt 40:00, de bijeenkomst 15:00: 25:00 te lang." in html
    assert "Welkom: 20:00 → 7:30" in html
    client.post(page + "agenda/scale/", {})
    assert set(meeting.agenda_items.values_list("planned_seconds", flat=True)) == {1200}
    client.post(page + "agenda/scale/", {"confirm": "yes"})
    assert set(meeting.agenda_items.values_list("planned_seconds", flat=True)) == {450}
    assert "te lang" not in client.get(page).content.decode()


@given(st.lists(st.integers(min_value=1, max_value=3600), min_size=1, max_size=12), st.integers(0, 20000))
def test_scaling_never_overruns_never_lengthens_and_uses_what_it_can(seconds, available):
    try:
        scaled = scaled_seconds(seconds, available)
    except ValueError:
        assert sum(min(15, s) for s in seconds) > available
        return
    assert sum(scaled) <= max(available, 0) or sum(seconds) <= available
    assert all(0 < new <= old for new, old in zip(scaled, seconds, strict=True))
    if sum(seconds) > available:
        # Nothing can take another quarter minute without passing the end or its own length.
        assert all(
            sum(scaled) + 15 > available or new + 15 > old for new, old in zip(scaled, seconds, strict=True)
        )
