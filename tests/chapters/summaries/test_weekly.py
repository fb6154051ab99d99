"""The weekly summary: once per member per meeting, in their language, with working links."""

import datetime
import email
import email.policy
import re
import smtplib
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone, translation

from chapters.models import Chapter, Meeting, RotaKind, RotaSlot
from chapters.summaries.weekly import (
    SUMMARY_KIND,
    meetings_due,
    send_time,
    send_weekly_summary,
    summaries_send_due,
    summary_for,
    summary_recipients,
)
from members.models import Delivery, MailPreference, MailTopic, SentMail, User
from tests.chapters.helpers import make_meeting
from tests.referrals.helpers import own_business


def _parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def _summaries(outbox) -> list:
    return [message for message in outbox if message.extra_headers.get("X-Kring-Mail") == SUMMARY_KIND]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO(), verbosity=0)
    # Every demo chapter sends a week ahead, so its next meeting's summary is due now.
    Chapter.objects.update(summary_hours_before=168)
    # A few members read English.
    english = list(User.objects.filter(memberships__status="active").order_by("pk")[::4])
    User.objects.filter(pk__in=[user.pk for user in english]).update(language="en")
    return english


def _expected_recipients() -> dict[str, User]:
    expected = {}
    for meeting in meetings_due(timezone.now()):
        for user in summary_recipients(meeting):
            expected[user.email] = user
    return expected


def test_the_jobs_twice_on_the_demo_data_send_every_active_member_one_summary(demo, mailoutbox):
    call_command("daily_jobs", verbosity=0)
    call_command("daily_jobs", verbosity=0)

    summaries = _summaries(mailoutbox)
    expected = _expected_recipients()
    assert len(expected) > 10
    addresses = [message.to[0] for message in summaries]
    assert sorted(addresses) == sorted(expected), "one summary per active member, none twice"
    assert SentMail.objects.filter(kind=SUMMARY_KIND).count() == len(expected)

    english_addresses = {user.email for user in demo}
    for message in summaries:
        parsed = _parsed(message)
        text = parsed.get_body(("plain",)).get_content()
        html = parsed.get_body(("html",)).get_content()
        assert parsed["List-Unsubscribe"].startswith(f"<{settings.SITE_URL}/unsubscribe/")
        assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        if message.to[0] in english_addresses:
            assert text.startswith("Hello ") and "See the meeting" in html
        else:
            assert text.startswith("Hallo ") and "Bekijk de bijeenkomst" in html


def test_every_link_in_a_summary_opens_for_its_member(demo, mailoutbox):
    call_command("send_weekly_summaries", verbosity=0)
    summaries = _summaries(mailoutbox)
    checked = set()
    for message in summaries[:12]:
        member = User.objects.get(email=message.to[0])
        client = Client()
        client.force_login(member)
        html = _parsed(message).get_body(("html",)).get_content()
        links = set(re.findall(r'href="([^"]+)"', html))
        assert links, "a summary links to something"
        for link in links:
            assert link.startswith(settings.SITE_URL), link
            path = link.removeprefix(settings.SITE_URL).replace("&amp;", "&")
            assert client.get(path).status_code == 200, path
            checked.add(path.split("?")[0].rstrip("/").rsplit("/", 1)[0])
    assert len(checked) >= 3


def _meeting_tomorrow(world) -> Meeting:
    starts = timezone.localtime(timezone.now(), world.chapter.zone) + datetime.timedelta(days=1)
    return make_meeting(world.chapter, starts_at=starts.replace(hour=7, minute=0, second=0, microsecond=0))


def test_the_default_is_the_evening_before_at_six_in_the_chapters_zone(world):
    meeting = _meeting_tomorrow(world)
    local = timezone.localtime(send_time(meeting), world.chapter.zone)
    assert (local.hour, local.minute) == (18, 0)
    assert local.date() == timezone.localtime(
        meeting.starts_at, world.chapter.zone
    ).date() - datetime.timedelta(days=1)
    world.chapter.summary_hours_before = 3
    assert meeting.starts_at - send_time(meeting) == datetime.timedelta(hours=3)


