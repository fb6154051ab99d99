import pytest
from hypothesis import given
from hypothesis import strategies as st

from chapters.forms.meetings import DurationField, parse_duration
from chapters.models import AgendaKind, MeetingAgendaItem
from chapters.selectors.agenda import agenda_plan, format_seconds
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
