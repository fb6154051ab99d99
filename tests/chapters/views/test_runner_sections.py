import datetime

from chapters.models import RotaKind, RotaSlot
from chapters.services.runner import meeting_runner_step
from chapters.services.visitors import visitor_check_in
from tests.chapters.helpers import add_agenda, make_meeting, make_visitor
from tests.chapters.selectors.test_runner_sections import FULL_AGENDA, thanks
from tests.referrals.helpers import own_business


def test_every_section_of_the_runner_shows_the_chapters_data(client, world, carol):
    world.alice.weekly_ask = "Kennismaking met HR-managers"
    world.alice.save()
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(minutes=1))
    add_agenda(meeting, FULL_AGENDA)
    RotaSlot.objects.create(meeting=meeting, kind=RotaKind.FEATURE, member=world.alice)
    RotaSlot.objects.create(meeting=meeting, kind=RotaKind.EDUCATION, member=world.bob)
    visitor_check_in(visitor=make_visitor(meeting, "Vera", invited_by=world.bob), kind="visitor", by=carol)
    own_business(world.alice, world.bob)
    thanks(world.carol, world.alice, "1250")
    client.force_login(carol)
    url = f"/c/{world.chapter.slug}/meetings/{meeting.pk}/run/"

    def step(action="next") -> str:
        meeting.refresh_from_db()
        meeting_runner_step(meeting=meeting, action=action, version=meeting.runner_version, by=carol)
        return client.get(url).content.decode()

    step("start")
    guests = step()
    assert "Vera Gast" in guests and "Uitgenodigd door Bob" in guests and "Notaris" in guests
    education = step()
    assert 'data-testid="runner-speaker"' in education and world.bob.full_name in education
    feature = step()
    assert world.alice.full_name in feature and "Kennismaking met HR-managers" in feature
    referrals = step()
    assert "1 referral doorgegeven sinds de vorige bijeenkomst" in referrals and "€ 1.250" in referrals


def test_goals_set_before_the_meeting_are_shown_against_the_result_at_the_close(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(minutes=1))
    add_agenda(meeting, FULL_AGENDA[:1])
    client.force_login(carol)
    detail = f"/c/{world.chapter.slug}/meetings/{meeting.pk}/"
    html = client.get(detail).content.decode()
    assert 'name="goal_visitors"' in html and 'name="goal_one_to_ones"' in html
    response = client.post(
        detail + "goals/", {"goal_visitors": "1", "goal_referrals": "3", "goal_one_to_ones": ""}
    )
    assert response.status_code == 302 and response["Location"] == detail
    meeting.refresh_from_db()
    assert (meeting.goal_visitors, meeting.goal_referrals, meeting.goal_one_to_ones) == (1, 3, None)
    client.post(detail + "goals/", {"goal_visitors": "-4", "goal_referrals": "x"})  # refused, unchanged
    meeting.refresh_from_db()
    assert meeting.goal_visitors == 1

    visitor_check_in(visitor=make_visitor(meeting, "Vera", invited_by=world.bob), kind="visitor", by=carol)
    own_business(world.alice, world.bob)
    for action in ("start", "next"):
        meeting.refresh_from_db()
        meeting_runner_step(meeting=meeting, action=action, version=meeting.runner_version, by=carol)
    closing = client.get(detail + "run/").content.decode()
    assert "✓ doel 1" in closing and "doel 3" in closing and "✓ doel 3" not in closing
    summary = client.get(detail).content.decode()
    assert 'data-testid="meeting-numbers"' in summary and 'data-testid="actual-time"' in summary