def test_nothing_is_sent_before_its_time(world, mailoutbox):
    meeting = _meeting_tomorrow(world)
    summaries_send_due(now=send_time(meeting) - datetime.timedelta(minutes=1))
    assert not _summaries(mailoutbox)
    run = summaries_send_due(now=send_time(meeting) + datetime.timedelta(minutes=1))
    assert run.queued == len(summary_recipients(meeting)) and _summaries(mailoutbox)


def test_a_member_who_switched_the_summary_off_gets_none(world, mailoutbox):
    meeting = _meeting_tomorrow(world)
    MailPreference.objects.create(user=world.alice, topic=MailTopic.SUMMARY, delivery=Delivery.OFF)
    summaries_send_due(now=send_time(meeting))
    assert world.alice.email not in [message.to[0] for message in _summaries(mailoutbox)]
    assert world.bob.email in [message.to[0] for message in _summaries(mailoutbox)]


def test_a_member_without_email_is_skipped_and_listed_for_the_president(world, mailoutbox, client):
    meeting = _meeting_tomorrow(world)
    User.objects.filter(pk=world.bob.pk).update(email="")
    run = summaries_send_due(now=send_time(meeting))
    assert [user.pk for user in run.without_email] == [world.bob.pk]
    client.force_login(world.carol)
    page = client.get(f"/c/{world.chapter.slug}/summary/").content.decode()
    assert "Bob" in page.split('data-testid="without-email"')[1]


def test_items_are_short_and_in_the_members_language(world):
    meeting = _meeting_tomorrow(world)
    RotaSlot.objects.create(meeting=meeting, kind=RotaKind.FEATURE, member=world.alice)
    own_business(world.bob, world.alice)
    with translation.override("en"):
        summary = summary_for(user=world.alice, meeting=meeting)
    texts = [item.text for item in summary.items]
    assert len(texts) <= 6
    assert "1 referral waits for you." in texts
    assert any(text.startswith("Your turn at this meeting") for text in texts)


def test_a_giver_who_never_asks_gets_one_gentle_sentence(world):
    meeting = _meeting_tomorrow(world)
    for n in range(3):
        own_business(world.alice, world.bob, need=f"Vraag {n}")
    with translation.override("en"):
        summary = summary_for(user=world.alice, meeting=meeting)
    assert summary.balance is not None and "asking is fine" in summary.balance.text
    assert "3" not in summary.balance.text  # a sentence, never a ledger
    assert summary_for(user=world.alice, meeting=meeting, personal=False).balance is None


class DownMailServer(BaseEmailBackend):
    """A mail backend whose server is down."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("connection refused")


@override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}})
def test_a_mail_server_that_is_down_leaves_no_log_and_retries_later(world, settings):
    meeting = _meeting_tomorrow(world)
    settings.MAILERS = {"default": {"BACKEND": "tests.chapters.summaries.test_weekly.DownMailServer"}}
    before = timezone.now()
    assert send_weekly_summary.call(user_id=world.alice.pk, meeting_id=meeting.pk) is False
    assert not SentMail.objects.exists()
    (retry,) = send_weekly_summary.get_backend().results
    assert retry.kwargs["attempt"] == 1
    assert retry.task.run_after >= before + datetime.timedelta(minutes=5)


def test_a_second_task_for_the_same_member_and_meeting_sends_nothing(world, mailoutbox):
    meeting = _meeting_tomorrow(world)
    assert send_weekly_summary.call(user_id=world.alice.pk, meeting_id=meeting.pk) is True
    assert send_weekly_summary.call(user_id=world.alice.pk, meeting_id=meeting.pk) is False
    assert len(mail.outbox) == 1
