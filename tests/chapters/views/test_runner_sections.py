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
