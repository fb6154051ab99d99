"""The president's preview of the weekly summary and the test send to themselves."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from members.models import SentMail
from members.tokens import unsubscribe_payload
from tests.chapters.helpers import make_meeting
from tests.referrals.helpers import own_business


def _next_meeting(world):
    return make_meeting(world.chapter, starts_in=datetime.timedelta(days=3))


def test_the_president_sees_a_members_summary_in_that_members_language(world, client):
    _next_meeting(world)
    world.alice.language = "en"
    world.alice.save(update_fields=["language"])
    own_business(world.bob, world.alice)
    client.force_login(world.carol)
    url = reverse("summary_preview", args=[world.chapter.slug])
    page = client.get(url, {"member": world.alice.pk}).content.decode()
    assert "1 referral waits for you." in page
    assert "only the member sees it" in page or "ziet alleen het lid zelf" in page
    assert client.get(url, {"member": "nonsense"}).status_code == 200


def test_a_member_cannot_open_the_preview(world, client):
    _next_meeting(world)
    client.force_login(world.alice)
    assert client.get(reverse("summary_preview", args=[world.chapter.slug])).status_code == 403


def test_the_test_send_asks_first_then_sends_once_to_the_president(world, client, mailoutbox):
    _next_meeting(world)
    client.force_login(world.carol)
    url = reverse("summary_test", args=[world.chapter.slug])
    confirm = client.post(url, {"member": world.alice.pk})
    assert confirm.status_code == 200 and not mailoutbox
    assert 'name="confirm" value="yes"' in confirm.content.decode()

    assert client.post(url, {"member": world.alice.pk, "confirm": "yes"}).status_code == 302
    assert client.post(url, {"member": world.alice.pk, "confirm": "yes"}).status_code == 302  # double click
    assert [message.to for message in mailoutbox] == [[world.carol.email]]
    assert "Alice" in mailoutbox[0].body
    assert not SentMail.objects.exists(), "a test is not the member's summary"
    token = re.search(r"/unsubscribe/([^/\s]+)/", mailoutbox[0].body).group(1)
    assert unsubscribe_payload(token) == (world.carol.pk, "summary"), "the test carries my own link"


def test_without_a_coming_meeting_the_preview_says_so(world, client):
    make_meeting(world.chapter, starts_at=timezone.now() - datetime.timedelta(days=1))
    client.force_login(world.carol)
    page = client.get(reverse("summary_preview", args=[world.chapter.slug])).content.decode()
    assert "no coming meeting" in page or "geen komende bijeenkomst" in page
