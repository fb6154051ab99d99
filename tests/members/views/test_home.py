from chapters.models import RotaSlot
from tests.chapters.helpers import make_meeting


def test_the_member_home_shows_the_next_meeting_and_my_turn(client, world):
    meeting = make_meeting(world.chapter)
    RotaSlot.objects.create(meeting=meeting, kind="feature", member=world.alice)
    client.force_login(world.alice)
    html = client.get("/").content.decode()
    assert 'data-testid="next-meeting-panel"' in html
    assert "Hotel Karel V" in html
    assert "/me/absences/" in html
