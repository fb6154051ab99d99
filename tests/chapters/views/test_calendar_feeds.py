"""Calendar feed links are each member's own: they stop working when that member leaves the
chapter, and a member can renew them."""

import re

from auditlog.context import set_actor
from django.test import Client

from chapters.models import RotaSlot
from chapters.services.calendar_tokens import calendar_token_for
from members.services.memberships import membership_drop
from tests.chapters.helpers import make_meeting


def _feed_links(client: Client, member) -> tuple[str, str]:
    """(personal feed, chapter feed) paths, as the member's calendar page shows them."""
    client.force_login(member)
    content = client.get("/me/absences/").content.decode()
    client.logout()
    personal = re.search(r'id="member-feed" value="https?://[^/]+(/ical/member/[^"]+)"', content).group(1)
    chapter = re.search(r'id="chapter-feed" value="https?://[^/]+(/ical/chapter/[^"]+)"', content).group(1)
    return personal, chapter


def test_a_former_members_chapter_feed_stops_working_and_a_current_members_keeps_working(
    client: Client, world
):
    make_meeting(world.chapter, venue="Geheime Zaal", online_url="https://meet.example/domstad")
    _, bobs_feed = _feed_links(client, world.bob)
    _, alices_feed = _feed_links(client, world.alice)
    assert bobs_feed != alices_feed
    assert "Geheime Zaal" in client.get(bobs_feed).content.decode()

    with set_actor(world.carol):
        membership_drop(membership=world.bob.memberships.get(), reason="Stopt")

    response = client.get(bobs_feed)
    assert response.status_code in (404, 410)
    assert b"Geheime Zaal" not in response.content and b"meet.example" not in response.content
    assert "Geheime Zaal" in client.get(alices_feed).content.decode()


def test_the_chapter_wide_link_of_before_no_longer_exists(client: Client, world):
    """Every link is a member's: two members never share one, so no link outlives its member."""
    links = {_feed_links(client, member)[1] for member in (world.alice, world.bob, world.carol)}
    assert len(links) == 3


def test_renewing_replaces_both_links(client: Client, world):
    make_meeting(world.chapter, venue="Geheime Zaal")
    old_personal, old_chapter = _feed_links(client, world.alice)
    client.force_login(world.alice)

    response = client.post("/me/calendar/renew/")

    assert response.status_code == 302
    client.logout()
    new_personal, new_chapter = _feed_links(client, world.alice)
    assert {new_personal, new_chapter}.isdisjoint({old_personal, old_chapter})
    assert client.get(old_personal).status_code == 404
    assert client.get(old_chapter).status_code == 404
    assert "Geheime Zaal" in client.get(new_chapter).content.decode()
    assert "Geheime Zaal" in client.get(new_personal).content.decode()


def test_calendar_feeds_list_the_meetings_and_my_turns(client, world):
    meeting = make_meeting(world.chapter)
    RotaSlot.objects.create(meeting=meeting, kind="feature", member=world.alice)
    chapter_token = calendar_token_for(user=world.alice, chapter=world.chapter).token
    member_token = calendar_token_for(user=world.alice).token
    body = client.get(f"/ical/chapter/{chapter_token}.ics").content.decode()
    assert body.count("BEGIN:VEVENT") == 1
    member_body = client.get(f"/ical/member/{member_token}.ics").content.decode()
    assert "feature" in member_body or "hoofdpresentatie" in member_body.lower()
    assert client.get("/ical/member/wrong.ics").status_code == 404
